"""Activities link to the lines of the plan's budget so a reader sees what a
result costs — unless the reader may not read that budget yet."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money

from budgets.models import Budget, BudgetLine
from ism.concurrency import LATEST
from tests.workplans.conftest import add_chain
from workplans import services


def budget(apmbc, year, status):
    made = Budget.objects.create(
        convention=apmbc, year=year, currency="CHF", status=status
    )
    line = BudgetLine.objects.create(
        budget=made,
        category=BudgetLine.Category.TRAVEL,
        label="Staff travel",
        amount=Money(50000, "CHF"),
    )
    return made, line


@pytest.fixture
def linked(adopted, apmbc):
    """The adopted plan's activity paid from the travel line of a draft budget."""
    plan, (*_rest, activity, _second) = adopted
    draft, line = budget(apmbc, 2027, Budget.Status.DRAFT)
    # Linking is part of the plan: done while it was a draft (here, directly).
    plan.budget = draft
    plan.save(update_fields=["budget"])
    activity.budget_lines.set([line])
    return plan, activity, draft


def lines_in_api(client, plan, activity):
    data = client.get(f"/api/v1/workplans/{plan.pk}/").json()
    results = {r["id"]: r for a in data["areas"] for r in a["results"]}
    return results[activity.pk]["budget_lines"]


def test_staff_see_what_an_activity_costs(linked, isu_staff, client_for):
    plan, activity, _draft = linked
    client = client_for(isu_staff)

    assert lines_in_api(client, plan, activity) == [
        {
            "id": activity.budget_lines.get().pk,
            "label": "Staff travel",
            "category": "travel",
            "amount": {"amount": "50000.00", "currency": "CHF"},
        }
    ]
    page = client.get(f"/workplans/{plan.pk}/").content.decode()
    assert "Staff travel" in page and "CHF 50,000" in page


def test_the_public_sees_no_cost_from_an_unpublished_budget(linked, client_for):
    plan, activity, draft = linked
    client = client_for(None)

    assert lines_in_api(client, plan, activity) == []
    assert b"Staff travel" not in client.get(f"/workplans/public/{plan.pk}/").content

    draft.status = Budget.Status.CIRCULATED
    draft.save(update_fields=["status"])

    assert lines_in_api(client, plan, activity)[0]["label"] == "Staff travel"


def test_it_refuses_a_line_of_another_budget(plan, apmbc):
    *_, first, _second = add_chain(plan)
    own, _line = budget(apmbc, 2027, Budget.Status.DRAFT)
    _other, stray = budget(apmbc, 2028, Budget.Status.DRAFT)
    services.workplan_update(workplan=plan, data={"budget": own}, actor=None)

    with pytest.raises(ValidationError) as error:
        services.result_update(
            version=LATEST, result=first, budget_lines=[stray], actor=None
        )

    assert "is not a line of" in error.value.message_dict["budget_lines"][0]


def test_it_refuses_lines_before_the_plan_has_a_budget(plan, apmbc):
    *_, first, _second = add_chain(plan)
    _own, line = budget(apmbc, 2027, Budget.Status.DRAFT)

    with pytest.raises(ValidationError) as error:
        services.result_update(
            version=LATEST, result=first, budget_lines=[line], actor=None
        )

    assert error.value.message_dict["budget_lines"] == [
        "Link the work plan to its budget first."
    ]


def test_the_settings_change_only_in_a_draft(submitted, isu_staff, client_for):
    plan, _ = submitted
    client = client_for(isu_staff)

    response = client.get(f"/workplans/{plan.pk}/settings/", follow=True)

    assert (
        b"The settings change only while the work plan is a draft." in response.content
    )
    response = client.post(f"/workplans/{plan.pk}/settings/", {"title": "Renamed"})
    plan.refresh_from_db()
    assert plan.title == ""


def test_changing_the_budget_unlinks_the_old_budgets_lines(plan, apmbc):
    *_, first, _second = add_chain(plan)
    old, line = budget(apmbc, 2027, Budget.Status.DRAFT)
    new, _line = budget(apmbc, 2028, Budget.Status.DRAFT)
    services.workplan_update(workplan=plan, data={"budget": old}, actor=None)
    services.result_update(
        version=LATEST, result=first, budget_lines=[line], actor=None
    )

    services.workplan_update(workplan=plan, data={"budget": new}, actor=None)

    assert not first.budget_lines.exists()
