"""The rows of a bank statement as the import sees them, whatever the file's
format (CSV, camt.05x, MT940), and what the import made of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy
from djmoney.money import Money

from budgets.models import ImportBatch, Invoice


class Outcome(models.TextChoices):
    MATCHED = "matched", gettext_lazy("Matched")
    SUSPICIOUS = "suspicious", gettext_lazy("Suspicious")
    UNMATCHED = "unmatched", gettext_lazy("Unmatched")
    DUPLICATE = "duplicate", gettext_lazy("Already recorded")


@dataclass
class BankRow:
    number: int  # the row in the file, the header being row 1
    state_code: str
    invoice_number: str
    date: dt.date
    amount: Money
    reference: str
    occurrence: int = 1
    state: object = None
    invoice: Invoice | None = None
    outcome: str = Outcome.UNMATCHED
    reasons: list[str] = field(default_factory=list)
    # A suspicious row staff may accept (only a wrong amount).
    acceptable: bool = False
    key: str = ""
    recorded: bool = False
    # From a bank's own format (camt.05x, MT940): no State column; the State
    # comes from the invoice the reference names, or from staff.
    debtor: str = ""
    from_bank: bool = False
    # Open invoices staff may match an unmatched row to, the likeliest first.
    suggestions: list[Invoice] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)


def _rows_of(outcome: str) -> property:
    """A BankImportResult's rows the import gave `outcome`, in the file's order."""

    def rows(result: BankImportResult) -> list[BankRow]:
        return [r for r in result.rows if r.outcome == outcome]

    return property(rows)


@dataclass
class BankImportResult:
    rows: list[BankRow]
    sha256: str
    filename: str = ""
    confirmed: bool = False
    batch: ImportBatch | None = None
    # For the unmatched rows of a bank's file: what staff may match them to.
    open_invoices: list[Invoice] = field(default_factory=list)

    matched = _rows_of(Outcome.MATCHED)
    suspicious = _rows_of(Outcome.SUSPICIOUS)
    unmatched = _rows_of(Outcome.UNMATCHED)
    duplicates = _rows_of(Outcome.DUPLICATE)

    @property
    def recorded(self) -> list[BankRow]:
        return [r for r in self.rows if r.recorded]
