"""The funds' ledger, read once for every reader: the fund pages, the budget
page, its PDF and Excel, the collection status, the ISU's annual report and the
API all take a fund's balance, target and coverage from here.

* balance as at a day — the movements dated that day or before, inflows less
  outflows (FundMovement.OUTFLOWS);
* target — the fund's fixed amount, else target_years × a year of expenditure
  (the total of the convention's budget for the year: the adopted version,
  else the latest);
* coverage — balance ÷ a year of expenditure (0.986 for 758,655 ÷ 769,221).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from djmoney.money import Money

from budgets.calculations import coverage
from budgets.models import Budget, Fund, FundMovement
from ism.access import visible

_OUT = Q(kind__in=FundMovement.OUTFLOWS)


def _balances(funds: list[Fund], on: dt.date | None) -> dict[int, Decimal]:
    """Each fund's balance (as at `on`), from one query whatever the funds."""
    movements = FundMovement.objects.filter(fund__in=[f.pk for f in funds])
    if on is not None:
        movements = movements.filter(date__lte=on)
    rows = (
        movements.values("fund_id")
        .annotate(
            inflow=Sum("amount", filter=~_OUT), outflow=Sum("amount", filter=_OUT)
        )
        .order_by()
    )
    return {
        row["fund_id"]: (row["inflow"] or Decimal(0)) - (row["outflow"] or Decimal(0))
        for row in rows
    }


def fund_balance(fund: Fund, *, on: dt.date | None = None) -> Money:
    """Balance of one fund's ledger (optionally as at a day). The balance is a
    published figure (it appears in the budget document), so any reader of the
    budget may see it; the movements themselves stay with the ISU."""
    amount = _balances([fund], on).get(fund.pk, Decimal(0))
    return Money(amount, fund.currency)


@dataclass(frozen=True)
class FundStatus:
    fund: Fund
    balance: Money
    target: Money | None
    coverage: Decimal | None
    on: dt.date | None = None

    @property
    def currency(self) -> str:
        return self.fund.currency

    @property
    def of_target(self) -> Decimal | None:
        """balance ÷ target, three places (None without a target)."""
        if self.target is None or not self.target.amount:
            return None
        return coverage(self.balance, self.target)


def target_of(fund: Fund, expenditure: Money | None) -> Money | None:
    """The fund's target: its fixed amount, else target_years × a year of
    expenditure (None when neither is known, or in another currency)."""
    if fund.target_amount is not None:
        return fund.target_amount
    if expenditure is None or str(expenditure.currency) != fund.currency:
        return None
    return Money(expenditure.amount * fund.target_years, fund.currency)


def annual_expenditure(convention, year: int) -> Money | None:
    """A year of the convention's expenditure: the total of its budget for
    `year` (the adopted version, else the latest version), None without one."""
    from budgets.selectors.budgets import budget_list_figures

    budgets = Budget.objects.filter(convention=convention, year=year).order_by(
        "-version"
    )
    adopted = [b for b in budgets if b.status == Budget.Status.ADOPTED]
    chosen = (adopted or list(budgets))[:1]
    if not chosen:
        return None
    return budget_list_figures(chosen)[chosen[0].pk].total


def fund_statuses(
    *,
    convention,
    on: dt.date | None = None,
    expenditure: Money | None = None,
    funds: QuerySet[Fund] | None = None,
) -> list[FundStatus]:
    """Every fund of the convention (or `funds`), as at `on`, with its target and
    coverage of `expenditure` (a year's budget total): two queries."""
    rows = list(
        funds
        if funds is not None
        else Fund.objects.filter(convention=convention).select_related("convention")
    )
    balances = _balances(rows, on)
    result = []
    for fund in rows:
        balance = Money(balances.get(fund.pk, Decimal(0)), fund.currency)
        same = expenditure is not None and str(expenditure.currency) == fund.currency
        result.append(
            FundStatus(
                fund=fund,
                balance=balance,
                target=target_of(fund, expenditure),
                coverage=coverage(balance, expenditure) if same else None,
                on=on,
            )
        )
    return result


@dataclass(frozen=True)
class LedgerRow:
    movement: FundMovement
    balance: Money


def fund_ledger(fund: Fund, *, user, until: dt.date | None = None) -> list[LedgerRow]:
    """The fund's movements the user may read, oldest first, each with the
    balance after it (one query)."""
    movements = visible(
        user,
        FundMovement.objects.filter(fund=fund).select_related(
            "state", "recorded_by", "reverses", "reversed_by", "counterpart__fund"
        ),
    ).order_by("date", "pk")
    if until is not None:
        movements = movements.filter(date__lte=until)
    rows, running = [], Money(0, fund.currency)
    for movement in movements:
        running = running + movement.signed_amount
        rows.append(LedgerRow(movement=movement, balance=running))
    return rows
