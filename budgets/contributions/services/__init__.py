"""Every write to the contributions goes through these services: the scale of
assessment, pledges and exchange rates, assessments, invoices, payments and the bank
import. Like budgets.services, each is keyword-only, checks access itself
(ism.access), validates before writing, runs in one transaction with its audit event
and renders documents after commit. Import them from here.
"""

from budgets.contributions.services.assessments import (
    assessment_issue,
    assessment_preview,
)
from budgets.contributions.services.bank_import import bank_statement_import
from budgets.contributions.services.common import statement_touch
from budgets.contributions.services.invoices import (
    invoice_cancel,
    invoice_create,
    invoice_issue,
)
from budgets.contributions.services.opening_balances import (
    opening_balance_record,
    opening_balances_import,
    opening_balances_read,
)
from budgets.contributions.services.payments import payment_record
from budgets.contributions.services.pledges import exchange_rate_record, pledge_record
from budgets.contributions.services.scale import scale_table_import

__all__ = [
    "assessment_issue",
    "assessment_preview",
    "bank_statement_import",
    "exchange_rate_record",
    "invoice_cancel",
    "invoice_create",
    "invoice_issue",
    "opening_balance_record",
    "opening_balances_import",
    "opening_balances_read",
    "payment_record",
    "pledge_record",
    "scale_table_import",
    "statement_touch",
]
