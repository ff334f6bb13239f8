"""The admin shows budgets with their derived figures, read-only: their content
changes only through the services, which audit and re-render the document."""

import json
from pathlib import Path

import pytest

from budgets.models import Fund
from budgets.services import budget_import

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


@pytest.fixture
def budget(apmbc):
    data = json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())
    budget, _ = budget_import(data=data)
    return budget


def test_the_admin_lists_budgets_with_their_computed_total(
    client_for, superuser, budget
):
    response = client_for(superuser).get("/admin/budgets/budget/")

    assert response.status_code == 200
    assert "CHF 769,221.00" in response.content.decode()


def test_the_admin_shows_a_budget_read_only_with_its_subtotals(
    client_for, superuser, budget
):
    client = client_for(superuser)
    page = client.get(f"/admin/budgets/budget/{budget.pk}/change/").content.decode()

    assert "CHF 679,221.00" in page  # staff costs
    assert "CHF 90,000.00" in page  # travel and other support
    assert 'name="title"' not in page  # nothing to type into
    assert client.get("/admin/budgets/budget/add/").status_code == 403


def test_the_admin_shows_a_funds_balance_from_its_ledger(client_for, superuser, budget):
    fund = Fund.objects.get(convention=budget.convention)

    page = client_for(superuser).get(f"/admin/budgets/fund/{fund.pk}/change/")

    assert "CHF 758,655.00" in page.content.decode()
