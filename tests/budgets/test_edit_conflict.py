"""Two staff members edit the same budget: A saves a new travel figure and title;
B, whose page was opened before, saves a change to another line. B's save is
refused with what A changed, A's figures stay, and B's next save applies B's own
entries (issue 15 §2)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from djmoney.money import Money

from budgets import services
from budgets.models import BudgetLine
from ism.concurrency import EditConflict
from ism.models import Role
from tests.budgets.factories import BudgetFactory, BudgetLineFactory
from tests.budgets.page_forms import form_data, row_index
from tests.factories import UserFactory, assign


@pytest.fixture
def staff_b_of_apmbc(apmbc):
    """A second member of the APMBC's ISU."""
    user = UserFactory(username="staff-apmbc-b")
    assign(user, Role.ISU_STAFF, convention=apmbc)
    return user


@pytest.fixture
def budget(apmbc):
    budget = BudgetFactory(convention=apmbc, year=2027, title="APMBC ISU budget")
    BudgetLineFactory(
        budget=budget,
        category="travel",
        label="Staff travel",
        amount=Money(50000, "CHF"),
    )
    BudgetLineFactory(
        budget=budget, label="Other support costs", amount=Money(40000, "CHF")
    )
    return budget


def amount_of(budget, label) -> Decimal:
    return BudgetLine.objects.get(budget=budget, label=label).amount.amount


def test_the_second_save_from_an_older_page_is_refused_with_what_changed(
    client_for, isu_staff, staff_b_of_apmbc, budget
):
    url = reverse("budgets:edit", args=[budget.pk])
    a, b = client_for(isu_staff), client_for(staff_b_of_apmbc)
    a_data, b_data = form_data(a.get(url)), form_data(b.get(url))

    travel = row_index(a_data, "lines", "label", "Staff travel")
    a_data[f"lines-{travel}-amount"] = "62000"
    a_data["title"] = "APMBC ISU budget (revised travel)"
    assert a.post(url, a_data).status_code == 302

    other = row_index(b_data, "lines", "label", "Other support costs")
    b_data[f"lines-{other}-amount"] = "45000"
    refused = b.post(url, b_data)

    assert refused.status_code == 409
    html = refused.content.decode()
    assert 'data-testid="edit-conflict"' in html
    assert "APMBC ISU budget (revised travel)" in html
    assert "lines › Staff travel › amount" in html
    budget.refresh_from_db()
    assert budget.title == "APMBC ISU budget (revised travel)"
    assert amount_of(budget, "Staff travel") == Decimal("62000")
    assert amount_of(budget, "Other support costs") == Decimal("40000")

    # B's page now carries the new version and still B's entries (the title B
    # loaded, travel 50,000): B corrects the travel figure and saves again.
    again = form_data(refused)
    assert again[f"lines-{other}-amount"] == "45000"
    again[f"lines-{travel}-amount"] = "62000"
    again["title"] = "APMBC ISU budget (revised travel)"
    assert b.post(url, again).status_code == 302
    assert amount_of(budget, "Staff travel") == Decimal("62000")
    assert amount_of(budget, "Other support costs") == Decimal("45000")


def test_the_service_refuses_a_stale_or_missing_version(isu_staff, budget):
    loaded = services.budget_version(budget)
    document = {
        "fields": {"title": "First"},
        "positions": [],
        "missions": [],
        "notes": [],
        "lines": [
            {"category": "travel", "label": "Staff travel", "amount": Money(1, "CHF")}
        ],
    }
    services.budget_save(budget=budget, actor=isu_staff, version=loaded, **document)
    for stale in (loaded, None):
        with pytest.raises(EditConflict) as refused:
            services.budget_save(
                budget=budget,
                actor=isu_staff,
                version=stale,
                **{**document, "fields": {"title": "Second"}},
            )
        assert refused.value.changes.get("title", [None, "First"])[1] == "First"
    budget.refresh_from_db()
    assert budget.title == "First"
