"""The budget's workflow table (budgets.services.base.WORKFLOW) is the one
answer to "which step from which status, by whom": for every status, persona and
step, the detail page offers the step's button exactly when the service, called
as the page calls it, accepts it."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budgets import services
from budgets.models import Budget
from budgets.services.base import WORKFLOW
from budgets.views.detail import ACTIONS

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"
Status = Budget.Status
PERSONAS = ["isu_staff", "committee_member", "other_staff", "focal_a", "auditor"]
# The steps the page posts, with what its forms would send.
DATA = {
    "submit": {},
    "return": {"reason": "The travel lines need another look."},
    "approve": {},
    "request-changes": {"comment": "Lower the travel costs."},
    "circulate": {"on": None},  # today, set in the test
    "adopt": {"on": None, "meeting": "MSP-22", "decision": "", "document_symbol": ""},
    "revise": {},
}


def _budget_in(status: str) -> Budget:
    """The APMBC 2026 reference budget, taken to `status` by ISM itself."""
    data = json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())
    budget, _ = services.budget_import(data=data)
    today = timezone.localdate()
    path = [
        (Status.SUBMITTED, lambda b: services.budget_submit(budget=b, actor=None)),
        (Status.APPROVED, lambda b: services.budget_approve(budget=b, actor=None)),
        (
            Status.CIRCULATED,
            lambda b: services.budget_circulate(
                budget=b, actor=None, on=today - dt.timedelta(days=60)
            ),
        ),
        (
            Status.ADOPTED,
            lambda b: services.budget_adopt(
                budget=b,
                actor=None,
                on=today - dt.timedelta(days=1),
                meeting="MSP-22",
                decision="",
                document_symbol="",
            ),
        ),
    ]
    for reached, move in path:
        if budget.status == status:
            break
        budget = move(budget)
        assert budget.status == reached
    assert budget.status == status
    return budget


class _Undo(Exception):
    pass


def _service_accepts(action: str, budget: Budget, user) -> bool:
    """Call the service as the page does, then undo whatever it did."""
    data = dict(DATA[action])
    if "on" in data:
        data["on"] = timezone.localdate()
    fresh = Budget.objects.get(pk=budget.pk)
    try:
        with transaction.atomic():
            ACTIONS[action].run(fresh, user, data)
            raise _Undo
    except _Undo:
        return True
    except (PermissionDenied, ValidationError):
        return False


def test_every_step_of_the_page_is_a_row_of_the_table():
    steps = {action.replace("-", "_") for action in ACTIONS} - {"comment"}
    assert steps == set(WORKFLOW.transitions) - {"edit"}


@pytest.mark.parametrize(
    "status",
    [Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.CIRCULATED, "adopted"],
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_page_offers_a_step_iff_the_service_accepts_it(
    request, client, apmbc, coordinating_committee, status, persona
):
    user = request.getfixturevalue(persona)
    budget = _budget_in(status)
    client.force_login(user)
    response = client.get(reverse("budgets:detail", args=[budget.pk]))
    page = response.content.decode() if response.status_code == 200 else ""
    offered = {
        action
        for action in DATA
        if f'action="{reverse(f"budgets:{action}", args=[budget.pk])}"' in page
    }
    accepted = {action for action in DATA if _service_accepts(action, budget, user)}
    assert offered == accepted
    # The table is what both read: every accepted step is one it allows.
    assert accepted == {
        action
        for action in DATA
        if WORKFLOW.allows(action.replace("-", "_"), budget, user)
    }


def test_staff_and_committee_can_take_each_step_somewhere(
    apmbc, isu_staff, committee_member
):
    """The parametrized test above would pass with a table that allowed nothing."""
    budget = _budget_in(Status.DRAFT)
    allowed = set()
    for move in (
        lambda b: services.budget_submit(budget=b, actor=None),
        lambda b: services.budget_approve(budget=b, actor=None),
        lambda b: services.budget_circulate(
            budget=b, actor=None, on=timezone.localdate()
        ),
        lambda b: b,
    ):
        for user in (isu_staff, committee_member):
            allowed |= {a for a, ok in WORKFLOW.available(budget, user).items() if ok}
        budget = move(budget)
    assert allowed == set(WORKFLOW.transitions) - {"revise"}


def test_a_refusal_names_the_status_and_what_it_must_be(apmbc, isu_staff):
    budget = _budget_in(Status.CIRCULATED)
    with pytest.raises(ValidationError) as refusal:
        services.budget_submit(budget=budget, actor=isu_staff)
    assert refusal.value.message_dict == {
        "__all__": [
            "This budget is circulated to States and cannot be submitted: it must "
            "be a draft."
        ]
    }
