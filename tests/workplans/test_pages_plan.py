"""A plan's pages: both presentations of the same chain, the workflow forms, the
progress view, versions and their comparison, and an indicator's actuals."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from ism.concurrency import LATEST
from tests.workplans.conftest import add_chain, indicator_data
from workplans import services
from workplans.models import Actual, WorkPlan


@pytest.fixture
def staff(isu_staff, client_for):
    return client_for(isu_staff)


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_it_shows_the_same_chain_as_a_table_and_as_an_outline(plan, staff):
    add_chain(plan)

    table = staff.get(f"/workplans/{plan.pk}/")
    outline = staff.get(f"/workplans/{plan.pk}/?layout=outline")

    assert b'data-testid="workplan-table"' in table.content
    assert b'data-testid="workplan-outline"' in outline.content
    for page in (table, outline):
        assert "Activity 1.1.1.1 Prepare and follow up committee meetings." in text(
            page
        )
        assert "Impact 1 Implementation is facilitated." in text(page)
    # The table says what each statement contributes to; the outline nests it.
    assert "contributes to Output 1.1.1" in text(table)
    assert b"wp-depth-3" in outline.content


def test_it_submits_with_a_note_and_freezes_a_version(plan, staff):
    add_chain(plan)

    response = staff.post(
        f"/workplans/{plan.pk}/submit/", {"submit-note": "For the March meeting."}
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.IN_REVIEW
    assert plan.versions.get().note == "For the March meeting."
    page = staff.get(f"/workplans/{plan.pk}/")
    assert "Version 1 submitted to the Coordinating Committee." in text(page)


def test_it_refuses_to_submit_an_empty_plan_with_the_reason(plan, staff):
    response = staff.post(f"/workplans/{plan.pk}/submit/", {"submit-note": "Hm"})

    assert response.status_code == 400
    assert "An empty work plan cannot be submitted." in text(response)
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.DRAFT


def test_it_records_the_adoption_and_keeps_bad_input_beside_its_field(
    submitted, committee_member, staff
):
    plan, _ = submitted
    services.workplan_approve(workplan=plan, actor=committee_member)

    refused = staff.post(
        f"/workplans/{plan.pk}/adopt/",
        {"adopt-adopted_on": "", "adopt-adopted_by": "Twenty-Third Meeting"},
    )
    assert refused.status_code == 400
    assert b'data-testid="error-adopt-adopted_on"' in refused.content
    assert b'value="Twenty-Third Meeting"' in refused.content

    # Today: an adoption cannot be in the future, and a literal day would be one
    # on a clock set before it.
    adopted_on = timezone.localdate()
    staff.post(
        f"/workplans/{plan.pk}/adopt/",
        {
            "adopt-adopted_on": adopted_on.isoformat(),
            "adopt-adopted_by": "Twenty-Third Meeting",
        },
    )
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.ADOPTED
    assert plan.adopted_on == adopted_on


def test_it_shows_progress_per_area_with_the_status(plan, staff, monkeypatch):
    monkeypatch.setattr(
        "workplans.progress.timezone.localdate", lambda: dt.date(2027, 7, 1)
    )
    *_, output, _first, _second = add_chain(plan)
    indicator = services.indicator_add(result=output, data=indicator_data(), actor=None)
    services.actual_record(
        indicator=indicator,
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 6, 30),
        value=12,
        source="Minutes",
        actor=None,
    )

    page = text(staff.get(f"/workplans/{plan.pk}/progress/"))

    # 12 of 60 (20%) with 181 of 365 days (50%) gone: a pace of 0.40, off track.
    assert "1. Meetings" in page
    assert "Output 1.1.1" in page
    assert "up to 60 12 (20%) 30 June 2027 off track" in page
    assert "1 off track" in page


def test_it_records_an_actual_and_refuses_one_outside_the_period(plan, staff):
    *_, output, _first, _second = add_chain(plan)
    indicator = services.indicator_add(result=output, data=indicator_data(), actor=None)
    url = f"/workplans/indicators/{indicator.pk}/actuals/"

    refused = staff.post(
        url,
        {
            "period_start": "2026-10-01",
            "period_end": "2026-12-31",
            "value": "4",
            "source": "Minutes",
        },
    )
    assert refused.status_code == 400
    assert "The period must lie within the indicator" in text(refused)
    assert b'value="2026-10-01"' in refused.content
    assert not Actual.objects.exists()

    staff.post(
        url,
        {
            "period_start": "2027-01-01",
            "period_end": "2027-03-31",
            "value": "4",
            "source": "Minutes",
        },
    )
    actual = Actual.objects.get()
    assert (actual.value, actual.source) == (4, "Minutes")


def test_it_compares_a_version_with_the_plan_as_it_stands(
    submitted, committee_member, staff
):
    plan, (*_rest, first, _second) = submitted
    services.workplan_request_changes(
        workplan=plan, note="Shorter", actor=committee_member
    )
    services.result_update(
        version=LATEST, result=first, text="Prepare committee meetings.", actor=None
    )

    page = staff.get(f"/workplans/{plan.pk}/versions/?a=1&b=current")

    assert page.status_code == 200
    assert "0 added, 0 removed, 1 reworded, 0 moved" in text(page)
    assert b"<del>and follow up</del>" in page.content


def test_a_committee_member_cannot_compare_with_the_unsubmitted_draft(
    submitted, committee_member, client_for
):
    plan, _ = submitted
    page = client_for(committee_member).get(
        f"/workplans/{plan.pk}/versions/?a=1&b=current"
    )
    assert page.status_code == 400
    assert "Choose two versions of this plan." in text(page)
