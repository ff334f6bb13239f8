"""Every write to a budget goes through these services (pages, API, admin actions,
management commands and tasks alike). Each is keyword-only, checks access itself
(ism.access), validates everything before writing, runs in one transaction with its
audit event, and re-renders the budget document after commit.

The package is split by subject; import the services from here. The contributions'
services (assessments, invoices, payments, pledges, scale, bank import) are
budgets.contributions.services.
"""

from budgets.services.budgets import (
    budget_create,
    budget_revise,
    budget_save,
    budget_version,
)
from budgets.services.earmarked import earmarked_save
from budgets.services.funds import fund_movement_record
from budgets.services.imports import budget_import
from budgets.services.workflow import (
    budget_adopt,
    budget_approve,
    budget_circulate,
    budget_comment_add,
    budget_request_changes,
    budget_return_to_draft,
    budget_submit,
)

__all__ = [
    "budget_adopt",
    "budget_approve",
    "budget_circulate",
    "budget_comment_add",
    "budget_create",
    "budget_import",
    "budget_request_changes",
    "budget_return_to_draft",
    "budget_revise",
    "budget_save",
    "budget_submit",
    "budget_version",
    "earmarked_save",
    "fund_movement_record",
]
