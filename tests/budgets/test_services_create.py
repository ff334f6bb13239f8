"""budget_create: next year's budget from empty or as a copy of last year's —
the figures and staffing, not the old document's facts or workflow."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from budgets.calculations import figures
from budgets.models import Budget
from budgets.services import (
    budget_approve,
    budget_circulate,
    budget_create,
    budget_import,
    budget_submit,
)
from ism.audit import history_of
from tests.factories import ConventionFactory

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


@pytest.fixture
def last_year(apmbc):
    """The APMBC 2026 budget as published: circulated."""
    data = json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())
    budget, _ = budget_import(data=data)
    budget_submit(budget=budget, actor=None)
    budget_approve(budget=budget, actor=None)
    return budget_circulate(budget=budget, actor=None, on=dt.date(2025, 10, 8))


def test_staff_start_an_empty_budget(apmbc, isu_staff):
    budget = budget_create(convention=apmbc, year=2027, actor=isu_staff)

    assert (budget.status, budget.version, budget.currency) == ("draft", 1, "CHF")
    assert budget.title == "APMBC Implementation Support Unit budget 2027"
    assert figures(budget).total.amount == 0
    event = history_of(budget).first()
    assert (event.verb, event.actor) == ("created", isu_staff)


def test_a_copy_takes_the_figures_and_staffing_of_the_budget_it_copies(
    last_year, isu_staff
):
    copy = budget_create(
        convention=last_year.convention, year=2027, actor=isu_staff, copy_from=last_year
    )

    assert copy.status == Budget.Status.DRAFT
    assert figures(copy) == figures(last_year)
    assert [p.title for p in copy.positions.all()] == [
        p.title for p in last_year.positions.all()
    ]
    assert [m.purpose for m in copy.missions.all()] == [
        m.purpose for m in last_year.missions.all()
    ]
    assert [n.text for n in copy.notes.all()] == [n.text for n in last_year.notes.all()]
    assert copy.in_kind.count() == last_year.in_kind.count() == 1
    assert copy.title == "APMBC Implementation Support Unit budget 2027"
    assert history_of(copy).first().changes["copied from"] == [None, str(last_year)]


def test_a_copy_leaves_the_old_documents_facts_behind(last_year, isu_staff):
    copy = budget_create(
        convention=last_year.convention, year=2027, actor=isu_staff, copy_from=last_year
    )

    assert (copy.meeting, copy.agenda_item, copy.document_symbol) == ("", "", "")
    assert copy.document_date is None
    assert copy.circulated_on is None
    assert copy.revision == 1
    # The budget it copies is untouched.
    assert Budget.objects.get(pk=last_year.pk).status == Budget.Status.CIRCULATED


def test_a_second_budget_for_the_same_year_is_refused(last_year, isu_staff):
    with pytest.raises(ValidationError) as refusal:
        budget_create(convention=last_year.convention, year=2026, actor=isu_staff)

    assert refusal.value.message_dict == {
        "year": ["The APMBC already has a budget for 2026."]
    }
    assert Budget.objects.count() == 1


def test_only_a_budget_of_the_same_convention_is_copied(last_year, superuser):
    ccw = ConventionFactory(code="CCW", currency="USD")

    with pytest.raises(ValidationError) as refusal:
        budget_create(convention=ccw, year=2027, actor=superuser, copy_from=last_year)

    assert list(refusal.value.message_dict) == ["copy_from"]
    assert Budget.objects.count() == 1


@pytest.mark.parametrize("year", [1900, "2027", 2027.0])
def test_the_year_must_be_a_year(apmbc, isu_staff, year):
    with pytest.raises(ValidationError) as refusal:
        budget_create(convention=apmbc, year=year, actor=isu_staff)

    assert list(refusal.value.message_dict) == ["year"]
    assert not Budget.objects.exists()


def test_the_documents_first_render_is_queued_after_commit(
    apmbc, isu_staff, monkeypatch, django_capture_on_commit_callbacks
):
    from budgets.tasks import budget_render_pdf

    sent = []
    monkeypatch.setattr(budget_render_pdf, "delay", sent.append)

    with django_capture_on_commit_callbacks(execute=True):
        budget = budget_create(convention=apmbc, year=2027, actor=isu_staff)

    assert sent == [budget.pk]
