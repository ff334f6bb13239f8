"""The public page: circulated and adopted budgets of every convention, readable
without logging in, each with its public page."""

import pytest
from django.urls import reverse
from djmoney.money import Money

from budgets.models import Budget
from tests.budgets.factories import BudgetFactory, BudgetLineFactory

Status = Budget.Status


@pytest.fixture
def budgets(apmbc, ccm):
    made = {}
    for convention, year, status in [
        (apmbc, 2025, Status.ADOPTED),
        (apmbc, 2026, Status.CIRCULATED),
        (apmbc, 2027, Status.DRAFT),
        (ccm, 2026, Status.SUBMITTED),
        (ccm, 2024, Status.ADOPTED),
    ]:
        budget = BudgetFactory(convention=convention, year=year, status=status)
        BudgetLineFactory(budget=budget, amount=Money(1000, "CHF"))
        made[(convention.code, year)] = budget
    return made


@pytest.mark.parametrize("persona", [None, "isu_staff", "focal_a"])
def test_it_lists_circulated_and_adopted_budgets_to_everyone(
    client_for, request, budgets, persona
):
    user = request.getfixturevalue(persona) if persona else None

    html = client_for(user).get(reverse("budgets:public-list")).content.decode()

    for key in [("APMBC", 2025), ("APMBC", 2026), ("CCM", 2024)]:
        assert f'href="{budgets[key].get_absolute_url()}"' in html
    for key in [("APMBC", 2027), ("CCM", 2026)]:
        assert f'data-testid="budget-row-{budgets[key].pk}"' not in html


def test_an_anonymous_visitor_opens_a_public_budget(client, budgets):
    budget = budgets[("APMBC", 2026)]

    response = client.get(budget.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="budget-total">1,000<' in html
    # No workflow, no edit, no comment form for the public.
    assert 'data-testid="workflow"' not in html
    assert reverse("budgets:edit", args=[budget.pk]) not in html
    assert 'id="comments"' not in html


def test_the_public_index_links_to_the_published_budgets(client, db):
    html = client.get(reverse("public-index")).content.decode()

    assert f'href="{reverse("budgets:public-list")}"' in html


def test_it_says_when_nothing_is_published(client, db):
    html = client.get(reverse("budgets:public-list")).content.decode()

    assert "No budget has been circulated or adopted yet." in html
