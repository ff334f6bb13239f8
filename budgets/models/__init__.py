"""Budgets and contributions of the ISUs. The models live in several modules;
import them from here (`from budgets.models import Budget, Invoice`)."""

from budgets.models.budget import (
    MONEY,
    PUBLIC_STATUSES,
    REVIEWED_STATUSES,
    Budget,
    BudgetComment,
    BudgetItem,
    BudgetLine,
    BudgetNote,
    EarmarkedProject,
    InKindSupport,
    Mission,
    StaffPosition,
)
from budgets.models.contributions import (
    Assessment,
    AssessmentLine,
    ContributionSettings,
    ExchangeRate,
    Pledge,
    ScaleRate,
    ScaleTable,
)
from budgets.models.funds import Fund, FundMovement
from budgets.models.invoices import Invoice, InvoiceSeries, Statement, invoice_status
from budgets.models.payments import Credit, CreditAllocation, ImportBatch, Payment
from budgets.models.reminders import InvoiceReminder, ReminderLevel, ReminderPolicy

__all__ = [
    "MONEY",
    "PUBLIC_STATUSES",
    "REVIEWED_STATUSES",
    "Assessment",
    "AssessmentLine",
    "Budget",
    "BudgetComment",
    "BudgetItem",
    "BudgetLine",
    "BudgetNote",
    "ContributionSettings",
    "Credit",
    "CreditAllocation",
    "EarmarkedProject",
    "ExchangeRate",
    "Fund",
    "FundMovement",
    "ImportBatch",
    "InKindSupport",
    "Invoice",
    "InvoiceReminder",
    "InvoiceSeries",
    "Mission",
    "Payment",
    "Pledge",
    "ReminderLevel",
    "ReminderPolicy",
    "ScaleRate",
    "ScaleTable",
    "StaffPosition",
    "Statement",
    "invoice_status",
]
