"""The work plan's workflow table (workplans.services.base.WORKFLOW) is the one
answer to "which step from which status, by whom": for every status, persona and
step, the plan's pages offer the step exactly when its service accepts it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from tests.workplans.conftest import add_chain
from workplans import services
from workplans.models import WorkPlan
from workplans.services.base import WORKFLOW

Status = WorkPlan.Status
PERSONAS = ["isu_staff", "committee_member", "other_staff", "focal_a", "auditor"]
# Each step: the page that offers it, the form's URL name, the service call.
STEPS = {
    "submit": (
        "workplans:detail",
        "workplans:submit",
        lambda plan, user: services.workplan_submit(workplan=plan, actor=user),
    ),
    "adopt": (
        "workplans:detail",
        "workplans:adopt",
        lambda plan, user: services.workplan_adopt(
            workplan=plan,
            adopted_on=dt.date(2026, 12, 4),
            adopted_by="Twenty-Third Meeting of the States Parties",
            actor=user,
        ),
    ),
    "approve": (
        "workplans:review",
        "workplans:review-approve",
        lambda plan, user: services.workplan_approve(workplan=plan, actor=user),
    ),
    "request_changes": (
        "workplans:review",
        "workplans:review-request-changes",
        lambda plan, user: services.workplan_request_changes(
            workplan=plan, note="Number the outputs.", actor=user
        ),
    ),
    "discuss": (
        "workplans:review",
        "workplans:thread-open",
        lambda plan, user: services.thread_open(
            workplan=plan, text="Why 60 meetings?", actor=user
        ),
    ),
}


def _plan_in(plan: WorkPlan, status: str, reviewer) -> WorkPlan:
    add_chain(plan)
    if status != Status.DRAFT:
        services.workplan_submit(workplan=plan, actor=None, notify=False)
    if status == Status.CHANGES_REQUESTED:
        services.workplan_request_changes(
            workplan=plan, note="Link the activities.", actor=reviewer
        )
    if status in (Status.APPROVED, Status.ADOPTED):
        services.workplan_approve(workplan=plan, actor=reviewer)
    if status == Status.ADOPTED:
        STEPS["adopt"][2](plan, None)
    plan.refresh_from_db()
    assert plan.status == status
    return plan


class _Undo(Exception):
    pass


def _service_accepts(step: str, plan: WorkPlan, user) -> bool:
    """Call the service, then undo whatever it did."""
    fresh = WorkPlan.objects.get(pk=plan.pk)
    try:
        with transaction.atomic():
            STEPS[step][2](fresh, user)
            raise _Undo
    except _Undo:
        return True
    except (PermissionDenied, ValidationError):
        return False


def test_every_step_of_the_pages_is_a_row_of_the_table():
    assert set(STEPS) == set(WORKFLOW.transitions) - {"edit"}


@pytest.mark.parametrize("status", [s.value for s in Status])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_pages_offer_a_step_iff_the_service_accepts_it(
    request, client, plan, coordinating_committee, committee_member, status, persona
):
    user = request.getfixturevalue(persona)
    plan = _plan_in(plan, status, committee_member)
    client.force_login(user)
    pages = {}
    for page in {page for page, _form, _call in STEPS.values()}:
        response = client.get(reverse(page, args=[plan.pk]))
        pages[page] = response.content.decode() if response.status_code == 200 else ""
    offered = {
        step
        for step, (page, form, _call) in STEPS.items()
        if f'action="{reverse(form, args=[plan.pk])}"' in pages[page]
    }
    accepted = {step for step in STEPS if _service_accepts(step, plan, user)}
    assert offered == accepted
    assert accepted == {step for step in STEPS if WORKFLOW.allows(step, plan, user)}


def test_staff_and_committee_can_take_each_step_somewhere(
    plan, isu_staff, committee_member
):
    """The parametrized test above would pass with a table that allowed nothing."""
    add_chain(plan)
    allowed = set()
    for move in (
        lambda: services.workplan_submit(workplan=plan, actor=None, notify=False),
        lambda: services.workplan_approve(workplan=plan, actor=committee_member),
        lambda: None,
    ):
        plan.refresh_from_db()
        for user in (isu_staff, committee_member):
            allowed |= {s for s, ok in WORKFLOW.available(plan, user).items() if ok}
        move()
    assert allowed == set(WORKFLOW.transitions)


def test_a_refusal_names_the_status_and_what_it_must_be(plan, isu_staff):
    add_chain(plan)
    with pytest.raises(ValidationError) as refusal:
        services.workplan_adopt(
            workplan=plan, adopted_on=dt.date(2026, 12, 4), adopted_by="MSP", actor=None
        )
    assert refusal.value.messages == [
        "This work plan is draft and cannot be adopted: it must be approved."
    ]
