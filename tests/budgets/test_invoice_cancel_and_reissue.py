"""A correction is a cancellation plus a new invoice: the original is never edited
or deleted; the counter-invoice of the opposite amount refers to it; what was paid
on it becomes credit, applied to the new invoice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budgets.contributions.services import invoice_cancel
from budgets.models import Credit, Invoice
from ism.models import AuditEvent
from tests.budgets.contrib import chf, fresh, issue_invoice, pay

pytestmark = pytest.mark.django_db


def test_cancelling_issues_a_counter_invoice_that_refers_to_the_original(
    apmbc, state_a, isu_staff
):
    original = issue_invoice(apmbc, state_a, "1500.00")

    counter, replacement = invoice_cancel(
        invoice=original, actor=isu_staff, reason="Wrong scale applied"
    )

    assert replacement is None
    assert counter.kind == Invoice.Kind.CANCELLATION
    assert counter.cancels_id == original.pk
    assert counter.amount == chf("-1500.00")
    assert counter.number == "APMBC-2026-0002"  # same series, next number
    assert counter.reason == "Wrong scale applied"
    stored = fresh(original)
    # Nothing of the original changed but the flag that it is no longer owed.
    assert (stored.number, stored.amount, stored.issue_date) == (
        original.number,
        original.amount,
        original.issue_date,
    )
    assert stored.cancelled
    assert stored.status == Invoice.Status.CANCELLED
    assert fresh(counter).status == Invoice.Status.CANCELLED
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"invoice cancelled", "cancellation issued"} <= verbs


def test_reissue_makes_a_new_numbered_invoice_that_replaces_the_original(
    apmbc, state_a
):
    original = issue_invoice(apmbc, state_a, "1500.00")

    _counter, new = invoice_cancel(
        invoice=original,
        actor=None,
        reason="Amount corrected",
        reissue_amount=chf(1200),
    )

    assert new.number == "APMBC-2026-0003"
    assert new.replaces_id == original.pk
    assert new.amount == chf(1200)
    assert fresh(new).status == Invoice.Status.ISSUED
    live = Invoice.objects.filter(
        state=state_a, year=2026, kind=Invoice.Kind.INVOICE, cancelled=False
    )
    assert list(live) == [new]


def test_what_was_paid_on_the_cancelled_invoice_settles_the_new_one(apmbc, state_a):
    original = issue_invoice(apmbc, state_a, "1500.00")
    pay(original, "500.00")

    _, new = invoice_cancel(
        invoice=original,
        actor=None,
        reason="Amount corrected",
        reissue_amount=chf(1200),
    )

    credit = Credit.objects.get(invoice=original)
    assert credit.origin == Credit.Origin.CANCELLATION
    assert credit.amount == chf(500)
    new = fresh(new)
    assert new.settled_amount == Decimal("500.00")
    assert new.outstanding_amount == Decimal("700.00")
    assert new.status == Invoice.Status.PARTIALLY_PAID


def test_an_invoice_is_cancelled_once(apmbc, state_a):
    original = issue_invoice(apmbc, state_a, 100)
    invoice_cancel(invoice=original, actor=None, reason="duplicate")
    with pytest.raises(ValidationError, match="cancelled already"):
        invoice_cancel(invoice=original, actor=None, reason="again")


def test_a_reason_is_required(apmbc, state_a):
    original = issue_invoice(apmbc, state_a, 100)
    with pytest.raises(ValidationError) as caught:
        invoice_cancel(invoice=original, actor=None, reason="  ")
    assert "reason" in caught.value.message_dict
    assert not fresh(original).cancelled


def test_the_database_refuses_two_live_invoices_for_one_state_and_year(apmbc, state_a):
    issue_invoice(apmbc, state_a, 100)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            convention=apmbc, year=2026, state=state_a, amount=chf(5)
        )


def test_the_database_refuses_a_counter_invoice_with_a_positive_amount(apmbc, state_a):
    original = issue_invoice(apmbc, state_a, 100)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            convention=apmbc,
            year=2026,
            state=state_a,
            amount=chf(100),
            kind=Invoice.Kind.CANCELLATION,
            cancels=original,
        )
