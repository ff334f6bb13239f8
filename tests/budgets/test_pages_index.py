"""The list of budgets: what the user may see, grouped by convention, with status
and total; staff start next year's budget from here."""

from decimal import Decimal

import pytest
from django.urls import reverse
from djmoney.money import Money

from budgets.models import Budget
from ism.money import format_amount
from tests.budgets.factories import (
    BudgetFactory,
    BudgetLineFactory,
    StaffPositionFactory,
    budget_with,
)

Status = Budget.Status


@pytest.fixture
def budgets(apmbc, ccm):
    apmbc_2026 = BudgetFactory(convention=apmbc, year=2026, status=Status.ADOPTED)
    StaffPositionFactory(budget=apmbc_2026, salary=Money(100000, "CHF"))
    BudgetLineFactory(budget=apmbc_2026, amount=Money(50000, "CHF"))
    apmbc_2027 = BudgetFactory(convention=apmbc, year=2027, status=Status.DRAFT)
    ccm_2027 = BudgetFactory(convention=ccm, year=2027, status=Status.DRAFT)
    return apmbc_2026, apmbc_2027, ccm_2027


def test_it_lists_what_the_user_may_see_grouped_by_convention(
    client_for, isu_staff, budgets
):
    apmbc_2026, apmbc_2027, ccm_2027 = budgets

    html = client_for(isu_staff).get(reverse("budgets:index")).content.decode()

    assert 'id="convention-APMBC"' in html
    assert f'data-testid="budget-row-{apmbc_2026.pk}"' in html
    assert f'data-testid="budget-row-{apmbc_2027.pk}"' in html
    # Another convention's draft does not exist for APMBC staff.
    assert f'data-testid="budget-row-{ccm_2027.pk}"' not in html
    # 100,000 salaries + 19.5% social security + 50,000
    total = Decimal(100000) + Decimal(19500) + Decimal(50000)
    assert f"CHF {format_amount(total, 'en')}" in html
    assert "Adopted by the Meeting of the States Parties" in html


def test_it_offers_staff_a_new_budget(client_for, isu_staff, committee_member, budgets):
    assert (
        b'data-testid="new-budget"'
        in client_for(isu_staff).get(reverse("budgets:index")).content
    )
    assert (
        b'data-testid="new-budget"'
        not in client_for(committee_member).get(reverse("budgets:index")).content
    )


def test_it_says_when_there_is_nothing_to_show(client_for, focal_a):
    html = client_for(focal_a).get(reverse("budgets:index")).content.decode()

    assert 'data-testid="no-budgets"' in html
    assert "when the ISU submits them" in html


def test_it_pages_a_long_list(client_for, superuser, apmbc):
    for year in range(1995, 2025):
        BudgetFactory(convention=apmbc, year=year)

    client = client_for(superuser)
    first = client.get(reverse("budgets:index")).content.decode()
    second = client.get(reverse("budgets:index") + "?page=2").content.decode()

    assert "Page 1 of 2" in first
    assert first.count('data-testid="budget-row-') == 25
    assert second.count('data-testid="budget-row-') == 5


def test_it_reads_the_totals_in_a_fixed_number_of_queries(
    client_for, isu_staff, apmbc, django_assert_max_num_queries
):
    client = client_for(isu_staff)
    for year in (2020, 2021):
        budget_with(lines=3, convention=apmbc, year=year)
    client.get(reverse("budgets:index"))  # session and roles warmed up alike
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("budgets:index"))
    for year in range(2000, 2012):
        budget_with(lines=10, convention=apmbc, year=year)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("budgets:index"))


# --- New budget ----------------------------------------------------------------------


def test_it_proposes_next_year_as_a_copy_of_the_latest(client_for, isu_staff, budgets):
    _, apmbc_2027, _ = budgets

    response = client_for(isu_staff).get(reverse("budgets:new"))

    form = response.context["form"]
    assert form["year"].value() == 2028
    assert form["copy_from"].value() == apmbc_2027.pk
    # Only conventions the user manages can be chosen.
    assert [c.code for c in form.fields["convention"].queryset] == ["APMBC"]


def test_staff_create_next_years_budget_by_copying(client_for, isu_staff, budgets):
    apmbc_2026, _, _ = budgets

    response = client_for(isu_staff).post(
        reverse("budgets:new"),
        {
            "convention": apmbc_2026.convention_id,
            "year": 2030,
            "copy_from": apmbc_2026.pk,
        },
    )

    created = Budget.objects.get(convention=apmbc_2026.convention, year=2030)
    assert response.status_code == 302
    assert response.url == reverse("budgets:edit", args=[created.pk])
    assert created.status == Status.DRAFT
    assert created.positions.get().salary == Money(100000, "CHF")
    assert created.lines.get().amount == Money(50000, "CHF")


def test_staff_create_an_empty_budget(client_for, isu_staff, apmbc):
    client_for(isu_staff).post(
        reverse("budgets:new"), {"convention": apmbc.pk, "year": 2030, "copy_from": ""}
    )

    created = Budget.objects.get(year=2030)
    assert not created.positions.exists()
    assert not created.lines.exists()


def test_a_second_budget_for_the_same_year_is_refused_beside_the_year(
    client_for, isu_staff, budgets
):
    apmbc_2026, _, _ = budgets

    response = client_for(isu_staff).post(
        reverse("budgets:new"), {"convention": apmbc_2026.convention_id, "year": 2026}
    )

    assert response.status_code == 400
    [message] = response.context["form"].errors["year"]
    assert "already" in message and "2026" in message
    assert Budget.objects.filter(year=2026).count() == 1


def test_copying_another_conventions_budget_is_refused(client_for, superuser, budgets):
    apmbc_2026, _, ccm_2027 = budgets

    response = client_for(superuser).post(
        reverse("budgets:new"),
        {
            "convention": apmbc_2026.convention_id,
            "year": 2031,
            "copy_from": ccm_2027.pk,
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["copy_from"] == [
        "Copy a budget of the same convention."
    ]
    assert not Budget.objects.filter(year=2031).exists()
