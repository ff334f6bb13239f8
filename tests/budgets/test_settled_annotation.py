"""What settled an invoice, as the lists read it: the one compiled expression of
settled_annotation() gives the figures the ORM's two subqueries give (its form
with a date), and both give what the payments and allocations add up to, counted
here row by row. Run on SQLite and, in CI, on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from budgets.contributions import selectors as contribution_selectors
from budgets.models import CreditAllocation, Invoice, Payment
from tests.budgets.contrib import issue_invoice, not_yet_due, pay

pytestmark = pytest.mark.django_db

FAR_FUTURE = dt.date(2999, 12, 31)


@pytest.fixture
def invoices(apmbc, state_a, state_b):
    """A paid invoice whose over-payment becomes credit on the next year's, one
    paid in two parts, one unpaid: payments and allocations on several rows."""
    overpaid = issue_invoice(apmbc, state_a, "1000.00")
    pay(overpaid, "1250.00")
    next_year = issue_invoice(
        apmbc,
        state_a,
        "1000.00",
        year=2027,
        issue_date=dt.date(2027, 1, 15),
        due_date=not_yet_due(dt.date(2027, 1, 15)),
    )
    two_parts = issue_invoice(apmbc, state_b, "900.00", due_date=not_yet_due())
    pay(two_parts, "300.10")
    pay(two_parts, "0.45", date=dt.date(2026, 2, 2))
    unpaid = issue_invoice(apmbc, state_b, "500.00", year=2027)
    return [overpaid, next_year, two_parts, unpaid]


def _counted(invoice: Invoice) -> Decimal:
    payments = sum(
        (p.applied.amount for p in Payment.objects.filter(invoice=invoice)),
        Decimal(0),
    )
    credit = sum(
        (a.amount.amount for a in CreditAllocation.objects.filter(invoice=invoice)),
        Decimal(0),
    )
    return payments + credit


def test_the_lists_settled_sum_is_what_payments_and_credit_add_up_to(invoices):
    expected = {invoice.pk: _counted(invoice) for invoice in invoices}
    assert expected[invoices[1].pk] == Decimal("250.00")  # the credit carried over
    assert expected[invoices[2].pk] == Decimal("300.55")

    now = dict(
        Invoice.objects.annotate(
            s=contribution_selectors.settled_annotation()
        ).values_list("pk", "s")
    )
    dated = dict(
        Invoice.objects.annotate(
            s=contribution_selectors.settled_annotation(FAR_FUTURE)
        ).values_list("pk", "s")
    )

    assert {pk: Decimal(s).quantize(Decimal("0.01")) for pk, s in now.items()} == (
        expected
    )
    assert now.keys() == dated.keys()
    assert all(Decimal(now[pk]) == Decimal(dated[pk]) for pk in now)


def test_filtering_on_it_works_inside_another_query(invoices, isu_staff):
    """A status filter reads the annotation; used as a subquery Django renames the
    outer table, and the expression must follow it."""
    partly = contribution_selectors.invoice_list(
        user=isu_staff, status=Invoice.Status.PARTIALLY_PAID
    )
    assert {invoice.pk for invoice in partly} == {invoices[1].pk, invoices[2].pk}

    payments = Payment.objects.filter(invoice__in=partly)
    assert {p.invoice_id for p in payments} == {invoices[2].pk}
    paid = Invoice.objects.filter(
        pk__in=contribution_selectors.invoice_list(
            user=isu_staff, status=Invoice.Status.PAID
        ).values("pk")
    )
    assert list(paid) == [invoices[0]]
