"""After an assessment is issued, the status page shows how many of the year's
invoice documents are ready while they are rendered, and asks again (htmx) until
all are; a focal point and another convention's staff do not reach it."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from tests.budgets.contrib import issue_invoice_today
from tests.factories import ParticipationFactory, StateFactory

pytestmark = pytest.mark.django_db


def status_url(year: int) -> str:
    return f"/budgets/contributions/APMBC/status/?year={year}"


def progress_url(year: int) -> str:
    return f"/budgets/contributions/APMBC/{year}/documents/"


@pytest.fixture
def three_invoices(apmbc):
    invoices = []
    for n in range(3):
        state = StateFactory(iso3=f"P{n}Q", iso2=f"P{n}", name=f"State {n}")
        ParticipationFactory(state=state, convention=apmbc)
        invoice = issue_invoice_today(apmbc, state, "100.00", due_in_days=30)
        invoice.pdf.delete(save=True)  # as just issued: not rendered yet
        invoices.append(invoice)
    return invoices


def store_pdf(invoice) -> None:
    invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(b"%PDF-1.7"), save=True)


def test_the_status_page_shows_the_documents_being_prepared(
    client_for, isu_staff, three_invoices
):
    year = three_invoices[0].year
    client = client_for(isu_staff)
    page = client.get(status_url(year)).content.decode()
    assert 'data-testid="documents-progress"' in page
    assert "Preparing the invoice documents: 0 of 3 ready." in page
    assert f'data-hx-get="{progress_url(year)}"' in page
    assert 'max="3" value="0"' in page

    store_pdf(three_invoices[0])
    fragment = client.get(progress_url(year)).content.decode()
    assert "1 of 3 ready" in fragment and 'data-hx-trigger="every 2s"' in fragment

    for invoice in three_invoices[1:]:
        store_pdf(invoice)
    fragment = client.get(progress_url(year)).content.decode()
    # Done: it says so and asks no more.
    assert "All 3 invoice documents are ready." in fragment
    assert "data-hx-get" not in fragment
    # A fresh page shows nothing about documents any more.
    page = client.get(status_url(year)).content.decode()
    assert 'data-testid="documents-progress"' not in page


def test_only_the_conventions_staff_reach_the_progress(
    client_for, other_staff, focal_a, three_invoices
):
    year = three_invoices[0].year
    assert client_for(other_staff).get(progress_url(year)).status_code in (403, 404)
    assert client_for(focal_a).get(progress_url(year)).status_code in (403, 404)
    assert client_for(None).get(progress_url(year)).status_code == 302
