"""What settled an invoice — payments applied to it plus credit allocated to it —
defined once, dated (`as_of`), for every reader: pages, the API, statements,
reminders, the Excel export and the ISU's annual report
(tests/budgets/test_settled_property.py holds it to the rows). What is still owed
follows from it (Invoice.outstanding_for, outstanding_annotation in SQL); LIVE is
which invoices are owed at all; what is left of a credit, credit_left_annotation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
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
from django.db.models.functions import Coalesce, Greatest

from budgets.models import CreditAllocation, Invoice, Payment

ZERO = Decimal(0)
CENT = Decimal("0.01")
_DEC = DecimalField(max_digits=16, decimal_places=2)


def _cents(value) -> Decimal:
    return (value or ZERO).quantize(CENT)


def _sum_subquery(queryset: QuerySet, column: str, by: str = "invoice_id") -> Coalesce:
    summed = queryset.order_by().values(by).annotate(s=Sum(column)).values("s")
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


def outstanding_annotation() -> Expression:
    """Invoice.outstanding_for in SQL, for sums over live invoices annotated with
    `settled`: the amount less what settled it, never below nothing (an
    over-payment is the State's credit, not a negative debt)."""
    return Greatest(F("amount") - F("settled"), Value(ZERO), output_field=_DEC)


def credit_left_annotation() -> Expression:
    """What is left of a credit: its amount less what of it was allocated to
    invoices. A subquery, not a join, so it composes with the access policy's
    filters and with other annotations."""
    allocated = CreditAllocation.objects.filter(credit_id=OuterRef("pk"))
    return ExpressionWrapper(
        F("amount") - _sum_subquery(allocated, "amount", by="credit_id"),
        output_field=_DEC,
    )
