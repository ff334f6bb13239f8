"""Downloading an invoice's document: only through the access policy, as an
attachment named after the invoice; a page saying it is being prepared (202, htmx
polling) until it is there; the API answers 409 with Retry-After meanwhile."""

import pytest
from django.urls import reverse

from budgets.contributions import documents as contribution_documents
from budgets.tasks import invoice_render_pdf
from tests.budgets.factories import private_media  # noqa: F401
from tests.budgets.invoice_docs import (
    get,
    issued_invoice,
    tasks_in_process,  # noqa: F401
)

# No worker runs in the tests: tasks run where they are queued, with REDIS_URL too.
pytestmark = pytest.mark.usefixtures("tasks_in_process")

FAKE_PDF = b"%PDF-1.7 invoice document"


@pytest.fixture(autouse=True)
def fake_render(monkeypatch):
    """The real rendering is test_invoice_pdf_document's; here it is a stub."""
    fake = lambda inv: FAKE_PDF  # noqa: E731
    monkeypatch.setattr(contribution_documents, "invoice_pdf_bytes", fake)


@pytest.fixture
def queued(monkeypatch):
    """The tasks the views queue, captured instead of run (a busy worker)."""
    calls = []
    monkeypatch.setattr(invoice_render_pdf, "delay", calls.append)
    return calls


@pytest.fixture
def invoice_a(apmbc, state_a):
    return issued_invoice(apmbc, state_a, sequence=7)


@pytest.fixture
def invoice_b(apmbc, state_b):
    return issued_invoice(apmbc, state_b, sequence=8, amount="1234.00")


def url(invoice):
    return reverse("budgets:invoice-pdf", args=[invoice.pk])


def api_url(invoice):
    return f"/api/v1/invoices/{invoice.pk}/pdf/"


def test_the_focal_point_downloads_their_invoice_named_after_its_number(
    client_for, focal_a, invoice_a
):
    # No worker here: the render runs in the request (CELERY_TASK_ALWAYS_EAGER).
    response = get(client_for(focal_a), url(invoice_a))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="APMBC-2026-0007.pdf"'
    )
    assert response.body == FAKE_PDF


def test_another_states_focal_point_gets_a_404_for_the_invoice_pdf(
    client_for, focal_b, invoice_a
):
    assert client_for(focal_b).get(url(invoice_a)).status_code == 404
    assert client_for(focal_b).get(api_url(invoice_a)).status_code == 404


def test_guessing_ids_finds_nothing_but_ones_own_invoices(
    client_for, focal_b, invoice_a, invoice_b
):
    client = client_for(focal_b)
    answers = {
        pk: get(client, reverse("budgets:invoice-pdf", args=[pk])).status_code
        for pk in range(max(invoice_a.pk - 2, 1), invoice_b.pk + 3)
    }

    assert [pk for pk, status in answers.items() if status != 404] == [invoice_b.pk]


def test_the_stored_file_has_no_public_url(client_for, focal_a, invoice_a):
    get(client_for(focal_a), url(invoice_a))
    invoice_a.refresh_from_db()
    assert invoice_a.pdf.name  # rendered and stored

    for path in (f"/media/{invoice_a.pdf.name}", f"/{invoice_a.pdf.name}"):
        assert client_for(focal_a).get(path).status_code == 404


def test_staff_of_the_convention_download_any_states_invoice(
    client_for, isu_staff, invoice_b
):
    assert get(client_for(isu_staff), url(invoice_b)).status_code == 200


def test_other_conventions_staff_get_a_404(client_for, other_staff, invoice_a):
    assert client_for(other_staff).get(url(invoice_a)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client_for, invoice_a):
    response = client_for(None).get(url(invoice_a))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_draft_has_no_document_page(client_for, isu_staff, apmbc, state_a):
    from djmoney.money import Money

    from budgets.models import Invoice

    draft = Invoice.objects.create(
        convention=apmbc, year=2026, state=state_a, amount=Money("10.00", "CHF")
    )

    assert client_for(isu_staff).get(url(draft)).status_code == 404


def test_while_it_is_rendered_the_page_says_so_with_202_and_polls(
    client_for, focal_a, invoice_a, queued
):
    client = client_for(focal_a)

    response = client.get(url(invoice_a))

    assert response.status_code == 202
    assert queued == [invoice_a.pk]
    html = response.content.decode()
    assert "being prepared" in html
    assert f'data-hx-get="{url(invoice_a)}"' in html
    assert 'data-hx-trigger="every 2s"' in html
    # A poll two seconds later does not queue a second render.
    assert client.get(url(invoice_a), HTTP_HX_REQUEST="true").status_code == 202
    assert queued == [invoice_a.pk]


def test_once_rendered_the_poll_offers_the_download_link(
    client_for, focal_a, invoice_a, queued
):
    client = client_for(focal_a)
    client.get(url(invoice_a))
    invoice_render_pdf(invoice_a.pk)  # the worker's turn

    response = client.get(url(invoice_a), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'data-testid="pdf-download"' in response.content.decode()


def test_the_api_answers_409_with_retry_after_until_it_is_rendered(
    client_for, focal_a, invoice_a, queued
):
    client = client_for(focal_a)

    response = client.get(api_url(invoice_a))

    assert response.status_code == 409
    assert response["Retry-After"] == "2"
    assert response.json()["error"]["code"] == "document_not_ready"
    assert queued == [invoice_a.pk]

    invoice_render_pdf(invoice_a.pk)
    response = get(client, api_url(invoice_a))

    assert response.status_code == 200
    assert response.body == FAKE_PDF
    assert "APMBC-2026-0007.pdf" in response["Content-Disposition"]
