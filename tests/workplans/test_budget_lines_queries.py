"""A plan whose statements are paid from its budget's lines: the tree page, the
edit page and the API's tree read every statement's lines in one query, so they
cost the same for 10 statements as for 300, and show each line where it pays."""

from __future__ import annotations

import pytest
from djmoney.money import Money

from budgets.models import Budget, BudgetLine
from workplans import services
from workplans.models import Level, Result

LINES = 20


def paid_plan(apmbc, year: int, statements: int):
    """A draft plan of `statements` outputs in one area, each paid from one of
    its budget's LINES lines (the statements and links written in bulk: the
    services write them one by one, which a 300-statement test cannot afford)."""
    budget = Budget.objects.create(
        convention=apmbc, year=year, currency="CHF", status=Budget.Status.DRAFT
    )
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(
            budget=budget,
            category=BudgetLine.Category.OTHER,
            label=f"Line {n}",
            amount=Money(1000 + n, "CHF"),
            order=n,
        )
        for n in range(LINES)
    )
    plan = services.workplan_create(
        convention=apmbc, kind="annual", start_year=year, actor=None
    )
    plan.budget = budget
    plan.save(update_fields=["budget"])
    area = services.area_add(workplan=plan, title="Area", actor=None)
    outputs = Result.objects.bulk_create(
        Result(
            workplan=plan, area=area, level=Level.OUTPUT, text=f"Output {n}", order=n
        )
        for n in range(statements)
    )
    Link = Result.budget_lines.through
    Link.objects.bulk_create(
        Link(result_id=output.pk, budgetline_id=lines[n % LINES].pk)
        for n, output in enumerate(outputs)
    )
    return plan, outputs


@pytest.mark.parametrize("statements", [10, 300])
def test_the_plan_pages_read_the_lines_once(
    apmbc, isu_staff, client_for, django_assert_max_num_queries, statements
):
    plan, outputs = paid_plan(apmbc, 2031, statements)
    client = client_for(isu_staff)
    client.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    last = f"Line {(statements - 1) % LINES}"

    # Each page: one more for the navigation's counts (the newest audit event).
    with django_assert_max_num_queries(19):
        tree = client.get(f"/workplans/{plan.pk}/")
    with django_assert_max_num_queries(17):
        edit = client.get(f"/workplans/{plan.pk}/edit/")
    with django_assert_max_num_queries(14):
        api = client.get(f"/api/v1/workplans/{plan.pk}/").json()

    assert f"Output {statements - 1}" in tree.content.decode()
    assert last in tree.content.decode()
    shown = edit.content.decode().count('<p class="wp-small">Paid from: Line ')
    assert shown == statements
    [area] = api["areas"]
    paid = {
        r["id"]: [line["label"] for line in r["budget_lines"]] for r in area["results"]
    }
    assert paid == {o.pk: [f"Line {n % LINES}"] for n, o in enumerate(outputs)}


def test_a_statement_paid_from_two_lines_lists_them_in_the_budgets_order(
    apmbc, isu_staff, client_for
):
    plan, (first, *_rest) = paid_plan(apmbc, 2031, 2)
    lines = list(plan.budget.lines.all())
    first.budget_lines.set([lines[3], lines[1]])

    api = client_for(isu_staff).get(f"/api/v1/workplans/{plan.pk}/").json()

    [area] = api["areas"]
    paid = {
        r["id"]: [line["label"] for line in r["budget_lines"]] for r in area["results"]
    }
    assert paid[first.pk] == ["Line 1", "Line 3"]
