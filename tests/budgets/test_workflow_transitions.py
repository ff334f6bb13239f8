"""The life of a budget: draft → submitted → approved → circulated → adopted, back
to draft with a reason, changes requested by the Coordinating Committee, and a
revision of an adopted budget as a new version. Each step is guarded by the status
it starts from, and each leaves an audit event."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money

from budgets.calculations import figures
from budgets.models import Budget, BudgetComment
from budgets.services import (
    budget_adopt,
    budget_approve,
    budget_circulate,
    budget_create,
    budget_import,
    budget_request_changes,
    budget_return_to_draft,
    budget_revise,
    budget_save,
    budget_submit,
)
from ism.audit import history_of
from ism.concurrency import LATEST

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"
Status = Budget.Status
ON = dt.date(2025, 10, 8)


@pytest.fixture
def draft(apmbc):
    data = json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())
    budget, _ = budget_import(data=data)
    return budget


@pytest.fixture
def submitted(draft, isu_staff):
    return budget_submit(budget=draft, actor=isu_staff)


@pytest.fixture
def approved(submitted, committee_member):
    return budget_approve(budget=submitted, actor=committee_member)


@pytest.fixture
def circulated(approved, isu_staff):
    return budget_circulate(budget=approved, actor=isu_staff, on=ON)


@pytest.fixture
def adopted(circulated, isu_staff):
    return budget_adopt(
        budget=circulated,
        actor=isu_staff,
        on=dt.date(2025, 12, 5),
        meeting="Twenty-Second Meeting of the States Parties",
        decision="Decision on the ISU 2026 budget",
        document_symbol="APLC/MSP.22/2025/9",
    )


def stored(budget):
    return Budget.objects.get(pk=budget.pk)


def refused(call, **kwargs):
    with pytest.raises(ValidationError) as refusal:
        call(**kwargs)
    return refusal.value.message_dict


def test_staff_submit_a_draft_to_the_committee(draft, isu_staff):
    budget_submit(budget=draft, actor=isu_staff)

    budget = stored(draft)
    assert budget.status == Status.SUBMITTED
    assert budget.revision == 2
    event = history_of(draft).first()
    assert (event.verb, event.actor) == ("submitted", isu_staff)
    assert event.changes == {"status": ["draft", "submitted"]}


def test_an_empty_budget_cannot_be_submitted(apmbc, isu_staff):
    empty = budget_create(convention=apmbc, year=2027, actor=isu_staff)

    errors = refused(budget_submit, budget=empty, actor=isu_staff)

    assert "empty" in errors["__all__"][0]
    assert stored(empty).status == Status.DRAFT


def test_a_submitted_budget_cannot_be_submitted_again(submitted, isu_staff):
    errors = refused(budget_submit, budget=submitted, actor=isu_staff)

    assert errors == {
        "__all__": [
            "This budget is submitted to the Coordinating Committee and cannot be "
            "submitted: it must be a draft."
        ]
    }


def test_a_committee_member_approves_a_submitted_budget(submitted, committee_member):
    budget_approve(budget=submitted, actor=committee_member)

    assert stored(submitted).status == Status.APPROVED
    event = history_of(submitted).first()
    assert (event.verb, event.actor) == ("approved", committee_member)


@pytest.mark.parametrize("stage", ["draft", "approved", "circulated", "adopted"])
def test_a_committee_member_approves_only_a_submitted_budget(
    request, committee_member, stage
):
    budget = request.getfixturevalue(stage)
    status = stored(budget).status

    refused(budget_approve, budget=budget, actor=committee_member)

    assert stored(budget).status == status


def test_a_committee_member_requests_changes_with_a_comment(
    submitted, committee_member
):
    budget_request_changes(
        budget=submitted, actor=committee_member, comment="Explain the travel line."
    )

    assert stored(submitted).status == Status.DRAFT
    [comment] = BudgetComment.objects.filter(budget=submitted)
    assert (comment.author, comment.text) == (
        committee_member,
        "Explain the travel line.",
    )
    event = history_of(submitted).first()
    assert event.verb == "changes requested"
    assert event.changes["comment"] == [None, "Explain the travel line."]


def test_changes_are_requested_only_with_a_comment_and_only_when_submitted(
    submitted, approved, committee_member
):
    errors = refused(
        budget_request_changes, budget=approved, actor=committee_member, comment="x"
    )
    assert "__all__" in errors

    budget_return_to_draft(budget=approved, actor=None, reason="test set-up")
    budget_submit(budget=approved, actor=None)
    errors = refused(
        budget_request_changes, budget=approved, actor=committee_member, comment="  "
    )
    assert errors == {"comment": ["Say what should change."]}
    assert stored(approved).status == Status.SUBMITTED
    assert not BudgetComment.objects.exists()


@pytest.mark.parametrize("stage", ["submitted", "approved"])
def test_staff_take_a_budget_back_to_draft_with_a_reason(request, isu_staff, stage):
    budget = request.getfixturevalue(stage)

    budget_return_to_draft(
        budget=budget, actor=isu_staff, reason="The host revised the salary scale."
    )

    assert stored(budget).status == Status.DRAFT
    event = history_of(budget).first()
    assert event.verb == "returned to draft"
    assert event.changes == {
        "status": [stage, "draft"],
        "reason": [None, "The host revised the salary scale."],
    }


def test_going_back_to_draft_needs_a_reason(submitted, isu_staff):
    events = history_of(submitted).count()

    errors = refused(
        budget_return_to_draft, budget=submitted, actor=isu_staff, reason=" "
    )

    assert errors == {"reason": ["Say why the budget goes back to draft."]}
    assert stored(submitted).status == Status.SUBMITTED
    assert history_of(submitted).count() == events


@pytest.mark.parametrize("stage", ["draft", "circulated", "adopted"])
def test_only_a_submitted_or_approved_budget_goes_back_to_draft(
    request, isu_staff, stage
):
    budget = request.getfixturevalue(stage)

    refused(budget_return_to_draft, budget=budget, actor=isu_staff, reason="why")


def test_staff_record_the_circulation_of_an_approved_budget(approved, isu_staff):
    budget_circulate(budget=approved, actor=isu_staff, on=ON)

    budget = stored(approved)
    assert (budget.status, budget.circulated_on) == (Status.CIRCULATED, ON)
    assert budget.is_public


@pytest.mark.parametrize("stage", ["draft", "submitted"])
def test_only_an_approved_budget_is_circulated(request, isu_staff, stage):
    budget = request.getfixturevalue(stage)

    refused(budget_circulate, budget=budget, actor=isu_staff, on=ON)

    assert stored(budget).circulated_on is None


def test_staff_record_the_adoption_by_the_meeting(adopted):
    budget = stored(adopted)

    assert budget.status == Status.ADOPTED
    assert budget.adopted_on == dt.date(2025, 12, 5)
    assert budget.adopted_by == "Twenty-Second Meeting of the States Parties"
    assert budget.adoption_decision == "Decision on the ISU 2026 budget"
    assert budget.document_symbol == "APLC/MSP.22/2025/9"
    assert history_of(budget).first().changes["status"] == ["circulated", "adopted"]


def test_adoption_cannot_precede_circulation(circulated, isu_staff):
    errors = refused(
        budget_adopt,
        budget=circulated,
        actor=isu_staff,
        on=ON - dt.timedelta(days=1),
        meeting="22MSP",
        decision="",
        document_symbol="",
    )

    assert errors == {"on": ["Adoption cannot precede circulation (8 October 2025)."]}
    assert stored(circulated).status == Status.CIRCULATED


def test_an_adopted_budget_cannot_be_saved(adopted, isu_staff):
    errors = refused(
        budget_save,
        budget=adopted,
        actor=isu_staff,
        version=LATEST,
        fields={"title": "Changed"},
        positions=[],
        lines=[],
        missions=[],
        notes=[],
    )

    assert list(errors) == ["__all__"]
    assert stored(adopted).title != "Changed"


def test_revising_an_adopted_budget_makes_version_2_as_a_draft(adopted, isu_staff):
    revision = budget_revise(budget=adopted, actor=isu_staff)

    assert (revision.version, revision.status) == (2, Status.DRAFT)
    assert revision.revises == adopted
    assert revision.year == adopted.year
    assert figures(revision).total == figures(adopted).total
    assert revision.document_symbol == adopted.document_symbol
    assert revision.adopted_on is None
    # The adopted version stays in force until the revision is adopted.
    assert stored(adopted).status == Status.ADOPTED
    assert history_of(adopted).first().verb == "revision started"


def test_adopting_the_revision_supersedes_the_adopted_version(adopted, isu_staff):
    revision = budget_revise(budget=adopted, actor=isu_staff)
    doc = {
        "fields": {},
        "positions": [
            {"title": p.title, "fte": p.fte} for p in revision.positions.all()
        ],
        "lines": [
            {"category": ln.category, "label": ln.label, "amount": ln.amount}
            for ln in revision.lines.all()
        ],
        "missions": [],
        "notes": [],
    }
    doc["lines"][0]["amount"] = Money(Decimal("60000"), "CHF")
    budget_save(version=LATEST, budget=revision, actor=isu_staff, **doc)
    budget_submit(budget=revision, actor=None)
    budget_approve(budget=revision, actor=None)
    budget_circulate(budget=revision, actor=isu_staff, on=dt.date(2026, 3, 1))
    budget_adopt(
        budget=revision,
        actor=isu_staff,
        on=dt.date(2026, 6, 20),
        meeting="Intersessional meeting",
        decision="",
        document_symbol="",
    )

    assert stored(revision).status == Status.ADOPTED
    assert stored(adopted).status == Status.SUPERSEDED
    assert history_of(adopted).first().changes == {
        "status": ["adopted", "superseded"],
        "superseded_by": [None, str(revision)],
    }


def test_a_budget_is_revised_once_at_a_time_and_only_when_adopted(
    adopted, circulated, isu_staff
):
    budget_revise(budget=adopted, actor=isu_staff)

    errors = refused(budget_revise, budget=adopted, actor=isu_staff)
    assert "already under way" in errors["__all__"][0]


def test_a_budget_not_adopted_cannot_be_revised(circulated, isu_staff):
    refused(budget_revise, budget=circulated, actor=isu_staff)

    assert Budget.objects.count() == 1


def test_the_history_holds_every_step_in_order(adopted, isu_staff):
    verbs = list(reversed([e.verb for e in history_of(adopted)]))

    assert verbs == ["imported", "submitted", "approved", "circulated", "adopted"]
    actors = {e.verb: e.actor for e in history_of(adopted)}
    assert actors["imported"] is None  # ISM itself, from the budget file
    assert actors["submitted"] == isu_staff


def test_each_step_has_the_document_rendered_again(
    draft, isu_staff, committee_member, monkeypatch, django_capture_on_commit_callbacks
):
    from budgets.tasks import budget_render_pdf

    sent = []
    monkeypatch.setattr(budget_render_pdf, "delay", sent.append)

    with django_capture_on_commit_callbacks(execute=True):
        budget_submit(budget=draft, actor=isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        budget_approve(budget=draft, actor=committee_member)

    assert sent == [draft.pk, draft.pk]
    assert stored(draft).revision == 3
