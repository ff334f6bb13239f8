"""Recording payments: partial, full, more than owed (the rest is the State's
credit, applied to its next invoice), in another currency at the rate used,
never the same bank movement twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from djmoney.money import Money

from budgets.contributions.services import payment_record
from budgets.models import Credit, CreditAllocation, Invoice, Payment
from tests.budgets.contrib import chf, fresh, issue_invoice, not_yet_due, pay

pytestmark = pytest.mark.django_db


def test_partial_then_full_payment_moves_the_status(apmbc, state_a):
    invoice = issue_invoice(apmbc, state_a, 1000, due_date=not_yet_due())
    assert fresh(invoice).status == Invoice.Status.ISSUED
    pay(invoice, 400)
    assert fresh(invoice).status == Invoice.Status.PARTIALLY_PAID
    pay(invoice, 600)
    assert fresh(invoice).status == Invoice.Status.PAID


def test_an_unpaid_invoice_past_its_due_date_is_overdue(apmbc, state_a):
    invoice = issue_invoice(apmbc, state_a, 1000, due_date=dt.date(2026, 3, 31))
    assert invoice.status_for(settled=Decimal(0), today=dt.date(2026, 4, 1)) == (
        Invoice.Status.OVERDUE
    )
    assert invoice.status_for(settled=Decimal(0), today=dt.date(2026, 3, 31)) == (
        Invoice.Status.ISSUED
    )


def test_an_over_payment_becomes_credit_applied_to_the_next_invoice(apmbc, state_a):
    invoice_2026 = issue_invoice(apmbc, state_a, "1000.00")
    payment = pay(invoice_2026, "1250.00")

    assert payment.applied == chf("1000.00")
    credit = Credit.objects.get(payment=payment)
    assert credit.amount == chf("250.00")
    assert credit.origin == Credit.Origin.OVERPAYMENT
    assert fresh(invoice_2026).status == Invoice.Status.PAID

    invoice_2027 = issue_invoice(
        apmbc,
        state_a,
        "1000.00",
        year=2027,
        issue_date=dt.date(2027, 1, 15),
        due_date=not_yet_due(dt.date(2027, 1, 15)),
    )

    allocation = CreditAllocation.objects.get(invoice=invoice_2027)
    assert allocation.credit == credit
    assert allocation.amount == chf("250.00")
    invoice_2027 = fresh(invoice_2027)
    assert invoice_2027.outstanding_amount == Decimal("750.00")
    assert invoice_2027.status == Invoice.Status.PARTIALLY_PAID
    # Spent once: a third invoice gets nothing of it.
    invoice_2028 = issue_invoice(
        apmbc,
        state_a,
        "10.00",
        year=2028,
        issue_date=dt.date(2028, 1, 15),
        due_date=not_yet_due(dt.date(2028, 1, 15)),
    )
    assert not CreditAllocation.objects.filter(invoice=invoice_2028).exists()


def test_a_payment_in_another_currency_records_the_rate_used(apmbc, state_a):
    invoice = issue_invoice(apmbc, state_a, "900.00")
    payment = payment_record(
        convention=apmbc,
        state=state_a,
        invoice=invoice,
        date=dt.date(2026, 2, 1),
        amount=Money("1000.00", "USD"),
        rate=Decimal("0.8912"),
        reference="FT26032",
        actor=None,
    )
    assert payment.amount == Money("1000.00", "USD")
    assert payment.rate == Decimal("0.8912")
    assert payment.base_amount == chf("891.20")
    assert fresh(invoice).outstanding_amount == Decimal("8.80")


def test_another_currency_without_a_rate_is_refused(apmbc, state_a):
    invoice = issue_invoice(apmbc, state_a, "900.00")
    with pytest.raises(ValidationError) as caught:
        payment_record(
            convention=apmbc,
            state=state_a,
            invoice=invoice,
            date=dt.date(2026, 2, 1),
            amount=Money("1000.00", "USD"),
            actor=None,
        )
    assert "rate" in caught.value.message_dict
    assert not Payment.objects.exists()


def test_the_same_bank_movement_is_not_recorded_twice(apmbc, state_a):
    invoice = issue_invoice(apmbc, state_a, "900.00")
    pay(invoice, 300, reference="FT-1")
    with pytest.raises(ValidationError, match="recorded already"):
        pay(invoice, 300, reference="FT-1")
    assert Payment.objects.count() == 1


def test_a_payment_on_another_states_invoice_is_refused(apmbc, state_a, state_b):
    invoice = issue_invoice(apmbc, state_a, "900.00")
    with pytest.raises(ValidationError) as caught:
        payment_record(
            convention=apmbc,
            state=state_b,
            invoice=invoice,
            date=dt.date(2026, 2, 1),
            amount=chf(900),
            actor=None,
        )
    assert "invoice" in caught.value.message_dict


def test_only_staff_record_payments(apmbc, state_a, focal_a, auditor):
    invoice = issue_invoice(apmbc, state_a, "900.00")
    for user in (focal_a, auditor):
        with pytest.raises(PermissionDenied):
            pay(invoice, 900, actor=user)
