"""An invoice is overdue the day after its due date, on every page and in the API,
with nothing written in between: the status follows from the date when it is read,
no job or user action has to flip it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.budgets.contrib import issue_invoice_today, pay
from tests.budgets.days import clock_reads, on_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(apmbc, state_a):
    """Issued today, due in 30 days, 400 of 1000 paid: partially paid until the
    due date has passed, then overdue."""
    invoice = issue_invoice_today(apmbc, state_a, "1000.00", due_in_days=30)
    pay(invoice, "400.00", date=invoice.issue_date)
    return invoice


def _page_badge(client, invoice) -> str:
    html = client.get(reverse("budgets:invoice-detail", args=[invoice.pk]))
    text = html.content.decode()
    start = text.index('data-testid="invoice-status">') + len(
        'data-testid="invoice-status">'
    )
    return text[start : text.index("<", start)]


def _listed(client, invoice, status: str) -> bool:
    url = reverse("budgets:invoice-list", args=[invoice.convention.code])
    return invoice.number in client.get(url, {"status": status}).content.decode()


def test_the_invoice_page_and_list_turn_overdue_the_day_after_it_is_due(
    client_for, isu_staff, invoice
):
    # Signed in on each day: a session opened a month earlier has expired.
    with on_day(invoice.due_date):
        client = client_for(isu_staff)
        assert _page_badge(client, invoice) == "Partially paid"
        assert _listed(client, invoice, "partially_paid")
        assert not _listed(client, invoice, "overdue")
    with on_day(invoice.due_date + dt.timedelta(days=1)):
        client = client_for(isu_staff)
        assert _page_badge(client, invoice) == "Overdue"
        assert _listed(client, invoice, "overdue")
        assert not _listed(client, invoice, "partially_paid")


def test_the_states_own_page_turns_overdue(client_for, focal_a, invoice):
    url = reverse(
        "budgets:state-contributions",
        args=[invoice.state.iso3, invoice.convention.code],
    )
    with on_day(invoice.due_date):
        assert "Overdue" not in client_for(focal_a).get(url).content.decode()
    with on_day(invoice.due_date + dt.timedelta(days=1)):
        assert "Overdue" in client_for(focal_a).get(url).content.decode()


def test_the_api_turns_overdue_in_the_list_the_detail_and_the_filter(
    client_for, focal_a, invoice
):
    def seen() -> tuple[str, str, list[str]]:
        client = client_for(focal_a)
        listed = client.get("/api/v1/invoices/").json()["results"]
        detail = client.get(f"/api/v1/invoices/{invoice.pk}/").json()
        overdue = client.get("/api/v1/invoices/", {"status": "overdue"}).json()
        return (
            listed[0]["status"],
            detail["status"],
            [row["number"] for row in overdue["results"]],
        )

    with on_day(invoice.due_date):
        assert seen() == ("partially_paid", "partially_paid", [])
    with on_day(invoice.due_date + dt.timedelta(days=1)):
        assert seen() == ("overdue", "overdue", [invoice.number])


def test_a_list_judges_every_row_on_the_day_it_read_once(
    monkeypatch, isu_staff, invoice
):
    """The status filter and each row's status come from one reading of the clock:
    a list read across midnight cannot filter on one day and show another."""
    from budgets.contributions import selectors as contribution_selectors

    reads = clock_reads(monkeypatch)
    with on_day(invoice.due_date + dt.timedelta(days=1)):
        rows = list(
            contribution_selectors.invoice_list(user=isu_staff, status="overdue")
        )
        assert [row.status for row in rows] == ["overdue"]
    assert len(reads) == 1
