"""The edit page reads a budget in a number of queries that does not grow with its
lines: 5 lines or 50, the same queries."""

import pytest
from django.urls import reverse

from tests.budgets.factories import budget_with
from tests.budgets.page_forms import form_data


def count_queries(client, django_assert_max_num_queries, method, url, data=None):
    with django_assert_max_num_queries(100) as context:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 400)
    return len(context.captured_queries)


@pytest.mark.parametrize("view", ["edit", "edit-preview", "invalid-save"])
def test_the_queries_do_not_grow_with_the_lines(
    client_for, isu_staff, apmbc, django_assert_max_num_queries, view
):
    client = client_for(isu_staff)
    small = budget_with(lines=5, positions=5, missions=5, convention=apmbc, year=2026)
    large = budget_with(
        lines=50, positions=50, missions=50, notes=50, convention=apmbc, year=2027
    )
    counts = []
    for budget in (small, large):
        edit = reverse("budgets:edit", args=[budget.pk])
        data = form_data(client.get(edit))
        if view == "edit":
            counts.append(
                count_queries(client, django_assert_max_num_queries, "get", edit)
            )
            continue
        if view == "invalid-save":
            data["lines-0-amount"] = "-1"
            url = edit
        else:
            url = reverse("budgets:edit-preview", args=[budget.pk])
        counts.append(
            count_queries(client, django_assert_max_num_queries, "post", url, data)
        )

    small_count, large_count = counts
    assert large_count == small_count
    # And the same maximum holds for both, as the issue asks.
    with django_assert_max_num_queries(small_count):
        if view == "edit":
            client.get(reverse("budgets:edit", args=[large.pk]))
