"""The Coordinating Committee's review: members comment on statements, the ISU
answers, either resolves; the committee requests changes or approves; the ISU
records the Meeting's adoption. Only members of that convention's Coordinating
Committee comment and approve."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ism.audit import history_of
from ism.models import OutgoingMail
from tests.workplans.conftest import add_chain
from workplans import services
from workplans.models import ReviewThread, WorkPlan


def test_it_goes_from_comment_to_approval_and_adoption(
    submitted, committee_member, isu_staff
):
    plan, (_area, *_rest, activity, _second) = submitted

    thread = services.thread_open(
        workplan=plan,
        result=activity,
        text="How many meetings?",
        actor=committee_member,
    )
    assert thread.statement_label == "Activity 1.1.1.1"
    with pytest.raises(ValidationError, match="1 comment thread"):
        services.workplan_approve(workplan=plan, actor=committee_member)

    services.comment_add(
        thread=thread, text="About 60, see output 1.1.1.", actor=isu_staff
    )
    assert services.thread_resolve(thread=thread, actor=isu_staff)
    services.workplan_approve(workplan=plan, actor=committee_member)
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.APPROVED

    services.workplan_adopt(
        workplan=plan,
        adopted_on=dt.date(2026, 12, 4),
        adopted_by="Twenty-Third Meeting of the States Parties",
        actor=isu_staff,
    )
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.ADOPTED
    verbs = [event.verb for event in history_of(plan).order_by("at", "pk")]
    assert verbs[-6:] == [
        "submitted to the Coordinating Committee",
        "comment posted",
        "comment answered",
        "thread resolved",
        "approved by the Coordinating Committee",
        "adopted",
    ]
    resolved = history_of(plan).get(verb="thread resolved")
    assert resolved.actor == isu_staff
    assert resolved.changes["on"] == [None, "Activity 1.1.1.1"]


def test_it_sends_the_plan_back_with_the_committees_note(submitted, committee_member):
    plan, _ = submitted

    thread = services.workplan_request_changes(
        workplan=plan, note="Add an indicator for missions.", actor=committee_member
    )

    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.CHANGES_REQUESTED
    assert plan.is_editable
    assert thread.result is None and thread.is_open
    assert thread.comments.get().text == "Add an indicator for missions."
    with pytest.raises(ValidationError):
        services.workplan_approve(workplan=plan, actor=committee_member)


def test_it_refuses_a_request_for_changes_without_a_note(submitted, committee_member):
    plan, _ = submitted
    with pytest.raises(ValidationError) as error:
        services.workplan_request_changes(
            workplan=plan, note="  ", actor=committee_member
        )
    assert error.value.message_dict == {"note": ["Say what should change."]}
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.IN_REVIEW


def test_it_reopens_a_resolved_thread(submitted, committee_member, isu_staff):
    plan, (*_, activity, _second) = submitted
    thread = services.thread_open(
        workplan=plan, result=activity, text="Why?", actor=committee_member
    )
    services.thread_resolve(thread=thread, actor=isu_staff)

    assert services.thread_reopen(thread=thread, actor=committee_member)

    thread.refresh_from_db()
    assert thread.is_open and thread.resolved_by is None


@pytest.mark.parametrize("persona", ["thematic_member", "other_staff", "focal_a"])
def test_only_the_coordinating_committee_and_the_isu_comment(
    submitted, request, persona
):
    plan, (*_, activity, _second) = submitted
    outsider = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.thread_open(workplan=plan, result=activity, text="Hi", actor=outsider)
    assert not ReviewThread.objects.exists()


@pytest.mark.parametrize(
    "persona", ["thematic_member", "other_staff", "focal_a", "isu_staff"]
)
def test_only_the_coordinating_committee_approves(submitted, request, persona):
    plan, _ = submitted
    with pytest.raises(PermissionDenied):
        services.workplan_approve(workplan=plan, actor=request.getfixturevalue(persona))
    with pytest.raises(PermissionDenied):
        services.workplan_request_changes(
            workplan=plan, note="No", actor=request.getfixturevalue(persona)
        )
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.IN_REVIEW


def test_a_coordinating_committee_member_of_another_convention_cannot_approve(
    submitted, ccm
):
    from ism.models import Committee, Role
    from tests.factories import CommitteeFactory, UserFactory, assign

    ccm_committee = CommitteeFactory(
        convention=ccm, name="CC", kind=Committee.Kind.COORDINATING
    )
    ccm_member = UserFactory(username="member-ccm")
    assign(ccm_member, Role.COMMITTEE_MEMBER, committee=ccm_committee)
    plan, _ = submitted

    with pytest.raises(PermissionDenied):
        services.workplan_approve(workplan=plan, actor=ccm_member)


def test_it_closes_the_conversation_once_approved(submitted, committee_member):
    plan, (*_, activity, _second) = submitted
    services.workplan_approve(workplan=plan, actor=committee_member)

    with pytest.raises(ValidationError, match="approved by the Coordinating Committee"):
        services.thread_open(
            workplan=plan, result=activity, text="Late", actor=committee_member
        )


def test_it_mails_each_reviewer_once_per_submission(
    plan, committee_member, django_capture_on_commit_callbacks, monkeypatch
):
    committee_member.email = "member@example.org"
    committee_member.save()
    # The documents are another test's subject; here only the mail matters.
    monkeypatch.setattr("workplans.services.plans.documents_refresh", lambda pk: None)
    add_chain(plan)

    with django_capture_on_commit_callbacks(execute=True):
        version = services.workplan_submit(workplan=plan, actor=None)

    mail = OutgoingMail.objects.get()
    assert mail.to == ["member@example.org"]
    assert (
        mail.key == f"workplan:{plan.pk}:v{version.number}:review:{committee_member.pk}"
    )
    assert "submitted for your review" in mail.subject
