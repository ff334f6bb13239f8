"""How an amount is split among the paying States — pure functions, no database.

The adjusted UN scale: each paying State's share is its UN scale rate divided by
the sum of the rates of all paying States. A convention's financial rules may add
a minimum contribution (a floor, an amount) and a maximum share (a ceiling, a
share of the total, as the UN's own 22% ceiling). A State held at a bound pays
the bound; what the bound takes or frees is redistributed pro rata among the
others, and again, until no other State crosses a bound.

That stable point has a closed form: every State pays clamp(λ × rate, floor,
ceiling × total) for the one λ at which the amounts add up to the total. The sum
is piecewise linear and non-decreasing in λ, with corners where a State reaches
or leaves a bound, so λ is found exactly by walking the corners — no iteration
that could stop one step early, no floating point.

Then the amounts are rounded to the cent by the largest-remainder method, so the
invoices add up exactly to the amount assessed: each amount is rounded down, and
the cents still missing go one each to the States with the largest remainders.
"""

from __future__ import annotations

import decimal
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

CENT = Decimal("0.01")
# Enough digits that no rounding happens before the final one to the cent: 50
# significant digits for amounts below 10^12 and rates of 10^-5.
PRECISION = 50


class AssessmentImpossible(ValueError):
    """The bounds cannot be met: too many States for the floor, or too few for
    the ceiling. The message says which."""


@dataclass(frozen=True)
class Share:
    rate: Decimal
    share: Decimal  # of the total, before rounding (0..1)
    amount: Decimal  # rounded to the cent
    floor_applied: bool
    ceiling_applied: bool


def _clamp(value: Decimal, low: Decimal | None, high: Decimal | None) -> Decimal:
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def exact_amounts(
    rates: Mapping[Hashable, Decimal],
    total: Decimal,
    *,
    floor: Decimal | None = None,
    ceiling: Decimal | None = None,
) -> dict[Hashable, Decimal]:
    """Each State's amount before rounding: clamp(λ × rate, floor, ceiling × total)
    with λ such that the amounts add up to `total` exactly."""
    if not rates:
        raise AssessmentImpossible("There is no paying State to assess.")
    if any(rate <= 0 for rate in rates.values()):
        raise AssessmentImpossible("Every rate must be above zero.")
    if total <= 0:
        raise AssessmentImpossible("The amount to assess must be above zero.")
    n = len(rates)
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        cap = ceiling * total if ceiling is not None else None
        if floor is not None and floor * n > total:
            raise AssessmentImpossible(
                f"The minimum contribution ({floor}) for {n} States is more than "
                f"the amount to assess ({total})."
            )
        if cap is not None and cap * n < total:
            raise AssessmentImpossible(
                f"A maximum share of {ceiling} for {n} States cannot cover the "
                "amount to assess."
            )
        if floor is not None and cap is not None and floor > cap:
            raise AssessmentImpossible(
                "The minimum contribution is more than the maximum share."
            )

        def amounts_at(lam: Decimal) -> dict[Hashable, Decimal]:
            return {k: _clamp(lam * r, floor, cap) for k, r in rates.items()}

        if floor is None and cap is None:
            return amounts_at(total / sum(rates.values()))

        # The corners of the sum: where a State leaves the floor or reaches the
        # ceiling. Between two corners the sum is fixed + λ × (rates of the free).
        corners = {Decimal(0)}
        for rate in rates.values():
            if floor is not None:
                corners.add(floor / rate)
            if cap is not None:
                corners.add(cap / rate)
        corners_sorted = sorted(corners)
        # The solution lies in (lo, hi]: the last corner where the sum is still
        # short of the total, and the next one. Past the last corner every State
        # is at the ceiling, or free when there is none.
        lo = hi = corners_sorted[0]
        for corner in corners_sorted[1:]:
            hi = corner
            if sum(amounts_at(corner).values()) >= total:
                break
            lo = corner
        # Within [lo, next corner]: the States free just above `lo` scale with λ.
        probe = lo + (hi - lo) / 2 if hi > lo else lo + 1
        free_rates = Decimal(0)
        fixed = Decimal(0)
        for rate in rates.values():
            value = _clamp(probe * rate, floor, cap)
            if value == probe * rate:
                free_rates += rate
            else:
                fixed += value
        if free_rates == 0:
            # Every State sits at a bound and those bounds add up to the total.
            return amounts_at(probe)
        return amounts_at((total - fixed) / free_rates)


def largest_remainder(
    exact: Mapping[Hashable, Decimal],
    total: Decimal,
    *,
    order: Mapping[Hashable, Decimal] | None = None,
    last: set | None = None,
) -> dict[Hashable, Decimal]:
    """Round each amount to the cent so that they add up to `total` exactly.

    Every amount is rounded down; the cents still missing go one each to the
    largest remainders. Ties go to the larger `order` value (the rate), then to
    the key's order, so the result never depends on dictionary order. Keys in
    `last` (States held at the ceiling) get a missing cent only after all others,
    so the ceiling is crossed by less than a cent only where nothing else is
    possible.
    """
    last = last or set()
    order = order or {}
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        down = {k: v.quantize(CENT, rounding=ROUND_FLOOR) for k, v in exact.items()}
        missing = int(((total - sum(down.values())) / CENT).to_integral_value())
        ranked = sorted(
            exact,
            key=lambda k: (
                k in last,
                -(exact[k] - down[k]),
                -order.get(k, Decimal(0)),
                str(k),
            ),
        )
        if missing < 0 or missing > len(ranked):
            raise ArithmeticError("amounts do not add up to the total")
        for k in ranked[:missing]:
            down[k] += CENT
        return down


def assess(
    rates: Mapping[Hashable, Decimal],
    total: Decimal,
    *,
    floor: Decimal | None = None,
    ceiling: Decimal | None = None,
) -> dict[Hashable, Share]:
    """Each paying State's rate, share, amount to the cent and which bound holds
    it. The amounts add up to `total` exactly."""
    total = Decimal(total)
    if total != total.quantize(CENT):
        raise AssessmentImpossible("The amount to assess must be in whole cents.")
    if floor is not None and floor != floor.quantize(CENT):
        raise AssessmentImpossible("The minimum contribution must be in whole cents.")
    exact = exact_amounts(rates, total, floor=floor, ceiling=ceiling)
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        cap = ceiling * total if ceiling is not None else None
        at_ceiling = {k for k, v in exact.items() if cap is not None and v == cap}
        at_floor = {
            k
            for k, v in exact.items()
            if floor is not None and v == floor and k not in at_ceiling
        }
        rounded = largest_remainder(exact, total, order=rates, last=at_ceiling)
        return {
            k: Share(
                rate=rates[k],
                share=exact[k] / total,
                amount=rounded[k],
                floor_applied=k in at_floor,
                ceiling_applied=k in at_ceiling,
            )
            for k in rates
        }


def ceiling_amount(total: Decimal, ceiling: Decimal) -> Decimal:
    """The most a State may be asked, to the cent above (a ceiling of 22% of an
    amount that is not a multiple of 100 cents falls between two cents)."""
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        return (ceiling * total).quantize(CENT, rounding=ROUND_CEILING)
