"""The contributions' models. Django registers them through budgets.models, which
imports them (the app is `budgets`); either import path works."""

from budgets.contributions.models.contributions import (
    Assessment,
    AssessmentLine,
    ContributionSettings,
    ExchangeRate,
    Pledge,
    ScaleRate,
    ScaleTable,
)
from budgets.contributions.models.invoices import (
    Invoice,
    InvoiceSeries,
    Statement,
    invoice_status,
)
from budgets.contributions.models.payments import (
    Credit,
    CreditAllocation,
    ImportBatch,
    Payment,
)
from budgets.contributions.models.reminders import (
    InvoiceReminder,
    ReminderLevel,
    ReminderPolicy,
)

__all__ = [
    "Assessment",
    "AssessmentLine",
    "ContributionSettings",
    "Credit",
    "CreditAllocation",
    "ExchangeRate",
    "ImportBatch",
    "Invoice",
    "InvoiceReminder",
    "InvoiceSeries",
    "Payment",
    "Pledge",
    "ReminderLevel",
    "ReminderPolicy",
    "ScaleRate",
    "ScaleTable",
    "Statement",
    "invoice_status",
]
