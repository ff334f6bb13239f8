"""From the preview to the invoices: the preview saves nothing; confirming issues
one invoice per paying State, numbered, adding up exactly to the amount assessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgets.contributions.services import assessment_issue, assessment_preview
from budgets.models import Assessment, AssessmentLine, Invoice
from tests.budgets.contrib import chf, issue_invoice, parties, scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(apmbc):
    states = parties(apmbc, 4)
    table = scale(dict(zip(states, ["22.000", "8.000", "1.000", "0.001"], strict=True)))
    return states, table


def test_the_preview_splits_the_amount_and_saves_nothing(apmbc, world, isu_staff):
    states, _table = world
    preview = assessment_preview(
        convention=apmbc,
        year=2026,
        amount=chf("1000000.00"),
        ceiling=Decimal("0.5"),
        floor=chf("1000.00"),
        actor=isu_staff,
    )
    amounts = {row.state: row.amount for row in preview.rows}
    assert sum(a.amount for a in amounts.values()) == Decimal("1000000.00")
    assert preview.total == chf("1000000.00")
    assert amounts[states[0]] == chf("500000.00")  # held at the 50% ceiling
    assert amounts[states[3]] == chf("1000.00")  # raised to the minimum
    assert not Assessment.objects.exists()
    assert not Invoice.objects.exists()


def test_the_preview_shows_last_years_amount_and_the_change(apmbc, world, isu_staff):
    states, _ = world
    issue_invoice(apmbc, states[1], "200000.00", year=2025)
    preview = assessment_preview(
        convention=apmbc, year=2026, amount=chf("310010.00"), actor=isu_staff
    )
    row = next(r for r in preview.rows if r.state == states[1])
    # 8 of 31.001 percent of 310,010.00 = 80,000.00 (to the cent).
    assert row.amount == chf("80000.00")
    assert row.last_year == chf("200000.00")
    assert row.change == chf("-120000.00")


def test_confirming_issues_one_numbered_invoice_per_state(apmbc, world, isu_staff):
    states, table = world
    preview = assessment_preview(
        convention=apmbc, year=2026, amount=chf("123456.78"), actor=isu_staff
    )
    assessment = assessment_issue(
        convention=apmbc,
        year=2026,
        amount=chf("123456.78"),
        digest=preview.digest,
        actor=isu_staff,
    )
    invoices = list(Invoice.objects.filter(assessment=assessment).order_by("sequence"))
    assert len(invoices) == 4
    assert [i.number for i in invoices] == [f"APMBC-2026-{n:04d}" for n in range(1, 5)]
    assert sum(i.amount.amount for i in invoices) == Decimal("123456.78")
    assert AssessmentLine.objects.filter(assessment=assessment).count() == 4
    assert assessment.scale == table
    assert {i.state for i in invoices} == set(states)


def test_a_year_is_assessed_once(apmbc, world, isu_staff):
    assessment_issue(convention=apmbc, year=2026, amount=chf(1000), actor=isu_staff)
    with pytest.raises(ValidationError, match="issued already"):
        assessment_issue(convention=apmbc, year=2026, amount=chf(1000), actor=isu_staff)
    assert Invoice.objects.count() == 4


def test_figures_that_changed_since_the_preview_are_not_issued(apmbc, world, isu_staff):
    preview = assessment_preview(
        convention=apmbc, year=2026, amount=chf(1000), actor=isu_staff
    )
    parties(apmbc, 1, prefix="N")  # a new State Party... without a rate: unrated
    scale_states = parties(apmbc, 1, prefix="R")
    scale({scale_states[0]: "3.000"}, name="Newer scale")
    with pytest.raises(ValidationError, match="changed since the preview"):
        assessment_issue(
            convention=apmbc,
            year=2026,
            amount=chf(1000),
            scale=preview.scale,
            digest="0" * 16,
            actor=isu_staff,
        )
    assert not Invoice.objects.exists()


def test_states_without_a_rate_are_listed_not_assessed(apmbc, world, isu_staff):
    newcomer = parties(apmbc, 1, prefix="N")[0]
    preview = assessment_preview(
        convention=apmbc, year=2026, amount=chf(1000), actor=isu_staff
    )
    assert preview.unrated == [newcomer]
    assert newcomer not in {r.state for r in preview.rows}


def test_only_the_conventions_staff_assess(apmbc, world, other_staff, focal_a):
    for user in (other_staff, focal_a):
        with pytest.raises(PermissionDenied):
            assessment_preview(
                convention=apmbc, year=2026, amount=chf(1000), actor=user
            )


def test_impossible_bounds_are_explained(apmbc, world, isu_staff):
    with pytest.raises(ValidationError, match="minimum contribution"):
        assessment_preview(
            convention=apmbc,
            year=2026,
            amount=chf(1000),
            floor=chf(500),
            actor=isu_staff,
        )
