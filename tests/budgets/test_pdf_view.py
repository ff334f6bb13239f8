"""Downloading the budget document: through the access policy, as an attachment
with the budget's file name, or a page saying it is being prepared (202) that
polls with htmx and queues the rendering."""

import pytest
from django.urls import reverse

from budgets import documents
from budgets.models import Budget
from budgets.tasks import budget_render_pdf
from tests.budgets.factories import (  # noqa: F401
    budget_with,
    private_media,
)

FAKE_PDF = b"%PDF-1.7 budget document"


@pytest.fixture
def fake_render(monkeypatch):
    """The real rendering is covered by test_pdf_document; here it is a stub."""
    monkeypatch.setattr(
        documents, "budget_pdf_bytes", lambda budget, lang=None: FAKE_PDF
    )


@pytest.fixture
def queued(monkeypatch):
    """Capture the tasks the view queues instead of running them (as a busy
    worker would leave them)."""
    calls = []
    monkeypatch.setattr(budget_render_pdf, "delay", calls.append)
    return calls


def make_budget(convention, status=Budget.Status.DRAFT, **fields):
    return budget_with(convention=convention, lines=2, status=status, **fields)


def rendered(budget):
    budget_render_pdf(budget.pk)
    budget.refresh_from_db()
    return budget


def url(budget):
    return reverse("budgets:pdf", args=[budget.pk])


def get(client, path, **kwargs):
    """GET and read the whole answer. Reading a download to its end closes the
    file it streams from (the test client closes it then, without closing the
    test's database connection as a second close would)."""
    response = client.get(path, **kwargs)
    response.body = b"".join(response) if response.streaming else response.content
    return response


def test_isu_staff_download_the_draft_as_an_attachment_with_its_file_name(
    client_for, isu_staff, apmbc, fake_render
):
    budget = rendered(make_budget(apmbc, year=2026))

    response = get(client_for(isu_staff), url(budget))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="APMBC-ISU-budget-2026-v1.pdf"'
    )
    assert response.body == FAKE_PDF


def test_a_focal_point_gets_a_404_for_a_draft(client_for, focal_a, apmbc, fake_render):
    budget = rendered(make_budget(apmbc))

    assert client_for(focal_a).get(url(budget)).status_code == 404


def test_other_conventions_staff_get_a_404_for_a_draft(
    client_for, other_staff, apmbc, fake_render
):
    budget = rendered(make_budget(apmbc))

    assert client_for(other_staff).get(url(budget)).status_code == 404


def test_anyone_downloads_a_circulated_budget_without_logging_in(
    client_for, apmbc, fake_render
):
    budget = rendered(make_budget(apmbc, status=Budget.Status.CIRCULATED))
    draft = rendered(make_budget(apmbc, year=2027))

    anonymous = client_for(None)

    assert get(anonymous, url(budget)).status_code == 200
    assert get(anonymous, url(draft)).status_code == 404


def test_committee_members_download_a_submitted_budget(
    client_for, committee_member, apmbc, fake_render
):
    submitted = rendered(make_budget(apmbc, status=Budget.Status.SUBMITTED))
    draft = rendered(make_budget(apmbc, year=2027))

    client = client_for(committee_member)

    assert get(client, url(submitted)).status_code == 200
    assert get(client, url(draft)).status_code == 404


def test_a_budget_not_yet_rendered_shows_a_page_that_polls_and_queues_it(
    client_for, isu_staff, apmbc, queued
):
    budget = make_budget(apmbc)

    response = get(client_for(isu_staff), url(budget))

    assert response.status_code == 202
    assert response.templates[0].name == "ism/document_preparing.html"
    page = response.content.decode()
    assert "being prepared" in page
    assert f'data-hx-get="{url(budget)}"' in page
    assert 'data-hx-trigger="every 2s"' in page
    assert "<script>" not in page  # the CSP forbids inline scripts
    assert queued == [budget.pk]


def test_polling_does_not_queue_the_same_revision_again(
    client_for, isu_staff, apmbc, queued
):
    budget = make_budget(apmbc)
    client = client_for(isu_staff)

    get(client, url(budget))
    get(client, url(budget), headers={"HX-Request": "true"})

    assert queued == [budget.pk]


def test_a_changed_budget_is_queued_again_and_not_served_stale(
    client_for, isu_staff, apmbc, fake_render, queued
):
    budget = rendered(make_budget(apmbc))
    Budget.objects.filter(pk=budget.pk).update(revision=budget.revision + 1)

    response = get(client_for(isu_staff), url(budget))

    assert response.status_code == 202
    assert queued == [budget.pk]


def test_once_ready_the_poll_offers_the_download_and_stops(
    client_for, isu_staff, apmbc, fake_render
):
    budget = rendered(make_budget(apmbc))

    response = get(client_for(isu_staff), url(budget), headers={"HX-Request": "true"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="pdf-download"' in page
    assert "data-hx-trigger" not in page


def test_without_a_broker_the_first_request_renders_and_serves_it(
    client_for, isu_staff, apmbc, fake_render
):
    # Development without Redis: Celery runs the task in the request.
    budget = make_budget(apmbc, year=2026)

    response = get(client_for(isu_staff), url(budget))

    assert response.status_code == 200
    assert "APMBC-ISU-budget-2026-v1.pdf" in response["Content-Disposition"]
