"""budget_save records who changed what, at field level with the amounts, moves
the budget to a new revision and has its document rendered again after commit."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from djmoney.money import Money

from budgets.calculations import figures
from budgets.models import BudgetLine
from budgets.services import budget_import, budget_save
from ism.audit import history_of
from ism.concurrency import LATEST

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


def chf(amount):
    return Money(Decimal(amount), "CHF")


@pytest.fixture
def draft(apmbc):
    data = json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())
    budget, _ = budget_import(data=data)
    return budget


@pytest.fixture
def rendered(monkeypatch):
    """The ids the document task was sent, instead of rendering them."""
    from budgets.tasks import budget_render_pdf

    sent = []
    monkeypatch.setattr(budget_render_pdf, "delay", sent.append)
    return sent


def document(budget):
    return {
        "fields": {"salaries_total": budget.salaries_total},
        "positions": [
            {"title": p.title, "grade": p.grade, "fte": p.fte, "salary": p.salary}
            for p in budget.positions.all()
        ],
        "lines": [
            {
                "category": ln.category,
                "label": ln.label,
                "amount": ln.amount,
                "from_missions": ln.from_missions,
                "note": ln.note,
            }
            for ln in budget.lines.all()
        ],
        "missions": [
            {"purpose": m.purpose, "count": m.count, "haul": m.haul, "unit_cost": None}
            for m in budget.missions.all()
        ],
        "notes": [{"kind": n.kind, "text": n.text} for n in budget.notes.all()],
    }


def test_it_records_each_changed_amount_with_its_old_and_new_value(draft, isu_staff):
    doc = document(draft)
    doc["lines"][0]["amount"] = chf("52000")
    doc["positions"][0]["salary"] = chf("180000")
    doc["fields"]["salaries_total"] = chf("570000")

    budget_save(version=LATEST, budget=draft, actor=isu_staff, **doc)

    event = history_of(draft).first()
    assert event.verb == "edited"
    assert event.actor == isu_staff
    assert event.convention == draft.convention
    assert event.changes == {
        "lines.Staff travel.amount": ["50000.00", "52000.00"],
        "positions.Director.salary": [None, "180000.00"],
        "salaries_total": ["568386.00", "570000.00"],
    }


def test_it_moves_the_budget_to_a_new_revision_and_the_figures_follow(draft, isu_staff):
    doc = document(draft)
    doc["lines"][0]["amount"] = chf("52000")
    before = figures(draft).total

    saved = budget_save(version=LATEST, budget=draft, actor=isu_staff, **doc)

    assert saved.revision == 2
    draft.refresh_from_db()
    assert draft.revision == 2
    assert figures(draft).total == before + chf("2000")


def test_it_changes_nothing_when_the_document_is_saved_unchanged(draft, isu_staff):
    events = history_of(draft).count()

    saved = budget_save(
        version=LATEST, budget=draft, actor=isu_staff, **document(draft)
    )

    assert saved.revision == 1
    assert history_of(draft).count() == events


def test_it_names_rows_of_the_same_title_apart(draft, isu_staff):
    doc = document(draft)
    doc["positions"][2]["fte"] = Decimal("0.8")  # the second of three officers

    budget_save(version=LATEST, budget=draft, actor=isu_staff, **doc)

    assert history_of(draft).first().changes == {
        "positions.Implementation Support Officer #2.fte": ["1", "0.8"]
    }


def test_it_records_added_and_removed_rows_field_by_field(draft, isu_staff):
    doc = document(draft)
    doc["lines"].append(
        {"category": "communications", "label": "Website", "amount": chf("8000")}
    )
    del doc["positions"][3]

    budget_save(version=LATEST, budget=draft, actor=isu_staff, **doc)

    changes = history_of(draft).first().changes
    assert changes["lines.Website.amount"] == [None, "8000.00"]
    assert changes["lines.Website.category"] == [None, "communications"]
    assert changes["positions.Implementation Support Officer #3.fte"] == ["0.6", None]


def test_it_keeps_a_renamed_line_the_same_line(draft, isu_staff):
    """Work plan results point at the lines that pay for them."""
    line = BudgetLine.objects.get(budget=draft, label="Staff travel")
    doc = document(draft)
    doc["lines"][0]["label"] = "Travel of ISU staff"

    budget_save(version=LATEST, budget=draft, actor=isu_staff, **doc)

    line.refresh_from_db()
    assert line.label == "Travel of ISU staff"
    assert history_of(draft).first().changes == {
        "lines.Staff travel.label": ["Staff travel", "Travel of ISU staff"]
    }


def test_it_records_a_new_order_of_the_lines(draft, isu_staff):
    doc = document(draft)
    doc["lines"].reverse()

    budget_save(version=LATEST, budget=draft, actor=isu_staff, **doc)

    assert [ln.label for ln in draft.lines.all()] == [
        "Other support costs",
        "Staff travel",
    ]
    assert history_of(draft).first().changes == {
        "lines.order": [
            ["Staff travel", "Other support costs"],
            ["Other support costs", "Staff travel"],
        ]
    }


def test_it_renders_the_document_again_after_commit(
    draft, isu_staff, rendered, django_capture_on_commit_callbacks
):
    doc = document(draft)
    doc["lines"][1]["amount"] = chf("41000")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        budget_save(version=LATEST, budget=draft, actor=isu_staff, **doc)

    assert len(callbacks) == 1
    assert rendered == [draft.pk]


def test_it_renders_nothing_when_nothing_changed(
    draft, isu_staff, rendered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        budget_save(version=LATEST, budget=draft, actor=isu_staff, **document(draft))

    assert callbacks == []
    assert rendered == []
