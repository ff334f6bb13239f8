"""load_demo imports the APMBC 2026 and CCM 2024 budgets through the importer and
takes them through the workflow to where the published documents stand; a second
run creates nothing."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from budgets.calculations import figures
from budgets.models import Budget, EarmarkedProject, FundMovement
from ism.audit import history_of
from ism.models import AuditEvent

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


def load_demo():
    call_command("load_demo", stdout=StringIO())


def published_total(name):
    data = json.loads((REFERENCE / name).read_text())
    return Decimal(data["expected_totals"]["total"])


# `demo`: the demo world, loaded once for this module (tests/conftest.py).


def test_the_demo_has_the_apmbc_2026_budget_circulated(demo):
    budget = Budget.objects.get(convention__code="APMBC", year=2026)

    assert budget.status == Budget.Status.CIRCULATED
    assert budget.circulated_on.isoformat() == "2025-10-08"
    assert figures(budget).total.amount == published_total("apmbc-2026-budget.json")


def test_the_demo_has_the_ccm_2024_budget_adopted(demo):
    budget = Budget.objects.get(convention__code="CCM", year=2024)

    assert budget.status == Budget.Status.ADOPTED
    assert budget.adopted_by == "Eleventh Meeting of States Parties"
    assert budget.document_symbol == "CCM/MSP/2023/2"
    assert figures(budget).total.amount == published_total("ccm-2024-budget.json")


def test_the_demo_budgets_got_there_through_the_workflow(demo):
    budget = Budget.objects.get(convention__code="CCM", year=2024)

    events = list(reversed(history_of(budget)))

    assert [e.verb for e in events] == [
        "imported",
        "submitted",
        "approved",
        "circulated",
        "adopted",
    ]
    assert {e.actor for e in events} == {None}  # ISM itself


def test_a_second_run_creates_nothing(demo):
    counts = (
        Budget.objects.count(),
        AuditEvent.objects.count(),
        FundMovement.objects.count(),
        EarmarkedProject.objects.count(),
    )

    load_demo()

    assert counts == (
        Budget.objects.count(),
        AuditEvent.objects.count(),
        FundMovement.objects.count(),
        EarmarkedProject.objects.count(),
    )
    # The two published budgets and the cycle of the day the demo is loaded: the
    # CCM's budget of this year, next year's drafts of both conventions.
    year = timezone.localdate().year
    assert set(Budget.objects.values_list("convention__code", "year", "status")) == {
        ("APMBC", 2026, "circulated"),
        ("CCM", 2024, "adopted"),
        ("CCM", year, "adopted"),
        ("APMBC", year + 1, "draft"),
        ("CCM", year + 1, "draft"),
    }
