"""The edit page reads a budget in a number of queries that does not grow with its
rows: the maximum measured with 5 lines holds with 50 (positions, missions and
notes grow with them) — for the page, its live figures and a refused save."""

import pytest
from django.urls import reverse

from tests.budgets.factories import budget_with
from tests.budgets.page_forms import form_data


def request_for(client, view, budget):
    """(method, url, data) of one request to `view` for `budget`."""
    edit = reverse("budgets:edit", args=[budget.pk])
    if view == "edit":
        return client.get, edit, None
    data = form_data(client.get(edit))
    if view == "refused-save":
        data["lines-0-amount"] = "-1"
        return client.post, edit, data
    return client.post, reverse("budgets:edit-preview", args=[budget.pk]), data


@pytest.mark.parametrize("view", ["edit", "preview", "refused-save"])
def test_the_queries_do_not_grow_with_the_lines(
    client_for, isu_staff, apmbc, django_assert_max_num_queries, view
):
    client = client_for(isu_staff)
    small = budget_with(lines=5, positions=5, missions=5, convention=apmbc, year=2026)
    large = budget_with(
        lines=50, positions=50, missions=50, notes=50, convention=apmbc, year=2027
    )
    method, url, data = request_for(client, view, small)
    with django_assert_max_num_queries(30) as measured:
        assert method(url, data).status_code in (200, 400)
    limit = len(measured.captured_queries)

    method, url, data = request_for(client, view, large)
    with django_assert_max_num_queries(limit):
        assert method(url, data).status_code in (200, 400)
