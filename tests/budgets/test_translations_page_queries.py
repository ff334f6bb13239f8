"""The translations pages read their rows in a number of queries that does not
grow with them: the count measured with 5 lines holds with 50 (issue 18)."""

import pytest
from django.urls import reverse

from tests.budgets.factories import budget_with


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_budget_translations_page_does_not_grow_with_the_lines(
    client_for, isu_staff, apmbc, django_assert_max_num_queries, method
):
    client = client_for(isu_staff)
    small = budget_with(lines=5, notes=5, convention=apmbc, year=2026)
    large = budget_with(lines=50, notes=50, convention=apmbc, year=2027)

    def ask(budget):
        url = reverse("budgets:translations", args=[budget.pk]) + "?lang=fr"
        data = {f"budgetline-{line.pk}-label": "x" for line in budget.lines.all()}
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code in (200, 302)

    with django_assert_max_num_queries(30) as measured:
        ask(small)
    with django_assert_max_num_queries(len(measured.captured_queries)):
        ask(large)
