"""The edit page refuses each bad input with a message beside the field, keeps what
was typed, answers 400 and saves nothing — not even the rows that were valid."""

from decimal import Decimal

import pytest
from django.urls import reverse
from djmoney.money import Money

from budgets.models import Budget
from budgets.services.content import content_of
from ism.models import AuditEvent
from tests.budgets.factories import (
    BudgetLineFactory,
    StaffPositionFactory,
    budget_with,
)
from tests.budgets.page_forms import (
    add_row,
    error_beside,
    form_data,
)


@pytest.fixture
def budget(apmbc):
    budget = budget_with(lines=2, convention=apmbc, year=2027)
    StaffPositionFactory(budget=budget, title="Director", salary=Money(180000, "CHF"))
    BudgetLineFactory(budget=budget, label="Staff travel", amount=Money(50000, "CHF"))
    return budget


@pytest.fixture
def page(client_for, isu_staff, budget):
    """The staff member's client and the edit page's form as the browser has it."""
    client = client_for(isu_staff)
    url = reverse("budgets:edit", args=[budget.pk])
    response = client.get(url)
    assert response.status_code == 200
    return client, url, form_data(response)


def stored(budget):
    budget = Budget.objects.get(pk=budget.pk)
    return budget.revision, content_of(budget), AuditEvent.objects.count()


# (what is typed, the field it goes in, the message expected beside it)
BAD_INPUTS = {
    "negative amount": ("lines-0-amount", "-100", "An amount cannot be negative."),
    "negative salary": ("positions-0-salary", "-1", "An amount cannot be negative."),
    "negative published total": (
        "salaries_total",
        "-568386",
        "An amount cannot be negative.",
    ),
    "FTE of zero": ("positions-0-fte", "0", "FTE must be more than 0 and at most 1."),
    "FTE above one": (
        "positions-1-fte",
        "1.5",
        "FTE must be more than 0 and at most 1.",
    ),
    "negative FTE": ("positions-0-fte", "-0.5", "FTE must be more than 0"),
    "rate above 100%": ("social_security_rate", "150", "between 0% and 100%"),
    "negative rate": ("social_security_rate", "-5", "between 0% and 100%"),
    "another currency": (
        "lines-1-amount",
        "EUR 2,700",
        "Amounts are in CHF, the budget's currency: EUR cannot be entered here.",
    ),
    "another currency after the amount": (
        "social_security_amount",
        "110835 USD",
        "USD cannot be entered here",
    ),
    "text in an amount": ("lines-0-amount", "fifty thousand", "Enter a number"),
    "text in the FTE": ("positions-0-fte", "full time", "Enter the FTE as a number"),
    "text in the rate": ("social_security_rate", "about 20", "Enter the rate"),
    "a decimal comma": ("lines-0-amount", "1,5", "Enter a number"),
    "text in the mission count": (
        "missions-0-count",
        "ten",
        "Enter a whole number of missions",
    ),
    "text in the date": ("document_date", "next week", "Enter a date"),
}


@pytest.mark.parametrize(
    ("field", "typed", "message"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys()
)
def test_it_refuses_a_bad_value_beside_its_field_and_saves_nothing(
    page, budget, field, typed, message
):
    client, url, data = page
    before = stored(budget)
    # A valid change elsewhere on the page must not be saved half-way.
    data["title"] = "A new title that must not be saved"
    data[field] = typed

    response = client.post(url, data)

    assert response.status_code == 400
    assert message in error_beside(response, field)
    # What was typed stays in the field.
    assert f'value="{typed}"' in response.content.decode().replace("&#x27;", "'")
    assert "Nothing was saved" in response.content.decode()
    assert stored(budget) == before


def test_it_refuses_a_salary_without_a_position_title(page, budget):
    client, url, data = page
    before = stored(budget)
    add_row(data, "positions", title="", grade="", fte="", salary="95000")

    response = client.post(url, data)

    assert response.status_code == 400
    index = int(data["positions-TOTAL_FORMS"]) - 1
    assert error_beside(response, f"positions-{index}-title") == (
        "A salary needs a position title."
    )
    assert stored(budget) == before


def test_it_refuses_a_line_with_neither_amount_nor_mission_plan(page, budget):
    client, url, data = page
    before = stored(budget)
    add_row(data, "lines", category="other", label="Printing", amount="")

    response = client.post(url, data)

    assert response.status_code == 400
    index = int(data["lines-TOTAL_FORMS"]) - 1
    assert "Enter an amount" in error_beside(response, f"lines-{index}-amount")
    assert stored(budget) == before


def test_it_reports_every_bad_value_at_once(page, budget):
    client, url, data = page
    data["positions-0-fte"] = "2"
    data["lines-0-amount"] = "-5"
    data["social_security_rate"] = "101"

    response = client.post(url, data)

    assert response.status_code == 400
    assert error_beside(response, "positions-0-fte")
    assert error_beside(response, "lines-0-amount")
    assert error_beside(response, "social_security_rate")
    # Each input with an error is marked for screen readers and the stylesheet.
    assert response.content.decode().count('aria-invalid="true"') == 3


def test_it_ignores_an_added_row_left_blank(page, budget):
    client, url, data = page
    add_row(data, "lines", category="other", label="", amount="", note="")
    data["positions-0-fte"] = "0.5"

    response = client.post(url, data)

    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.lines.count() == 3
    assert budget.positions.all()[0].fte == Decimal("0.5")
