"""A reminder level falls due on its day and staff's reminders page lists it from
that day, with nothing written in between (no job has to run first): what is due
follows from the invoice's due date and today when the page is read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from budgets.contributions.reminders import load_reminder_policies
from tests.budgets.contrib import contact, issue_invoice_today
from tests.budgets.days import on_day

pytestmark = pytest.mark.django_db

ADVANCE = "Note verbale (advance reminder)"
OVERDUE = "Note verbale (overdue)"  # 30 days after the due date


@pytest.fixture
def invoice(apmbc, state_a):
    load_reminder_policies()
    contact(state_a, apmbc)
    return issue_invoice_today(apmbc, state_a, "1000.00", due_in_days=60)


def _pending(client_for, isu_staff, invoice) -> str:
    url = reverse("budgets:invoice-reminders", args=[invoice.convention.code])
    html = client_for(isu_staff).get(url).content.decode()
    if 'data-testid="pending"' not in html:
        return ""
    return html[html.index('data-testid="pending"') :]


def test_the_advance_reminder_is_pending_from_30_days_before_the_due_date(
    client_for, isu_staff, invoice
):
    day = invoice.due_date - dt.timedelta(days=30)
    with on_day(day - dt.timedelta(days=1)):
        assert _pending(client_for, isu_staff, invoice) == ""
    with on_day(day):
        pending = _pending(client_for, isu_staff, invoice)
        assert invoice.number in pending
        assert ADVANCE in pending


def test_the_overdue_note_is_pending_30_days_after_the_due_date(
    client_for, isu_staff, invoice
):
    day = invoice.due_date + dt.timedelta(days=30)
    with on_day(day - dt.timedelta(days=1)):
        assert OVERDUE not in _pending(client_for, isu_staff, invoice)
    with on_day(day):
        assert OVERDUE in _pending(client_for, isu_staff, invoice)
