"""ism.workflow: the table type both reviewed documents use, and its refusals."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgets.models import Budget
from ism.workflow import MANAGE, REVIEW, Workflow, either, step

Status = Budget.Status
TABLE = Workflow(
    "budget",
    {
        "submit": step(Status.DRAFT, who=MANAGE, done="submitted"),
        "return": step(
            Status.SUBMITTED, Status.APPROVED, who=MANAGE, done="returned to draft"
        ),
        "discuss": step(
            Status.SUBMITTED,
            who=either(REVIEW, MANAGE, message="Only the ISU and the committee."),
            done="discussed",
        ),
    },
    must_be={
        Status.DRAFT: "a draft",
        Status.SUBMITTED: "submitted",
        Status.APPROVED: "approved",
    },
)


def _budget(apmbc, status):
    return Budget(convention=apmbc, year=2027, status=status)


def test_it_allows_a_step_from_its_statuses_to_whom_the_policy_lets(
    apmbc, isu_staff, committee_member, other_staff
):
    submitted = _budget(apmbc, Status.SUBMITTED)
    assert TABLE.available(submitted, isu_staff) == {
        "submit": False,
        "return": True,
        "discuss": True,
    }
    assert TABLE.available(submitted, committee_member) == {
        "submit": False,
        "return": False,
        "discuss": True,
    }
    assert not any(TABLE.available(submitted, other_staff).values())


def test_it_refuses_the_wrong_status_naming_what_it_must_be(apmbc):
    with pytest.raises(ValidationError) as refusal:
        TABLE.require_status("return", _budget(apmbc, Status.DRAFT))
    # The statuses in the table's order, whatever order the row lists them in.
    assert refusal.value.message_dict == {
        "__all__": [
            "This budget is draft and cannot be returned to draft: it must be "
            "submitted or approved."
        ]
    }
    TABLE.require_status("return", _budget(apmbc, Status.APPROVED))


def test_it_asks_the_access_policy_and_lets_ism_itself_through(
    apmbc, committee_member, focal_a
):
    with pytest.raises(PermissionDenied):
        TABLE.require_actor("submit", committee_member, apmbc)
    with pytest.raises(PermissionDenied, match=r"Only the ISU and the committee\."):
        TABLE.require_actor("discuss", focal_a, apmbc)
    TABLE.require_actor("discuss", committee_member, apmbc)
    TABLE.require_actor("submit", None, apmbc)  # a command or the demo loader


def test_a_recorded_change_moves_the_revision_and_is_audited_in_its_transaction(
    apmbc, isu_staff
):
    from django.db import transaction

    from ism.models import AuditEvent
    from ism.workflow import record_change

    budget = Budget.objects.create(convention=apmbc, year=2027)
    with transaction.atomic():
        record_change(budget, actor=isu_staff, verb="edited", changes={"a": [1, 2]})
    assert budget.revision == Budget.objects.get(pk=budget.pk).revision
    assert budget.revision == 1 + Budget._meta.get_field("revision").default
    event = AuditEvent.objects.get(verb="edited")
    assert (event.actor, event.changes) == (isu_staff, {"a": [1, 2]})
