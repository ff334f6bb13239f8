"""Issuing an invoice: the next number of its convention and year, copies of the
recipient and the payment instructions, immutability, and the document rendered
after commit."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgets.contributions import services as contribution_services
from budgets.models import ContributionSettings, Invoice, Statement
from ism.models import AuditEvent
from tests.budgets.contrib import chf, contact, issue_invoice

pytestmark = pytest.mark.django_db


def test_numbers_follow_each_other_per_convention_and_year(apmbc, state_a, state_b):
    first = issue_invoice(apmbc, state_a, 1000)
    second = issue_invoice(apmbc, state_b, 2000)
    next_year = issue_invoice(apmbc, state_a, 1000, year=2027)
    assert [first.number, second.number, next_year.number] == [
        "APMBC-2026-0001",
        "APMBC-2026-0002",
        "APMBC-2027-0001",
    ]


def test_it_copies_the_recipient_and_payment_instructions(apmbc, state_a):
    contact(state_a, apmbc, recipient="Permanent Mission of Atlantis")
    ContributionSettings.objects.create(
        convention=apmbc,
        issuer="APMBC ISU, Geneva",
        payment_instructions="IBAN CH00 0000 0000 0000 0000 0",
        payment_terms_days=45,
    )
    invoice = issue_invoice(apmbc, state_a, 1000, due_date=None)
    # A later change of address or bank details never alters an issued invoice.
    contact(state_a, apmbc, recipient="Embassy of Atlantis")
    ContributionSettings.objects.filter(convention=apmbc).update(
        payment_instructions="IBAN CH99"
    )
    stored = Invoice.objects.get(pk=invoice.pk)
    assert stored.recipient_name == "Permanent Mission of Atlantis"
    assert stored.payment_instructions == "IBAN CH00 0000 0000 0000 0000 0"
    assert stored.due_date == dt.date(2026, 1, 15) + dt.timedelta(days=45)


def test_issuing_twice_is_refused(apmbc, state_a):
    invoice = issue_invoice(apmbc, state_a, 1000)
    with pytest.raises(ValidationError, match="issued already"):
        contribution_services.invoice_issue(invoice=invoice, actor=None)


def test_a_second_live_invoice_for_the_same_state_and_year_is_refused(apmbc, state_a):
    issue_invoice(apmbc, state_a, 1000)
    with pytest.raises(ValidationError) as caught:
        contribution_services.invoice_create(
            convention=apmbc, year=2026, state=state_a, amount=chf(5), actor=None
        )
    assert "state" in caught.value.message_dict


def test_only_the_conventions_staff_issue(apmbc, state_a, other_staff, focal_a):
    draft = contribution_services.invoice_create(
        convention=apmbc, year=2026, state=state_a, amount=chf(10), actor=None
    )
    for user in (other_staff, focal_a):
        with pytest.raises(PermissionDenied):
            contribution_services.invoice_issue(invoice=draft, actor=user)
    assert Invoice.objects.get(pk=draft.pk).number is None


def test_it_audits_and_renders_after_commit(
    apmbc, state_a, isu_staff, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "budgets.contributions.services.common._send_invoice_render"
        ) as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        invoice = issue_invoice(apmbc, state_a, 1000, actor=isu_staff)
    send.assert_called_once_with(invoice.pk)
    event = AuditEvent.objects.get(verb="invoice issued", object_id=str(invoice.pk))
    assert event.actor == isu_staff
    assert event.changes["number"] == [None, "APMBC-2026-0001"]
    assert event.state == state_a
    assert Statement.objects.filter(convention=apmbc, state=state_a).exists()


def test_amount_must_be_in_the_conventions_currency(apmbc, state_a):
    from djmoney.money import Money

    with pytest.raises(ValidationError) as caught:
        contribution_services.invoice_create(
            convention=apmbc,
            year=2026,
            state=state_a,
            amount=Money(10, "USD"),
            actor=None,
        )
    assert "CHF" in caught.value.message_dict["amount"][0]
