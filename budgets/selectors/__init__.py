"""Reads shared by pages, API, PDFs and exports, scoped by ism.access. Split by
subject; import them from here (`from budgets.selectors import budget_list`). The
contributions' reads (settled amounts, arrears, collection status) are
budgets.contributions.selectors."""

from budgets.selectors.budgets import (
    BudgetView,
    Circulation,
    FundStatus,
    budget_detail_queryset,
    budget_list,
    budget_list_figures,
    budget_view,
    circulation_of,
    fund_balance,
    previous_budget,
)

__all__ = [
    "BudgetView",
    "Circulation",
    "FundStatus",
    "budget_detail_queryset",
    "budget_list",
    "budget_list_figures",
    "budget_view",
    "circulation_of",
    "fund_balance",
    "previous_budget",
]
