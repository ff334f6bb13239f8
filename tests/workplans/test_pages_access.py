"""Who sees which page of a work plan: drafts are the ISU's; the Coordinating
Committee reads (and reviews) what was submitted to it; focal points, other
committees and the public read adopted plans only. A plan one may not see is a
404; a page one may see but an action one may not take is a 403."""

from __future__ import annotations

import pytest

from workplans.models import ReviewThread, WorkPlan

PAGES = ["", "progress/", "pdf/table/", "logframe.xlsx", "iati.xml"]


def url(plan, page=""):
    return f"/workplans/{plan.pk}/{page}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "persona", ["committee_member", "thematic_member", "focal_a", "other_staff"]
)
def test_a_draft_is_the_isus_alone(plan, request, client_for, persona, page):
    response = client_for(request.getfixturevalue(persona)).get(url(plan, page))
    assert response.status_code == 404
    response.close()


def test_staff_see_and_edit_their_draft(plan, isu_staff, client_for):
    client = client_for(isu_staff)
    assert client.get(url(plan)).status_code == 200
    assert client.get(url(plan, "edit/")).status_code == 200


@pytest.mark.parametrize("page", ["", "review/", "progress/", "versions/"])
def test_the_coordinating_committee_reads_a_plan_submitted_to_it(
    submitted, committee_member, client_for, page
):
    plan, _ = submitted
    response = client_for(committee_member).get(url(plan, page))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["thematic_member", "focal_a", "other_staff", None])
def test_others_do_not_see_a_plan_in_review(submitted, request, client_for, persona):
    plan, _ = submitted
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    for page in ["", "review/", "progress/"]:
        response = client.get(url(plan, page))
        # Anonymous users are sent to log in; the public page is a 404 for them.
        assert response.status_code == (302 if user is None else 404)
    assert client.get(f"/workplans/public/{plan.pk}/").status_code == 404
    assert client.get("/api/v1/workplans/").json()["count"] == 0


def test_a_committee_member_cannot_edit(submitted, committee_member, client_for):
    plan, (area, *_rest) = submitted
    client = client_for(committee_member)
    assert client.get(url(plan, "edit/")).status_code == 403
    response = client.post(
        f"/workplans/areas/{area.pk}/results/add/activity/",
        {"add-activity-text": "Sneaked in"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["focal_a", "thematic_member", "other_staff"])
def test_focal_points_and_others_read_an_adopted_plan(
    adopted, request, client_for, persona
):
    plan, _ = adopted
    client = client_for(request.getfixturevalue(persona))
    response = client.get(url(plan))
    assert response.status_code == 200
    assert b"Implementation is facilitated." in response.content
    # Reading is all: the review conversation is not theirs.
    assert client.get(url(plan, "review/")).status_code == 403


def test_the_public_reads_an_adopted_plan_without_logging_in(adopted, client_for):
    plan, _ = adopted
    client = client_for(None)
    page = client.get(f"/workplans/public/{plan.pk}/")
    assert page.status_code == 200
    assert b"Up to 60 committee meetings supported." in page.content
    listing = client.get("/workplans/public/")
    assert plan.display_title.encode() in listing.content
    document = client.get(url(plan, "pdf/outline/"))
    assert document.status_code == 200
    assert document["Content-Type"] == "application/pdf"
    document.close()


@pytest.mark.parametrize("persona", ["thematic_member", "focal_a", "other_staff"])
def test_only_the_coordinating_committee_comments_and_approves(
    adopted, submitted, request, client_for, persona
):
    """On a plan they can read (adopted), outsiders still cannot comment."""
    plan, (*_rest, activity, _second) = adopted
    client = client_for(request.getfixturevalue(persona))
    response = client.post(
        url(plan, "review/comment/"),
        {"result": activity.pk, f"c{activity.pk}-text": "Me too"},
    )
    assert response.status_code == 403
    assert client.post(url(plan, "review/approve/")).status_code == 403
    assert not ReviewThread.objects.exists()


@pytest.mark.parametrize("persona", ["thematic_member", "focal_a", "other_staff"])
def test_outsiders_cannot_act_on_a_plan_in_review(
    submitted, request, client_for, persona
):
    plan, (*_rest, activity, _second) = submitted
    client = client_for(request.getfixturevalue(persona))
    response = client.post(
        url(plan, "review/comment/"),
        {"result": activity.pk, f"c{activity.pk}-text": "Hello"},
    )
    assert response.status_code == 404
    assert client.post(url(plan, "approve/")).status_code == 404
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.IN_REVIEW


def test_staff_cannot_approve_their_own_plan(submitted, isu_staff, client_for):
    plan, _ = submitted
    response = client_for(isu_staff).post(url(plan, "review/approve/"))
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.IN_REVIEW
