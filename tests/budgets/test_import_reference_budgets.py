"""Importing the published budgets reproduces their figures to the unit.

Expected figures are read from the reference files (expected_totals, buffer_fund,
staff.total_fte) or computed here independently — never copied from ISM's output.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from djmoney.money import Money

from budgets.calculations import figures
from budgets.models import Budget, BudgetNote, EarmarkedProject, Fund, FundMovement
from budgets.selectors import budget_view
from budgets.services import budget_import
from ism.money import round_half_up

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


def reference(name):
    return json.loads(
        (REFERENCE / name).read_text(encoding="utf-8"), parse_float=Decimal
    )


def published(data, key):
    return Money(Decimal(data["expected_totals"][key]), data["currency"])


def test_it_reproduces_the_apmbc_2026_budget(apmbc):
    data = reference("apmbc-2026-budget.json")

    budget, created = budget_import(data=data)

    assert created
    result = figures(budget)
    assert result.staff_subtotal == published(data, "staff_subtotal")  # 679,221
    assert result.operations_subtotal == published(data, "travel_and_other_subtotal")
    assert result.total == published(data, "total")  # 769,221 CHF
    assert result.total.currency.code == "CHF"
    assert result.total_fte == Decimal(data["staff"]["total_fte"])  # 3.6
    assert result.salaries_source == "published total"


def test_it_gives_the_apmbc_buffer_fund_its_published_coverage(apmbc):
    data = reference("apmbc-2026-budget.json")
    budget, _ = budget_import(data=data)

    view = budget_view(budget)

    [fund] = view.funds
    assert fund.balance == Money(Decimal(data["buffer_fund"]["balance"]), "CHF")
    assert fund.coverage == Decimal(data["buffer_fund"]["coverage_of_total"])  # 0.986
    # And independently: balance ÷ total, to three places.
    expected = round_half_up(
        Decimal(data["buffer_fund"]["balance"])
        / Decimal(data["expected_totals"]["total"]),
        Decimal("0.001"),
    )
    assert fund.coverage == expected
    assert fund.fund.target_years == 1
    assert fund.fund.rule == data["buffer_fund"]["rule"]


def test_it_reproduces_the_ccm_2024_budget_with_social_security_at_20_percent(ccm):
    data = reference("ccm-2024-budget.json")
    salaries = Decimal(
        next(ln["amount"] for ln in data["lines"] if ln["label"] == "Salaries")
    )
    rate = Decimal(data["social_security_rate"])

    budget, _ = budget_import(data=data)

    result = figures(budget)
    assert result.total == published(data, "total")  # 477,724 CHF
    # 20% of 348,103 = 69,620.6, rounded half-up to 69,621: the published figure.
    assert result.social_security == Money(round_half_up(rate * salaries), "CHF")
    assert budget.social_security_rate == rate
    # Recomputed from the rate alone, the same figure.
    budget.social_security_amount = None
    assert figures(budget).social_security == Money(Decimal("69621"), "CHF")


def test_it_keeps_the_apmbc_staff_social_security_as_the_published_amount(apmbc):
    data = reference("apmbc-2026-budget.json")
    budget, _ = budget_import(data=data)

    # The file gives no rate: the amount is stored, no rate is invented.
    assert budget.social_security_rate is None
    assert budget.social_security_amount == Money(Decimal("110835"), "CHF")
    assert budget.salaries_total == Money(Decimal("568386"), "CHF")


def test_it_maps_positions_lines_missions_and_notes_in_order(apmbc):
    data = reference("apmbc-2026-budget.json")
    budget, _ = budget_import(data=data)

    assert [(p.title, p.fte) for p in budget.positions.all()] == [
        (p["title"], Decimal(p["fte"])) for p in data["staff"]["positions"]
    ]
    assert [(ln.category, ln.label) for ln in budget.lines.all()] == [
        ("travel", "Staff travel"),
        ("other", "Other support costs"),
    ]
    assert [(m.purpose, m.count) for m in budget.missions.all()] == [
        (m["purpose"], m["count"]) for m in data["travel"]["listed_missions"]
    ]
    notes = list(budget.notes.all())
    assert any("up to 26 missions" in n.text for n in notes)
    other = budget.lines.get(label="Other support costs")
    assert "interpretation" in other.note


def test_it_takes_the_title_block_from_the_source_note(apmbc, ccm):
    apmbc_budget, _ = budget_import(data=reference("apmbc-2026-budget.json"))
    ccm_budget, _ = budget_import(data=reference("ccm-2024-budget.json"))

    assert apmbc_budget.meeting.startswith("22nd Meeting of the States Parties")
    assert apmbc_budget.agenda_item == "9(h)(i)"
    assert apmbc_budget.document_date.isoformat() == "2025-10-08"
    assert apmbc_budget.document_symbol == ""  # not in the file
    assert ccm_budget.document_symbol == "CCM/MSP/2023/2"
    assert ccm_budget.agenda_item == "10(i)"
    assert ccm_budget.meeting.startswith("Eleventh Meeting of States Parties")
    assert ccm_budget.document_date is None  # the source gives no date


def test_it_keeps_notes_and_assumptions_in_their_published_order(ccm):
    data = reference("ccm-2024-budget.json")
    budget, _ = budget_import(data=data)

    notes = [n.text for n in budget.notes.filter(kind=BudgetNote.Kind.NOTE)]
    assumptions = [n.text for n in budget.notes.filter(kind=BudgetNote.Kind.ASSUMPTION)]
    assert assumptions == data["assumptions"]
    published_notes = [n for n in notes if n in data["budget_notes"]]
    assert published_notes == data["budget_notes"]
    [in_kind] = budget.in_kind.all()
    assert in_kind.provider == "GICHD"


def test_it_records_the_earmarked_eu_project_on_the_convention(apmbc):
    data = reference("apmbc-2026-budget.json")
    [source] = data["earmarked_projects"]

    budget_import(data=data)

    project = EarmarkedProject.objects.get(convention=apmbc)
    assert project.amount == Money(Decimal(source["amount"]), source["currency"])
    assert (project.start_year, project.end_year) == (2025, 2029)
    assert project.period_note == source["period"]
    assert project.instrument == "Council Decision (CFSP) 2025/781"
    assert project.agreed_on.isoformat() == source["agreed_on"]


def test_it_opens_the_buffer_fund_ledger_with_the_published_balance(apmbc):
    data = reference("apmbc-2026-budget.json")

    budget_import(data=data)

    fund = Fund.objects.get(convention=apmbc, kind=Fund.Kind.BUFFER)
    [opening] = fund.movements.all()
    assert opening.kind == FundMovement.Kind.OPENING
    assert opening.amount == Money(Decimal(data["buffer_fund"]["balance"]), "CHF")
    assert opening.date.isoformat() == "2026-01-01"
    assert opening.purpose.startswith("Balance as published in ")
    assert fund.currency == "CHF"


@pytest.mark.parametrize("name", ["apmbc-2026-budget.json", "ccm-2024-budget.json"])
def test_it_imports_a_budget_as_a_draft_at_its_first_revision(apmbc, ccm, name):
    budget, created = budget_import(data=reference(name))

    assert created
    assert budget.status == Budget.Status.DRAFT
    assert budget.version == 1
    assert budget.revision == 1
