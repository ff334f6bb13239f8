"""budget_view — what the edit page, the API detail and the PDF show — reads the
database a fixed number of times whatever the number of lines."""

import pytest
from djmoney.money import Money

from budgets.selectors import budget_detail_queryset, budget_view
from tests.budgets.factories import FundFactory, FundMovementFactory, budget_with

# The budget with its six kinds of rows (7), the previous year's budget with its
# rows (4), the convention's funds and the fund's balance (3), earmarked projects
# (1), and the reader's roles (1). The same for 5 lines and for 50.
MAX_QUERIES = 16


@pytest.fixture
def world(apmbc):
    budget_with(convention=apmbc, year=2025, lines=5, status="adopted")
    fund = FundFactory(convention=apmbc)
    FundMovementFactory(fund=fund, kind="opening", amount=Money(758655, "CHF"))
    return apmbc


@pytest.mark.parametrize("lines", [5, 50])
def test_budget_view_reads_a_fixed_number_of_times(
    world, isu_staff, django_assert_max_num_queries, lines
):
    budget = budget_with(convention=world, year=2026, lines=lines)

    with django_assert_max_num_queries(MAX_QUERIES):
        loaded = budget_detail_queryset(user=isu_staff).get(pk=budget.pk)
        view = budget_view(loaded)
        assert len(view.figures.lines) == lines
        assert view.previous is not None
        assert view.funds[0].coverage is not None
