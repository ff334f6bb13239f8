"""Who may do what to a budget, decided by ism.access inside every service: only
the ISU staff of the budget's convention edit, submit, circulate, adopt and revise
it; only members of its Coordinating Committee approve or request changes; focal
points, other conventions' staff and auditors change nothing."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from djmoney.money import Money

from budgets.models import (
    Budget,
    BudgetComment,
    BudgetLine,
    Fund,
    FundMovement,
    StaffPosition,
)
from budgets.services import (
    budget_adopt,
    budget_approve,
    budget_circulate,
    budget_comment_add,
    budget_create,
    budget_import,
    budget_request_changes,
    budget_return_to_draft,
    budget_revise,
    budget_save,
    budget_submit,
    fund_movement_record,
)
from ism.concurrency import LATEST
from ism.models import AuditEvent

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"
ON = dt.date(2025, 10, 8)


def reference(name):
    return json.loads((REFERENCE / name).read_text())


@pytest.fixture
def draft(apmbc):
    budget, _ = budget_import(data=reference("apmbc-2026-budget.json"))
    return budget


@pytest.fixture
def submitted(draft):
    return budget_submit(budget=draft, actor=None)


def database_rows():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Budget,
            StaffPosition,
            BudgetLine,
            BudgetComment,
            FundMovement,
            AuditEvent,
        )
    }


def denied(call, **kwargs):
    before = database_rows()
    with pytest.raises(PermissionDenied):
        call(**kwargs)
    assert database_rows() == before


EDIT = {
    "version": LATEST,
    "fields": {"title": "Changed"},
    "positions": [{"title": "Director", "fte": Decimal("1")}],
    "lines": [
        {"category": "travel", "label": "Travel", "amount": Money(1, "CHF")},
    ],
    "missions": [],
    "notes": [],
}


@pytest.mark.parametrize(
    "persona", ["other_staff", "committee_member", "focal_a", "auditor"]
)
def test_only_the_conventions_staff_edit_and_submit_a_draft(request, draft, persona):
    user = request.getfixturevalue(persona)

    denied(budget_save, budget=draft, actor=user, **EDIT)
    denied(budget_submit, budget=draft, actor=user)
    denied(budget_create, convention=draft.convention, year=2027, actor=user)
    denied(budget_import, data=reference("apmbc-2026-budget.json"), actor=user)


def test_the_conventions_staff_and_an_administrator_may(draft, isu_staff, superuser):
    budget_save(budget=draft, actor=isu_staff, **EDIT)
    budget_submit(budget=draft, actor=superuser)

    assert Budget.objects.get(pk=draft.pk).status == Budget.Status.SUBMITTED


@pytest.mark.parametrize("persona", ["other_staff", "committee_member", "focal_a"])
def test_only_staff_take_back_circulate_adopt_and_revise(request, submitted, persona):
    user = request.getfixturevalue(persona)

    denied(budget_return_to_draft, budget=submitted, actor=user, reason="why")
    budget_approve(budget=submitted, actor=None)
    denied(budget_circulate, budget=submitted, actor=user, on=ON)
    budget_circulate(budget=submitted, actor=None, on=ON)
    denied(
        budget_adopt,
        budget=submitted,
        actor=user,
        on=ON,
        meeting="22MSP",
        decision="",
        document_symbol="",
    )
    budget_adopt(
        budget=submitted,
        actor=None,
        on=ON,
        meeting="22MSP",
        decision="",
        document_symbol="",
    )
    denied(budget_revise, budget=submitted, actor=user)


@pytest.mark.parametrize(
    "persona", ["isu_staff", "other_staff", "focal_a", "thematic_member", "auditor"]
)
def test_only_coordinating_committee_members_approve_or_request_changes(
    request, submitted, persona
):
    user = request.getfixturevalue(persona)

    denied(budget_approve, budget=submitted, actor=user)
    denied(budget_request_changes, budget=submitted, actor=user, comment="No.")


def test_staff_comment_at_any_stage(draft, isu_staff):
    comment = budget_comment_add(budget=draft, actor=isu_staff, text="Check travel.")

    assert (comment.author, comment.budget) == (isu_staff, draft)


def test_committee_members_comment_once_the_budget_is_submitted_to_them(
    draft, committee_member
):
    denied(budget_comment_add, budget=draft, actor=committee_member, text="Early")

    budget_submit(budget=draft, actor=None)
    comment = budget_comment_add(
        budget=draft, actor=committee_member, text="Why 26 missions?"
    )

    assert comment.text == "Why 26 missions?"
    assert AuditEvent.objects.filter(verb="commented", actor=committee_member).exists()


@pytest.mark.parametrize("persona", ["other_staff", "focal_a", "thematic_member"])
def test_nobody_else_comments(request, submitted, persona):
    user = request.getfixturevalue(persona)

    denied(budget_comment_add, budget=submitted, actor=user, text="Hello")


def test_only_the_conventions_staff_record_fund_movements(
    draft, other_staff, committee_member, focal_a
):
    fund = Fund.objects.get(convention=draft.convention)
    for user in (other_staff, committee_member, focal_a):
        denied(
            fund_movement_record,
            fund=fund,
            actor=user,
            date=ON,
            kind="contribution",
            amount=Money(1000, "CHF"),
        )
