"""budget_save refuses bad input with a message at the field, and saves nothing:
not the good rows beside the bad one, not a new revision, not an audit event."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money

from budgets.models import (
    Budget,
    BudgetLine,
    BudgetNote,
    InKindSupport,
    Mission,
    StaffPosition,
)
from budgets.services import budget_import, budget_save
from ism.concurrency import LATEST
from ism.models import AuditEvent

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


def chf(amount):
    return Money(Decimal(amount), "CHF")


def database_rows():
    """Every stored row a budget save could touch."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Budget,
            StaffPosition,
            BudgetLine,
            Mission,
            BudgetNote,
            InKindSupport,
            AuditEvent,
        )
    }


@pytest.fixture
def draft(apmbc):
    data = json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())
    budget, _ = budget_import(data=data)
    return budget


def document(budget):
    """What the edit page would post back unchanged."""
    return {
        "fields": {
            "title": budget.title,
            "meeting": budget.meeting,
            "agenda_item": budget.agenda_item,
            "document_symbol": budget.document_symbol,
            "document_date": budget.document_date,
            "salaries_total": budget.salaries_total,
            "social_security_rate": budget.social_security_rate,
            "social_security_amount": budget.social_security_amount,
        },
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


def refused(budget, actor, doc):
    """Save `doc`, expect a refusal, and check that nothing was written."""
    before = database_rows()
    with pytest.raises(ValidationError) as refusal:
        budget_save(version=LATEST, budget=budget, actor=actor, **doc)
    assert database_rows() == before
    return refusal.value.message_dict


def test_it_refuses_a_negative_amount(draft, isu_staff):
    doc = document(draft)
    doc["lines"][0]["amount"] = chf("-50000")

    errors = refused(draft, isu_staff, doc)

    assert errors == {"lines.0.amount": ["An amount cannot be negative."]}


@pytest.mark.parametrize("fte", [Decimal("0"), Decimal("1.5"), Decimal("-0.5")])
def test_it_refuses_an_fte_outside_zero_to_one(draft, isu_staff, fte):
    doc = document(draft)
    doc["positions"][3]["fte"] = fte

    errors = refused(draft, isu_staff, doc)

    assert errors == {"positions.3.fte": ["FTE must be more than 0 and at most 1."]}


@pytest.mark.parametrize("rate", [Decimal("1.2"), Decimal("-0.1")])
def test_it_refuses_a_social_security_rate_outside_0_to_100_percent(
    draft, isu_staff, rate
):
    doc = document(draft)
    doc["fields"]["social_security_rate"] = rate

    errors = refused(draft, isu_staff, doc)

    assert errors == {"social_security_rate": ["The rate must be between 0% and 100%."]}


def test_it_refuses_an_amount_in_another_currency(draft, isu_staff):
    doc = document(draft)
    doc["lines"][1]["amount"] = Money(40000, "EUR")
    doc["fields"]["salaries_total"] = Money(568386, "USD")

    errors = refused(draft, isu_staff, doc)

    assert set(errors) == {"lines.1.amount", "salaries_total"}
    assert "CHF" in errors["lines.1.amount"][0]
    assert "EUR" in errors["lines.1.amount"][0]


def test_it_refuses_a_salary_without_a_position_title(draft, isu_staff):
    doc = document(draft)
    doc["positions"].append(
        {"title": "  ", "grade": "", "fte": Decimal("0.5"), "salary": chf("60000")}
    )

    errors = refused(draft, isu_staff, doc)

    assert errors == {"positions.4.title": ["A salary needs a position title."]}


@pytest.mark.parametrize(
    ("place", "value"),
    [
        (("lines", 0, "amount"), "5O000"),
        (("positions", 0, "fte"), "1.O"),
        (("positions", 0, "salary"), "ten thousand"),
        (("missions", 0, "unit_cost"), 2500.0),  # a float is not an exact amount
        (("fields", None, "social_security_amount"), "110835"),
    ],
)
def test_it_refuses_text_in_a_number_field(draft, isu_staff, place, value):
    section, index, name = place
    doc = document(draft)
    target = doc[section] if index is None else doc[section][index]
    target[name] = value

    errors = refused(draft, isu_staff, doc)

    key = name if index is None else f"{section}.{index}.{name}"
    assert errors == {key: ["Enter a number."]}


def test_it_refuses_an_empty_note(draft, isu_staff):
    doc = document(draft)
    doc["notes"].append({"kind": "assumption", "text": "   "})

    errors = refused(draft, isu_staff, doc)

    assert errors == {"notes.1.text": ["A note cannot be empty."]}


def test_it_reports_every_problem_at_once_and_keeps_the_good_changes_unsaved(
    draft, isu_staff
):
    doc = document(draft)
    doc["lines"][0]["amount"] = chf("52000")  # a good change...
    doc["positions"][0]["fte"] = Decimal("1.5")  # ...beside bad ones
    doc["lines"][1]["amount"] = chf("-1")
    doc["fields"]["social_security_rate"] = Decimal("1.2")

    errors = refused(draft, isu_staff, doc)

    assert set(errors) == {"positions.0.fte", "lines.1.amount", "social_security_rate"}
    assert BudgetLine.objects.get(budget=draft, label="Staff travel").amount == chf(
        "50000"
    )


def test_it_refuses_a_line_without_an_amount_unless_built_from_missions(
    draft, isu_staff
):
    doc = document(draft)
    doc["lines"][0]["amount"] = None

    errors = refused(draft, isu_staff, doc)
    assert errors == {"lines.0.amount": ["Enter an amount."]}

    doc["lines"][0]["from_missions"] = True
    doc["missions"][0]["unit_cost"] = chf("2500")
    saved = budget_save(version=LATEST, budget=draft, actor=isu_staff, **doc)
    assert saved.lines.get(label="Staff travel").from_missions


def test_it_refuses_to_save_a_budget_that_is_no_longer_a_draft(draft, isu_staff):
    Budget.objects.filter(pk=draft.pk).update(status=Budget.Status.SUBMITTED)
    doc = document(draft)
    doc["lines"][0]["amount"] = chf("52000")

    errors = refused(draft, isu_staff, doc)

    assert list(errors) == ["__all__"]
    assert "submitted" in errors["__all__"][0]


def test_it_refuses_two_lines_of_one_category_with_the_same_label(draft, isu_staff):
    doc = document(draft)
    doc["lines"].append(dict(doc["lines"][0], label="staff travel "))

    errors = refused(draft, isu_staff, doc)

    assert errors == {"lines.2.label": ["Another line already has this label."]}


def test_it_refuses_a_date_that_is_not_a_date(draft, isu_staff):
    doc = document(draft)
    doc["fields"]["document_date"] = "8 October 2025"

    assert refused(draft, isu_staff, doc) == {"document_date": ["Enter a date."]}
    doc["fields"]["document_date"] = dt.date(2025, 10, 9)
    assert budget_save(
        version=LATEST, budget=draft, actor=isu_staff, **doc
    ).document_date == (dt.date(2025, 10, 9))
