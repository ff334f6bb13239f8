"""Reads shared by pages, API, PDFs and exports, scoped by ism.access. Split by
subject; import them from here (`from budgets.selectors import budget_list`). The
contributions' reads (settled amounts, arrears, collection status) are
budgets.contributions.selectors."""

from budgets.selectors.budgets import (
    BudgetView,
    Circulation,
    budget_detail_queryset,
    budget_list,
    budget_list_figures,
    budget_view,
    circulation_of,
    previous_budget,
)
from budgets.selectors.funds import (
    FundStatus,
    LedgerRow,
    annual_expenditure,
    fund_balance,
    fund_ledger,
    fund_statuses,
)

__all__ = [
    "BudgetView",
    "Circulation",
    "FundStatus",
    "LedgerRow",
    "annual_expenditure",
    "budget_detail_queryset",
    "budget_list",
    "budget_list_figures",
    "budget_view",
    "circulation_of",
    "fund_balance",
    "fund_ledger",
    "fund_statuses",
    "previous_budget",
]
