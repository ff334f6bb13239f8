"""What settled an invoice, as a property: for any payments (any day, any currency
received), credit allocations (any day) and cancellations, the selector's
annotation — undated, and dated `as_of` any day — is what the payments applied and
the credit allocated add up to, counted here row by row; every other reader of the
figure gives the same, and arrears and credit left follow from it. Runs on the
database of the run: SQLite locally, PostgreSQL in CI. Generation is derandomized,
so CI checks the same cases every run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from djmoney.money import Money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets.contributions import selectors as contribution_selectors
from budgets.contributions.reminders import unpaid_invoices
from budgets.contributions.statements import state_ledger
from budgets.models import Credit, CreditAllocation, Invoice, Payment
from tests.budgets.contrib import issue_invoice, not_yet_due

pytestmark = pytest.mark.django_db

DAY0 = dt.date(2026, 1, 1)
CENT = Decimal("0.01")

days = st.integers(min_value=0, max_value=400).map(
    lambda n: DAY0 + dt.timedelta(days=n)
)
cents = st.integers(min_value=1, max_value=100_000_00).map(lambda n: n * CENT)
payment = st.tuples(
    st.integers(min_value=0, max_value=2),  # which invoice
    cents,  # applied, in the convention's currency
    st.sampled_from(["CHF", "EUR", "USD"]),  # the currency it arrived in
    days,
)
allocation = st.tuples(st.integers(min_value=0, max_value=2), cents, days)
case = st.fixed_dictionaries(
    {
        "payments": st.lists(payment, max_size=6),
        "allocations": st.lists(allocation, max_size=4),
        "cancelled": st.sets(st.integers(min_value=0, max_value=2)),
        "as_of": days,
    }
)


@pytest.fixture
def invoices(apmbc, state_a, state_b):
    return [
        issue_invoice(apmbc, state_a, "1000.00", due_date=not_yet_due()),
        issue_invoice(apmbc, state_a, "2500.00", year=2027),
        issue_invoice(apmbc, state_b, "900.00"),
    ]


def _noon(day: dt.date) -> dt.datetime:
    """A moment of `day` in the project's time zone (allocations are dated by
    their creation, read as a local day)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _make(invoices, data) -> tuple[list[Payment], list[CreditAllocation]]:
    apmbc = invoices[0].convention
    for i in data["cancelled"]:
        Invoice.objects.filter(pk=invoices[i].pk).update(cancelled=True)
    payments = []
    for i, applied, currency, day in data["payments"]:
        invoice = invoices[i]
        payments.append(
            Payment.objects.create(
                convention=apmbc,
                state=invoice.state,
                invoice=invoice,
                date=day,
                # What arrived, in its currency; `applied` is in the invoice's.
                amount=Money(applied * 2 if currency != "CHF" else applied, currency),
                rate=None if currency == "CHF" else Decimal("0.5"),
                base_amount=Money(applied, "CHF"),
                applied=Money(applied, "CHF"),
            )
        )
    allocations = []
    credits = {}
    for i, amount, day in data["allocations"]:
        invoice = invoices[i]
        if invoice.state_id not in credits:
            credits[invoice.state_id] = Credit.objects.create(
                convention=apmbc,
                state=invoice.state,
                origin=Credit.Origin.CANCELLATION,
                invoice=invoice,
                amount=Money(Decimal("10000000.00"), "CHF"),
            )
        made = CreditAllocation.objects.create(
            credit=credits[invoice.state_id],
            invoice=invoice,
            amount=Money(amount, "CHF"),
        )
        CreditAllocation.objects.filter(pk=made.pk).update(created_at=_noon(day))
        made.created_at = _noon(day)
        allocations.append(made)
    return payments, allocations


def _counted(invoice, payments, allocations, as_of=None) -> Decimal:
    """The rule, row by row: payments applied to the invoice and received by
    `as_of`, plus credit allocated to it by `as_of` (a local day)."""
    paid = sum(
        (
            p.applied.amount
            for p in payments
            if p.invoice_id == invoice.pk and (as_of is None or p.date <= as_of)
        ),
        Decimal(0),
    )
    credited = sum(
        (
            a.amount.amount
            for a in allocations
            if a.invoice_id == invoice.pk
            and (as_of is None or timezone.localdate(a.created_at) <= as_of)
        ),
        Decimal(0),
    )
    return paid + credited


def _annotated(as_of=None) -> dict[int, Decimal]:
    rows = Invoice.objects.annotate(s=contribution_selectors.settled_annotation(as_of))
    return {pk: Decimal(s).quantize(CENT) for pk, s in rows.values_list("pk", "s")}


@given(data=case)
@settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_settled_is_the_payments_and_allocations_row_by_row(invoices, data):
    with transaction.atomic():
        payments, allocations = _make(invoices, data)
        as_of = data["as_of"]

        expected = {i.pk: _counted(i, payments, allocations) for i in invoices}
        dated = {i.pk: _counted(i, payments, allocations, as_of) for i in invoices}

        assert _annotated() == expected
        assert _annotated(as_of) == dated
        for invoice in invoices:
            # The single invoice's figure (no annotation) is the list's.
            single = Invoice.objects.get(pk=invoice.pk)
            assert single.settled_amount == expected[invoice.pk]
            assert (
                contribution_selectors.settled_of(invoice, as_of) == dated[invoice.pk]
            )
            ledger = state_ledger(convention=invoice.convention, state=invoice.state)
            assert ledger.settled_on(invoice) == expected[invoice.pk]
        # The reminders' "still owed" is the invoices' outstanding: live invoices
        # not settled in full, cancelled ones never.
        cancelled = {invoices[c].pk for c in data["cancelled"]}
        owed = {
            i.pk
            for i in invoices
            if i.pk not in cancelled and i.amount.amount > expected[i.pk]
        }
        assert {i.pk for i in unpaid_invoices()} == owed
        _assert_arrears_and_credit_follow(invoices, expected, cancelled, allocations)
        transaction.set_rollback(True)


def _assert_arrears_and_credit_follow(invoices, settled, cancelled, allocations):
    """Arrears are the invoices' outstanding (Invoice.outstanding_for: the amount
    less what settled it, never below nothing, nothing on a cancelled one) summed
    per State; credit left is the credits less what was allocated of them."""
    apmbc = invoices[0].convention
    owed: dict[int, Decimal] = {}
    for invoice in invoices:
        if invoice.pk not in cancelled:
            owed[invoice.state_id] = owed.get(invoice.state_id, Decimal(0)) + (
                invoice.outstanding_for(settled[invoice.pk])
            )
    arrears = contribution_selectors.arrears(convention=apmbc, before_year=2028)
    assert {state.pk: money.amount for state, money in arrears.rows} == {
        pk: amount for pk, amount in owed.items() if amount > 0
    }
    for credit in {a.credit for a in allocations}:
        allocated = sum(
            (a.amount.amount for a in allocations if a.credit_id == credit.pk),
            Decimal(0),
        )
        left = contribution_selectors.credit_left(convention=apmbc, state=credit.state)
        assert left.amount == credit.amount.amount - allocated
