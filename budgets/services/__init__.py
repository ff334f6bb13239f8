"""Every write to budgets goes through these services (pages, API, admin actions,
management commands and tasks alike). Each is keyword-only, checks access itself
(ism.access), validates everything before writing, runs in one transaction with its
audit event, and re-renders the budget document after commit.

The package is split by subject; import the services from here.
"""

from budgets.services.bank_import import bank_statement_import
from budgets.services.budgets import budget_create, budget_revise, budget_save
from budgets.services.common import statement_touch
from budgets.services.contributions import assessment_issue, assessment_preview
from budgets.services.funds import fund_movement_record
from budgets.services.imports import budget_import
from budgets.services.invoices import invoice_cancel, invoice_create, invoice_issue
from budgets.services.payments import payment_record
from budgets.services.pledges import exchange_rate_record, pledge_record
from budgets.services.scale import scale_table_import
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
    "assessment_issue",
    "assessment_preview",
    "bank_statement_import",
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
    "exchange_rate_record",
    "fund_movement_record",
    "invoice_cancel",
    "invoice_create",
    "invoice_issue",
    "payment_record",
    "pledge_record",
    "scale_table_import",
    "statement_touch",
]
