"""What a convention's contributions add up to, as a Meeting of the States
Parties reads them: the collection status of a year, arrears on closed years,
each State's position, the funds' balances.

Figures come from aggregate queries: their number does not grow with the number
of States or invoices. Definitions:
* assessed — the live invoices of the year (issued, not cancelled);
* received — what settled them (selectors.settled): payments applied and credit
  allocated;
* outstanding — assessed − received; % received — received ÷ assessed;
* arrears — what is still outstanding on the invoices of closed years (the
  years before the one reported on).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet, Sum
from djmoney.money import Money

from budgets.contributions.selectors.settled import (
    LIVE,
    ZERO,
    _cents,
    credit_left_annotation,
    outstanding_annotation,
    settled_annotation,
)
from budgets.models import Credit, Invoice, Pledge
from budgets.selectors.funds import annual_expenditure, fund_statuses
from ism.access import visible


def _scoped(user, queryset: QuerySet) -> QuerySet:
    """user=None is ISM itself (a command, the ISU's annual report), as actor=None
    is in the services; pages and the API always pass the request's user, which is
    never None (AnonymousUser at worst)."""
    return queryset if user is None else visible(user, queryset)


@dataclass(frozen=True)
class CollectionStatus:
    """A convention's year in one currency."""

    year: int
    currency: str
    assessed: Money
    received: Money
    outstanding: Money
    arrears: Money
    invoices: int = 0
    pledged: Money | None = None

    @property
    def received_rate(self) -> Decimal | None:
        """received ÷ assessed, exact (None when nothing is assessed)."""
        if not self.assessed.amount:
            return None
        return self.received.amount / self.assessed.amount

    @property
    def received_pct(self) -> Decimal | None:
        """% received to one decimal, half up: 91.4 for 91.376...%."""
        rate = self.received_rate
        if rate is None:
            return None
        return (rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _live_invoices(convention, as_of: dt.date | None) -> QuerySet[Invoice]:
    qs = Invoice.objects.filter(LIVE, convention=convention)
    if as_of is not None:
        qs = qs.filter(issue_date__lte=as_of)
    return qs.annotate(settled=settled_annotation(as_of))


def collection_by_currency(
    *, convention, year: int, as_of: dt.date | None = None
) -> list[CollectionStatus]:
    """The year's status per currency (an ISU invoices in its convention's
    currency, so this is one row unless that currency ever changed). Aggregates
    only: public figures, as the ISU reports them to the Meeting."""
    invoices = _live_invoices(convention, as_of)
    year_rows = (
        invoices.filter(year=year)
        .values("amount_currency")
        .annotate(
            assessed=Sum("amount"),
            received=Sum("settled"),
            n=Count("pk"),
        )
        .order_by("amount_currency")
    )
    arrears_rows = (
        invoices.filter(year__lt=year)
        .values("amount_currency")
        .annotate(owed=Sum(outstanding_annotation()))
        .order_by("amount_currency")
    )
    pledge_rows = (
        Pledge.objects.filter(convention=convention, year=year)
        .values("base_amount_currency")
        .annotate(s=Sum("base_amount"))
        .order_by()
    )
    by_currency: dict[str, dict] = defaultdict(dict)
    for row in year_rows:
        by_currency[row["amount_currency"]].update(row)
    for row in arrears_rows:
        by_currency[row["amount_currency"]]["owed"] = row["owed"]
    for row in pledge_rows:
        by_currency[row["base_amount_currency"]]["pledged"] = row["s"]
    if not by_currency:
        by_currency[convention.currency] = {}
    result = []
    for currency, row in sorted(by_currency.items()):
        # SQLite sums decimals with more places than a cent: back to cents.
        assessed = _cents(row.get("assessed"))
        received = _cents(row.get("received"))
        result.append(
            CollectionStatus(
                year=year,
                currency=currency,
                assessed=Money(assessed, currency),
                received=Money(received, currency),
                outstanding=Money(assessed - received, currency),
                arrears=Money(_cents(row.get("owed")), currency),
                invoices=row.get("n") or 0,
                pledged=Money(_cents(row["pledged"]), currency)
                if "pledged" in row
                else None,
            )
        )
    return result


def contribution_status(
    *, convention, year: int, as_of: dt.date | None = None, user=None
) -> CollectionStatus:
    """The year's status in the convention's currency (the figures the ISU's
    annual report and the status page show)."""
    rows = collection_by_currency(convention=convention, year=year, as_of=as_of)
    for row in rows:
        if row.currency == convention.currency:
            return row
    return rows[0]


# --- Per State ----------------------------------------------------------------------


@dataclass
class StatePosition:
    """One State's position with a convention for a year."""

    state: object
    currency: str
    assessed: Decimal = ZERO
    received: Decimal = ZERO
    arrears: Decimal = ZERO
    credit: Decimal = ZERO
    invoices: list = field(default_factory=list)

    @property
    def outstanding(self) -> Decimal:
        return self.assessed - self.received

    def money(self, name: str) -> Money:
        return Money(getattr(self, name), self.currency)


def state_positions(
    *, user, convention, year: int, as_of: dt.date | None = None
) -> list[StatePosition]:
    """Every State with an invoice of the convention up to `year`, the year's
    figures, its arrears on closed years and its unused credit. Scoped: a focal
    point gets their own State only.

    Only the year's invoices are read as rows (the page lists their numbers);
    closed years are summed per State in SQL (_owed_by_state, as arrears()
    does), so ten years of history cost what one does: a fixed number of
    queries and rows that grow with the States, not with the years."""
    from ism.models import State

    invoices = visible(user, _live_invoices(convention, as_of))
    positions: dict[int, StatePosition] = {}

    def position(state) -> StatePosition:
        if state.pk not in positions:
            positions[state.pk] = StatePosition(
                state=state, currency=convention.currency
            )
        return positions[state.pk]

    year_invoices = (
        invoices.filter(year=year).select_related("state").order_by("state__name", "pk")
    )
    for invoice in year_invoices:
        pos = position(invoice.state)
        pos.assessed += invoice.amount.amount
        pos.received += invoice.settled_amount
        pos.invoices.append(invoice)
    owed = {
        row["state_id"]: _cents(row["owed"])
        for row in _owed_by_state(invoices, before_year=year)
    }
    # A State with nothing invoiced this year still has a row for its closed years
    # (paid up or not), as it always had: one query for those States.
    others = State.objects.in_bulk([pk for pk in owed if pk not in positions])
    for state_id, amount in owed.items():
        pos = positions.get(state_id) or position(others[state_id])
        pos.arrears += amount
    credits = visible(
        user,
        Credit.objects.filter(convention=convention).select_related("state"),
    ).annotate(left=credit_left_annotation())
    for credit in credits:
        left = _cents(credit.left)
        if left > 0:
            position(credit.state).credit += left
    return sorted(positions.values(), key=lambda p: p.state.name)


def _owed_by_state(
    invoices: QuerySet[Invoice], *, before_year: int, fields=("state_id",)
) -> QuerySet:
    """What each State still owes on the live `invoices` of the years before
    `before_year`: one row per State (its `fields`) with `owed`, summed in SQL
    (each invoice's outstanding never below nothing, as Invoice.outstanding_for)."""
    return (
        invoices.filter(year__lt=before_year)
        .values(*fields)
        .annotate(owed=Sum(outstanding_annotation()))
        .order_by()
    )


@dataclass(frozen=True)
class Arrears:
    rows: list[tuple[object, Money]]
    total: Money

    @classmethod
    def of_positions(cls, positions: list[StatePosition], *, currency: str):
        """The arrears that state_positions already summed (the same figures
        as arrears() for the same reader and year, without summing ten years of
        invoices a second time): the States that owe, by name."""
        rows = [
            (p.state, Money(p.arrears, currency))
            for p in sorted(positions, key=lambda p: p.state.name)
            if p.arrears > 0
        ]
        total = sum((m.amount for _, m in rows), ZERO)
        return cls(rows=rows, total=Money(total, currency))


def arrears(*, user=None, convention, before_year: int, as_of=None) -> Arrears:
    """What each State still owes on invoices of the years before `before_year`,
    and the total (one query)."""
    rows = (
        _owed_by_state(
            _scoped(user, _live_invoices(convention, as_of)),
            before_year=before_year,
            fields=("state_id", "state__name", "state__iso3"),
        )
        .filter(owed__gt=0)
        .order_by("state__name")
    )
    from ism.models import State

    currency = convention.currency
    result = [
        (
            State(pk=r["state_id"], name=r["state__name"], iso3=r["state__iso3"]),
            Money(_cents(r["owed"]), currency),
        )
        for r in rows
    ]
    total = sum((m.amount for _, m in result), ZERO)
    return Arrears(rows=result, total=Money(total, currency))


def fund_balances(*, convention, year: int, on: dt.date | None = None):
    """The convention's funds as at `on` (public figures), their targets and
    coverage of the year's budget: the funds' one ledger (budgets.selectors.
    funds)."""
    return fund_statuses(
        convention=convention,
        on=on,
        expenditure=annual_expenditure(convention, year),
    )


def assessment_years(*, convention) -> list[int]:
    """Years with invoices, newest first."""
    return list(
        Invoice.objects.filter(convention=convention)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
