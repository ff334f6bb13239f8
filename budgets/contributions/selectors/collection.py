"""Reads of contributions shared by pages, the API, exports and the ISU's annual
report: invoices with what settled them, the collection status of a year,
arrears on closed years, each State's position.

Lists are scoped by ism.access (a focal point sees their own State's invoices
only). Figures come from aggregate queries: their number does not grow with
the number of States or invoices.

Definitions, as a Meeting of the States Parties reads them:
* assessed — the live invoices of the year (issued, not cancelled);
* received — what settled them: payments applied and credit allocated;
* outstanding — assessed − received; % received — received ÷ assessed;
* arrears — what is still outstanding on the invoices of closed years (the
  years before the one reported on).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Expression,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import SQLiteNumericMixin
from django.db.models.functions import Coalesce
from django.utils import timezone
from djmoney.money import Money

from budgets.models import (
    Credit,
    CreditAllocation,
    Fund,
    Invoice,
    Payment,
    Pledge,
)
from budgets.selectors.budgets import fund_balance
from ism.access import visible

ZERO = Decimal(0)
CENT = Decimal("0.01")
_DEC = DecimalField(max_digits=16, decimal_places=2)


def _cents(value) -> Decimal:
    return (value or ZERO).quantize(CENT)


# --- Invoices ---------------------------------------------------------------------


def _scoped(user, queryset: QuerySet) -> QuerySet:
    """user=None is ISM itself (a command, the ISU's annual report), as actor=None
    is in the services; pages and the API always pass the request's user, which is
    never None (AnonymousUser at worst)."""
    return queryset if user is None else visible(user, queryset)


def _sum_subquery(queryset: QuerySet, column: str) -> Coalesce:
    summed = (
        queryset.order_by().values("invoice_id").annotate(s=Sum(column)).values("s")
    )
    return Coalesce(Subquery(summed, output_field=_DEC), Value(ZERO), output_field=_DEC)


class _SettledNow(SQLiteNumericMixin, Expression):
    """Payments applied to the invoice of the outer query plus credit allocated to
    it: the SQL that settled_annotation(as_of) builds from two Subquery(Sum), as
    one expression compiled from the models' tables and columns. Composing,
    cloning and compiling the two subqueries cost a page of 50 invoices ~6 ms of
    its ~50 (bench/bench_api.py); this costs a fraction of a millisecond.
    tests/budgets/test_settled_annotation.py holds the two to the same figures."""

    # The aliases of the inner tables, distinct from Django's ("T4", "U0", ...).
    _PAYMENT, _ALLOCATION = "ism_settled_p", "ism_settled_a"

    def __init__(self, invoice=None):
        super().__init__(output_field=_DEC)
        self.invoice = F("pk") if invoice is None else invoice

    def get_source_expressions(self):
        return [self.invoice]

    def set_source_expressions(self, exprs):
        (self.invoice,) = exprs

    def as_sql(self, compiler, connection):
        invoice_sql, params = compiler.compile(self.invoice)
        qn = connection.ops.quote_name

        def summed(model, column: str, alias: str) -> str:
            table = qn(model._meta.db_table)
            total = f"{alias}.{qn(model._meta.get_field(column).column)}"
            link = f"{alias}.{qn(model._meta.get_field('invoice').column)}"
            # Names from the models' metadata, quoted; values stay parameters.
            return (
                f"COALESCE((SELECT SUM({total}) FROM {table} {alias} "  # noqa: S608
                f"WHERE {link} = {invoice_sql}), 0)"
            )

        sql = (
            f"({summed(Payment, 'applied', self._PAYMENT)} + "
            f"{summed(CreditAllocation, 'amount', self._ALLOCATION)})"
        )
        return sql, (*params, *params)


def settled_annotation(as_of: dt.date | None = None) -> Expression:
    """Payments applied to the invoice plus credit allocated to it (as of a day)."""
    if as_of is None:
        return _SettledNow()
    payments = Payment.objects.filter(invoice_id=OuterRef("pk"))
    allocations = CreditAllocation.objects.filter(invoice_id=OuterRef("pk"))
    if as_of is not None:
        payments = payments.filter(date__lte=as_of)
        allocations = allocations.filter(created_at__date__lte=as_of)
    return ExpressionWrapper(
        _sum_subquery(payments, "applied") + _sum_subquery(allocations, "amount"),
        output_field=_DEC,
    )


def settled_of(invoice: Invoice, as_of: dt.date | None = None) -> Decimal:
    """What settled one invoice (as of a day), in cents: settled_annotation itself
    on the one row, so a single invoice and a list never disagree (one query;
    tests/budgets/test_settled_property.py holds both to the rows)."""
    if invoice.pk is None:
        return ZERO
    value = (
        Invoice.objects.filter(pk=invoice.pk)
        .annotate(s=settled_annotation(as_of))
        .values_list("s", flat=True)
        .get()
    )
    return _cents(value)


LIVE = Q(kind=Invoice.Kind.INVOICE, cancelled=False, issued_at__isnull=False)


def _status_q(status: str, today: dt.date | F) -> Q:
    """The rows whose derived status (Invoice.status_for) is `status` on `today`:
    a date, or F("status_day") for the day invoice_list annotated."""
    S = Invoice.Status
    issued = Q(issued_at__isnull=False)
    live = LIVE
    unpaid = Q(settled__lt=F("amount"))
    return {
        S.DRAFT: Q(issued_at__isnull=True),
        S.CANCELLED: issued & (Q(cancelled=True) | Q(kind=Invoice.Kind.CANCELLATION)),
        S.PAID: live & Q(settled__gte=F("amount")),
        S.OVERDUE: live & unpaid & Q(due_date__lt=today),
        S.PARTIALLY_PAID: live & unpaid & Q(settled__gt=0, due_date__gte=today),
        S.ISSUED: live & Q(settled=0, due_date__gte=today),
    }[status]


def invoice_list(
    *,
    user,
    convention=None,
    year: int | None = None,
    state=None,
    status: str | None = None,
    kind: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Invoice]:
    """Invoices the user may see, with `settled` annotated (Invoice.status reads
    it), their convention and State joined: one query for any number.

    `status_day` is the day every row's status is judged on (Invoice.status reads
    it): today, read once, so the status filter and the status each row shows
    agree, also across midnight."""
    today = today or timezone.localdate()
    qs = visible(
        user,
        Invoice.objects.select_related("convention", "state", "cancels"),
    ).annotate(
        settled=settled_annotation(),
        status_day=Value(today, output_field=DateField()),
    )
    if convention is not None:
        qs = qs.filter(convention=convention)
    if year is not None:
        qs = qs.filter(year=year)
    if state is not None:
        qs = qs.filter(state=state)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(_status_q(status, today))
    return qs.order_by("convention__code", "-year", "sequence", "pk")


def invoice_detail(*, user, pk: int) -> Invoice:
    """One invoice the user may see (404 otherwise), with its payments, credit
    allocations, counter-invoice and replacements."""
    from ism.access import get_visible_or_404

    qs = (
        invoice_list(user=user)
        .select_related("cancellation", "replaces", "issued_by", "budget", "assessment")
        .prefetch_related("payments", "credit_allocations__credit", "replacements")
    )
    return get_visible_or_404(user, qs, pk=pk)


# --- Collection status -------------------------------------------------------------


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
        .annotate(owed=Sum(F("amount") - F("settled"), output_field=_DEC))
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
    """Every State with an invoice of the convention, the year's figures, its
    arrears on closed years and its unused credit — in four queries whatever the
    number of States. Scoped: a focal point gets their own State only."""
    invoices = visible(user, _live_invoices(convention, as_of).select_related("state"))
    positions: dict[int, StatePosition] = {}

    def position(state) -> StatePosition:
        if state.pk not in positions:
            positions[state.pk] = StatePosition(
                state=state, currency=convention.currency
            )
        return positions[state.pk]

    for invoice in invoices.filter(year__lte=year).order_by("state__name", "year"):
        pos = position(invoice.state)
        if invoice.year == year:
            pos.assessed += invoice.amount.amount
            pos.received += _cents(invoice.settled)
            pos.invoices.append(invoice)
        else:
            pos.arrears += invoice.amount.amount - _cents(invoice.settled)
    credits = visible(
        user,
        Credit.objects.filter(convention=convention).select_related("state"),
    ).annotate(
        used=Coalesce(Sum("allocations__amount"), Value(ZERO), output_field=_DEC)
    )
    for credit in credits:
        left = credit.amount.amount - _cents(credit.used)
        if left > 0:
            position(credit.state).credit += left
    return sorted(positions.values(), key=lambda p: p.state.name)


@dataclass(frozen=True)
class Arrears:
    rows: list[tuple[object, Money]]
    total: Money


def arrears(*, user=None, convention, before_year: int, as_of=None) -> Arrears:
    """What each State still owes on invoices of the years before `before_year`,
    and the total (one query)."""
    rows = (
        _scoped(user, _live_invoices(convention, as_of))
        .filter(year__lt=before_year)
        .values("state_id", "state__name", "state__iso3")
        .annotate(owed=Sum(F("amount") - F("settled"), output_field=_DEC))
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


def fund_balances(*, convention) -> list[tuple[Fund, Money]]:
    """The convention's funds and their balances (public figures)."""
    return [
        (fund, fund_balance(fund))
        for fund in Fund.objects.filter(convention=convention)
    ]


def credit_left(*, convention, state) -> Money:
    credits = Credit.objects.filter(convention=convention, state=state).annotate(
        used=Coalesce(Sum("allocations__amount"), Value(ZERO), output_field=_DEC)
    )
    left = sum((c.amount.amount - c.used for c in credits), ZERO)
    return Money(left, convention.currency)


def assessment_years(*, convention) -> list[int]:
    """Years with invoices, newest first."""
    return sorted(
        set(
            Invoice.objects.filter(convention=convention).values_list("year", flat=True)
        ),
        reverse=True,
    )


def payment_list(*, user, convention=None, state=None) -> QuerySet[Payment]:
    qs = visible(user, Payment.objects.select_related("state", "invoice", "batch"))
    if convention is not None:
        qs = qs.filter(convention=convention)
    if state is not None:
        qs = qs.filter(state=state)
    return qs
