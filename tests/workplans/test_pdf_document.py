"""The work plan PDF, in both layouts, holds every thematic area and every
indicator's target as real text; it is rendered by a task after commit, stored
privately and served through an authorised view."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from workplans import demo
from workplans.documents import document_queryset, workplan_pdf_bytes
from workplans.models import WorkPlanDocument
from workplans.tasks import workplan_render_pdf

# The targets the issue names, as the plan words them (description, target).
NAMED_TARGETS = dict(
    [
        ("Committee meetings supported", "up to 60"),
        (
            "Special initiatives of the Committees and the President supported",
            "up to 5",
        ),
        (
            "Sets of preliminary observations, conclusions and recommendations "
            "prepared",
            "8",
        ),
        (
            "Article 5 support missions carried out at the request of States Parties",
            "up to 10",
        ),
        ("States Parties given in-country victim assistance support", "up to 5"),
        (
            "Delegates sponsored to the intersessional meetings and the Twenty-Third "
            "Meeting",
            "about 50",
        ),
        ("Liaison and conference missions", "up to 5"),
    ]
)


@pytest.fixture
def demo_plan(apmbc, coordinating_committee):
    return demo.load()


def text_of(pdf: bytes) -> str:
    """The document's text with line breaks and hyphen-free wrapping undone."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


@pytest.mark.parametrize("layout", ["table", "outline"])
def test_it_prints_every_area_title_and_every_indicator_target(
    demo_plan, reference, layout
):
    plan = document_queryset().get(pk=demo_plan.pk)

    text = text_of(workplan_pdf_bytes(plan, layout))

    for area in reference["areas"]:
        assert " ".join(area["title"].split()) in text, area["title"]
    indicators = [
        (i.description, i) for r in plan.results.all() for i in r.indicators.all()
    ]
    assert sorted(d for d, _ in indicators) == sorted(NAMED_TARGETS)
    for description, target in NAMED_TARGETS.items():
        assert f"{description} — target {target} (2026)" in text, description


def test_it_lays_the_table_out_in_landscape_and_the_outline_in_portrait(demo_plan):
    plan = document_queryset().get(pk=demo_plan.pk)
    for layout, landscape in (("table", True), ("outline", False)):
        first = PdfReader(io.BytesIO(workplan_pdf_bytes(plan, layout))).pages[0]
        width, height = float(first.mediabox.width), float(first.mediabox.height)
        assert (width > height) is landscape


def test_it_repeats_the_column_headings_on_every_page_of_the_table(demo_plan):
    plan = document_queryset().get(pk=demo_plan.pk)
    pages = PdfReader(io.BytesIO(workplan_pdf_bytes(plan, "table"))).pages
    assert len(pages) > 1
    for page in pages:
        assert re.search(
            r"Activities\s+Outputs\s+Outcomes\s+Impacts", page.extract_text()
        )


def test_it_renders_both_documents_after_the_submission_commits(
    apmbc, reference, django_capture_on_commit_callbacks
):
    from workplans import services

    plan = services.workplan_import(convention=apmbc, data=reference, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.workplan_submit(workplan=plan, actor=None)

    plan.refresh_from_db()
    documents = {d.layout: d for d in WorkPlanDocument.objects.filter(workplan=plan)}
    assert set(documents) == {"table", "outline"}
    for document in documents.values():
        assert document.revision == plan.revision
        with document.file.open("rb") as stored:
            assert stored.read(5) == b"%PDF-"
    # Safe to run twice: the current document is not rendered again.
    assert workplan_render_pdf(plan.pk, "table") is False


def test_it_serves_the_document_to_the_committee_with_a_meaningful_name(
    demo_plan, committee_member, client_for
):
    response = client_for(committee_member).get(f"/workplans/{demo_plan.pk}/pdf/table/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="APMBC-ISU-work-plan-2026-table.pdf"'
        in response["Content-Disposition"]
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    response.close()


@pytest.mark.parametrize("persona", [None, "focal_a", "thematic_member", "other_staff"])
def test_it_hides_the_document_of_a_plan_in_review(
    demo_plan, request, client_for, persona
):
    user = request.getfixturevalue(persona) if persona else None

    response = client_for(user).get(f"/workplans/{demo_plan.pk}/pdf/outline/")

    assert response.status_code == 404
