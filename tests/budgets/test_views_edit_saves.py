"""Saving the edit page: one call to budget_save with every row in page order;
amounts typed in the budget's currency; the service's messages land beside the
field they concern; the budget's history shows each change with its amounts."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from djmoney.money import Money

from budgets import services
from budgets.models import Budget
from tests.budgets.factories import (
    BudgetFactory,
    BudgetLineFactory,
    MissionFactory,
    StaffPositionFactory,
)
from tests.budgets.page_forms import (
    add_row,
    error_beside,
    form_data,
    row_index,
)


@pytest.fixture
def budget(apmbc):
    budget = BudgetFactory(convention=apmbc, year=2027, title="APMBC ISU budget 2027")
    StaffPositionFactory(
        budget=budget, title="Director", fte=Decimal("1"), salary=Money(180000, "CHF")
    )
    StaffPositionFactory(
        budget=budget,
        title="Officer",
        fte=Decimal("0.6"),
        salary=Money(60000, "CHF"),
    )
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


@pytest.fixture
def page(client_for, isu_staff, budget):
    client = client_for(isu_staff)
    url = reverse("budgets:edit", args=[budget.pk])
    return client, url, form_data(client.get(url))


def test_it_saves_every_section_and_shows_the_budget(page, budget):
    client, url, data = page
    data["social_security_rate"] = "20"
    data[f"lines-{row_index(data, 'lines', 'label', 'Staff travel')}-amount"] = "52,000"
    add_row(data, "positions", title="Assistant", grade="G5", fte="0.5", salary="")
    add_row(data, "missions", purpose="Article 5 missions", count="10", haul="long")
    add_row(data, "notes", kind="assumption", text="Salaries rise by 1.5%.")

    response = client.post(url, data)

    assert response.status_code == 302
    assert response.url == budget.get_absolute_url()
    budget = Budget.objects.get(pk=budget.pk)
    assert budget.social_security_rate == Decimal("0.2")
    assert budget.lines.get(label="Staff travel").amount == Money(52000, "CHF")
    assert [p.title for p in budget.positions.all()] == [
        "Director",
        "Officer",
        "Assistant",
    ]
    assert budget.missions.get().count == 10
    assert budget.notes.get().kind == "assumption"
    assert budget.revision == 1


def test_it_takes_the_rate_in_percent_and_shows_the_stored_share_in_percent(
    page, budget
):
    client, url, data = page
    assert data["social_security_rate"] == "19.5"  # stored as 0.195
    data["social_security_rate"] = "19.5 %"

    client.post(url, data)

    assert Budget.objects.get(pk=budget.pk).social_security_rate == Decimal("0.195")


def test_it_deletes_the_rows_marked_for_deletion(page, budget):
    client, url, data = page
    data[f"positions-{row_index(data, 'positions', 'title', 'Officer')}-DELETE"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    assert [p.title for p in budget.positions.all()] == ["Director"]


def test_it_calls_the_service_once_with_the_rows_in_page_order(
    page, budget, monkeypatch
):
    client, url, data = page
    calls = []
    monkeypatch.setattr(
        services, "budget_save", lambda **kwargs: calls.append(kwargs) or budget
    )
    data["positions-0-DELETE"] = "on"
    add_row(data, "lines", category="communications", label="Website", amount="3000")

    client.post(url, data)

    [call] = calls
    assert call["budget"].pk == budget.pk
    assert [p["title"] for p in call["positions"]] == ["Officer"]
    assert call["positions"][0]["salary"] == Money(60000, "CHF")
    assert call["lines"][-1] == {
        "category": "communications",
        "label": "Website",
        "amount": Money(3000, "CHF"),
        "from_missions": False,
        "note": "",
    }
    assert call["fields"]["social_security_rate"] == Decimal("0.195")


def test_it_puts_the_services_message_beside_the_field_it_names(
    page, budget, monkeypatch
):
    """The service counts the rows it was given; a deleted row before them shifts
    the page's numbering, and the message must still land on the right row."""
    client, url, data = page

    def refuse(**kwargs):
        raise ValidationError(
            {
                "positions.0.fte": ["Refused by the service."],
                "salaries_total": ["Not this total."],
                "__all__": ["Something about the whole budget."],
            }
        )

    monkeypatch.setattr(services, "budget_save", refuse)
    data["positions-0-DELETE"] = "on"  # the service's positions.0 is the page's 1

    response = client.post(url, data)

    assert response.status_code == 400
    assert error_beside(response, "positions-1-fte") == "Refused by the service."
    assert error_beside(response, "positions-0-fte") == ""
    assert error_beside(response, "salaries_total") == "Not this total."
    assert "Something about the whole budget." in response.content.decode()


def test_it_says_a_budget_that_left_the_draft_stage_cannot_be_saved(page, budget):
    client, url, data = page
    Budget.objects.filter(pk=budget.pk).update(status=Budget.Status.SUBMITTED)
    data["title"] = "Changed after submission"

    response = client.post(url, data)

    assert response.status_code == 400
    assert "cannot be edited" in response.content.decode()
    assert Budget.objects.get(pk=budget.pk).title == "APMBC ISU budget 2027"


def test_it_sends_a_submitted_budget_back_to_its_page_instead_of_editing(
    client_for, isu_staff, budget
):
    Budget.objects.filter(pk=budget.pk).update(status=Budget.Status.SUBMITTED)

    response = client_for(isu_staff).get(reverse("budgets:edit", args=[budget.pk]))

    assert response.status_code == 302
    assert response.url == budget.get_absolute_url()


def test_it_shows_each_change_with_its_amounts_in_the_history(page, budget):
    client, url, data = page
    data[f"lines-{row_index(data, 'lines', 'label', 'Staff travel')}-amount"] = "52000"
    data[f"positions-{row_index(data, 'positions', 'title', 'Director')}-salary"] = (
        "185000"
    )
    client.post(url, data)

    page_ = client.get(budget.get_absolute_url()).content.decode()

    history = page_[page_.index('id="history-title"') :]
    assert "Staff travel" in history
    # In words, with the currency, grouped (ism.history).
    assert "Amount of Staff travel changed from CHF 50,000 to CHF 52,000" in history
    assert (
        "Annual salary cost of Director changed from CHF 180,000 to CHF 185,000"
        in history
    )
    assert "edited" in history


def test_it_keeps_the_mission_plan_line_computed(page, budget):
    client, url, data = page
    MissionFactory(budget=budget, count=4, unit_cost=Money(2500, "CHF"))
    data = form_data(client.get(url))
    travel = row_index(data, "lines", "label", "Staff travel")
    data[f"lines-{travel}-amount"] = ""
    data[f"lines-{travel}-from_missions"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    page_ = client.get(budget.get_absolute_url()).content.decode()
    assert "from the mission plan: 4 missions" in page_
    # 4 × 2,500 + 40,000 other support costs
    assert 'data-testid="operations-subtotal">50,000<' in page_
