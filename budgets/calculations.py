"""Derived figures of a budget. Pure functions of the stored inputs, so the page,
the API, the PDF and the Excel export show the same numbers.

Published rules reproduced here:
- social security = rate × salaries, rounded half-up to the whole currency unit
  (APMBC 2026: 19.5% of 568,386 = 110,835.27 → 110,835; CCM 2024: 20% of 348,103
  = 69,620.6 → 69,621), unless an explicit amount is given (an estimate), which wins;
- salaries = the published total where only a total is published, else the sum
  of the positions' salaries (the sum is kept beside a published total, so a page
  can show where the two differ);
- staff subtotal = salaries + social security; operations subtotal = the lines;
  total = both; coverage of a fund = balance ÷ total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from djmoney.money import Money

from ism.money import money_sum, round_half_up

ZERO = Decimal("0")


@dataclass(frozen=True)
class LineFigure:
    key: str  # stable identity for comparisons: category + label
    label: str
    category: str
    amount: Money


@dataclass(frozen=True)
class BudgetFigures:
    currency: str
    salaries: Money
    salaries_source: str  # "published total" | "positions"
    # The sum of the positions' salaries, whichever the total uses; None when no
    # position has a salary (APMBC 2026 publishes only the total).
    positions_salaries: Money | None
    social_security: Money
    social_security_source: str  # "explicit amount" | "rate" | "none"
    staff_subtotal: Money
    lines: list[LineFigure]
    operations_subtotal: Money
    total: Money
    total_fte: Decimal
    missions_count: int
    lines_by_key: dict[str, LineFigure] = field(repr=False, default_factory=dict)

    @property
    def salaries_difference(self) -> Money | None:
        """How far the published total is from the positions' salaries, where
        both are given and differ: the positions' salaries then change nothing in
        the total."""
        if self.salaries_source != "published total" or self.positions_salaries is None:
            return None
        difference = abs(self.salaries.amount - self.positions_salaries.amount)
        return Money(difference, self.currency) if difference else None


def mission_plan_cost(missions, currency: str) -> Money:
    return money_sum(
        (m.unit_cost * m.count for m in missions if m.unit_cost is not None), currency
    )


def social_security_of(budget, salaries: Money) -> tuple[Money, str]:
    if budget.social_security_amount is not None:
        return budget.social_security_amount, "explicit amount"
    if budget.social_security_rate is not None:
        amount = round_half_up(salaries.amount * budget.social_security_rate)
        return Money(amount, budget.currency), "rate"
    return Money(ZERO, budget.currency), "none"


def figures(budget, *, positions=None, lines=None, missions=None) -> BudgetFigures:
    """All derived figures. Pass prefetched rows to avoid queries (the page, API and
    PDF do); otherwise they are read from the budget's relations."""
    currency = budget.currency
    positions = list(budget.positions.all() if positions is None else positions)
    lines = list(budget.lines.all() if lines is None else lines)
    missions = list(budget.missions.all() if missions is None else missions)

    salaried = [p.salary for p in positions if p.salary is not None]
    positions_salaries = money_sum(salaried, currency) if salaried else None
    if budget.salaries_total is not None:
        salaries, salaries_source = budget.salaries_total, "published total"
    else:
        salaries = positions_salaries or Money(ZERO, currency)
        salaries_source = "positions"
    social_security, ss_source = social_security_of(budget, salaries)
    staff_subtotal = money_sum([salaries, social_security], currency)

    line_figures = []
    for line in lines:
        amount = (
            mission_plan_cost(missions, currency) if line.from_missions else line.amount
        )
        line_figures.append(
            LineFigure(
                key=f"{line.category}:{line.label.strip().lower()}",
                label=line.label,
                category=line.category,
                amount=amount,
            )
        )
    operations_subtotal = money_sum((f.amount for f in line_figures), currency)
    return BudgetFigures(
        currency=currency,
        salaries=salaries,
        salaries_source=salaries_source,
        positions_salaries=positions_salaries,
        social_security=social_security,
        social_security_source=ss_source,
        staff_subtotal=staff_subtotal,
        lines=line_figures,
        operations_subtotal=operations_subtotal,
        total=money_sum([staff_subtotal, operations_subtotal], currency),
        total_fte=sum((p.fte for p in positions), ZERO),
        missions_count=sum(m.count for m in missions),
        lines_by_key={f.key: f for f in line_figures},
    )


@dataclass(frozen=True)
class Variance:
    label: str
    current: Money | None
    previous: Money | None
    # "subtotal" or "total" for the rows that add others up, "" for the rest.
    style: str = ""

    @property
    def change(self) -> Money | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def change_pct(self) -> Decimal | None:
        """Change in percent, to one decimal; None when there is no base."""
        if self.change is None or not self.previous.amount:
            return None
        return round_half_up(
            self.change.amount * 100 / self.previous.amount, Decimal("0.1")
        )


def compare(current: BudgetFigures, previous: BudgetFigures | None) -> list[Variance]:
    """Line-by-line variance with the previous year (same currency only)."""
    if previous is not None and previous.currency != current.currency:
        raise ValueError(
            f"cannot compare a {current.currency} budget with a {previous.currency} one"
        )

    def prev(attr):
        return getattr(previous, attr) if previous else None

    rows = [
        Variance(_("Salaries"), current.salaries, prev("salaries")),
        Variance(
            _("Social security"), current.social_security, prev("social_security")
        ),
        Variance(
            _("Staff costs"), current.staff_subtotal, prev("staff_subtotal"), "subtotal"
        ),
    ]
    keys = list(current.lines_by_key)
    if previous:
        keys += [k for k in previous.lines_by_key if k not in current.lines_by_key]
    for key in keys:
        cur = current.lines_by_key.get(key)
        old = previous.lines_by_key.get(key) if previous else None
        rows.append(
            Variance((cur or old).label, cur and cur.amount, old and old.amount)
        )
    rows.append(
        Variance(
            _("Travel and other support"),
            current.operations_subtotal,
            prev("operations_subtotal"),
            "subtotal",
        )
    )
    rows.append(Variance(_("Total"), current.total, prev("total"), "total"))
    return rows


def coverage(balance: Money, total: Money) -> Decimal | None:
    """Fund balance ÷ annual budget, as a ratio rounded to three places
    (758,655 ÷ 769,221 = 0.986)."""
    if str(balance.currency) != str(total.currency):
        raise ValueError("fund and budget are in different currencies")
    if not total.amount:
        return None
    return round_half_up(balance.amount / total.amount, Decimal("0.001"))
