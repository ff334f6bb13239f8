"""The split of an amount among paying States (budgets.contributions.assessment): the
amounts add up exactly to the amount assessed, the floor and the ceiling hold, and
without a binding bound a larger UN rate never pays less."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from budgets.contributions.assessment import (
    AssessmentImpossible,
    assess,
    ceiling_amount,
)

CENT = Decimal("0.01")

# UN scale rates in percent with three decimals, from the minimum 0.001% to 22%.
rates_st = st.dictionaries(
    keys=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    values=st.integers(min_value=1, max_value=22000).map(lambda n: Decimal(n) / 1000),
    min_size=1,
    max_size=40,
)
totals_st = st.integers(min_value=1, max_value=10**11).map(lambda n: Decimal(n) / 100)


@settings(max_examples=300, deadline=None)
@given(
    rates=rates_st,
    total=totals_st,
    floor_cents=st.none() | st.integers(min_value=1, max_value=10**9),
    ceiling_permille=st.none() | st.integers(min_value=1, max_value=1000),
)
def test_it_splits_the_amount_exactly_within_the_floor_and_the_ceiling(
    rates, total, floor_cents, ceiling_permille
):
    floor = Decimal(floor_cents) / 100 if floor_cents is not None else None
    ceiling = Decimal(ceiling_permille) / 1000 if ceiling_permille is not None else None
    n = len(rates)
    # Only bounds that can be met (the service refuses the others, tested below).
    assume(floor is None or floor * n <= total)
    assume(ceiling is None or ceiling * total * n >= total)
    assume(floor is None or ceiling is None or floor <= ceiling * total)

    result = assess(rates, total, floor=floor, ceiling=ceiling)

    amounts = [share.amount for share in result.values()]
    assert sum(amounts) == total
    assert all(a == a.quantize(CENT) for a in amounts)
    if floor is not None:
        assert min(amounts) >= floor
    if ceiling is not None:
        assert max(amounts) <= ceiling_amount(total, ceiling)
    if not any(s.floor_applied or s.ceiling_applied for s in result.values()):
        # A larger rate never pays less (equal rates may differ by the cent).
        by_rate = sorted(rates, key=lambda k: (rates[k], result[k].amount))
        ordered = [result[k].amount for k in by_rate]
        assert ordered == sorted(ordered)


@settings(max_examples=200, deadline=None)
@given(rates=rates_st, total=totals_st)
def test_without_bounds_each_amount_is_its_rate_share_to_within_a_cent(rates, total):
    result = assess(rates, total)
    rate_sum = sum(rates.values())
    for key, share in result.items():
        exact = total * rates[key] / rate_sum
        assert abs(share.amount - exact) < CENT


def test_it_holds_the_largest_state_at_the_ceiling_and_spreads_the_excess():
    # Rates 50, 30, 20 (sum 100) of 1,000.00 with a 40% ceiling: A would pay 500;
    # it pays 400, and the 100 it frees goes to B and C pro rata 30:20.
    rates = {"A": Decimal(50), "B": Decimal(30), "C": Decimal(20)}
    result = assess(rates, Decimal("1000.00"), ceiling=Decimal("0.4"))
    assert result["A"].amount == Decimal("400.00")
    assert result["A"].ceiling_applied
    assert result["B"].amount == Decimal("360.00")
    assert result["C"].amount == Decimal("240.00")


def test_the_excess_is_redistributed_until_no_other_state_crosses_the_ceiling():
    # 50, 45, 5 with a 40% ceiling: A and B are both held at 400; C pays the rest.
    rates = {"A": Decimal(50), "B": Decimal(45), "C": Decimal(5)}
    result = assess(rates, Decimal("1000.00"), ceiling=Decimal("0.4"))
    assert [result[k].amount for k in "ABC"] == [
        Decimal("400.00"),
        Decimal("400.00"),
        Decimal("200.00"),
    ]


def test_a_floor_raises_the_smallest_and_the_others_pay_less_pro_rata():
    # 90, 9, 1 of 1,000 with a minimum of 50: C pays 50, A and B share 950 as 90:9.
    rates = {"A": Decimal(90), "B": Decimal(9), "C": Decimal(1)}
    result = assess(rates, Decimal("1000.00"), floor=Decimal("50.00"))
    assert result["C"].amount == Decimal("50.00")
    assert result["C"].floor_applied
    assert result["A"].amount == (Decimal(950) * 90 / 99).quantize(CENT)
    assert sum(s.amount for s in result.values()) == Decimal("1000.00")


def test_the_missing_cents_go_to_the_largest_remainders():
    # Three equal rates of 100.00: 33.333... each; the one missing cent goes to one
    # State (ties broken by name), and the total is exact.
    rates = {"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)}
    result = assess(rates, Decimal("100.00"))
    assert sorted(s.amount for s in result.values()) == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    ]


@pytest.mark.parametrize(
    ("floor", "ceiling", "message"),
    [
        (Decimal("400.00"), None, "minimum contribution"),
        (None, Decimal("0.3"), "maximum share"),
    ],
)
def test_it_refuses_bounds_that_cannot_be_met(floor, ceiling, message):
    rates = {"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)}
    with pytest.raises(AssessmentImpossible, match=message):
        assess(rates, Decimal("1000.00"), floor=floor, ceiling=ceiling)
