"""Import of a bank statement (CSV): preview first, then record.

Columns (header row required, any order): state, invoice, date, amount,
currency, reference. Each row is classified before anything is saved:

* matched — the State's own live invoice, in its currency, for what it still owes;
* suspicious — a wrong amount (partial or more than owed), an unknown invoice, an
  invoice of another State or a cancelled one, a currency that is not the
  invoice's. Only a wrong amount can be accepted by staff (ticked in the
  preview): it is then recorded as a partial payment or an over-payment;
* unmatched — no invoice number, or a State the file names that ISM does not know
  as a party: recorded by hand, if at all;
* already recorded — the same movement is in ISM (an earlier import or entered
  by hand with the same reference): never recorded twice.

A malformed file records nothing and gets one message per problem, naming the
row and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from djmoney.money import Money

from budgets.contributions.selectors.settled import settled_annotation
from budgets.contributions.services.common import state_index
from budgets.contributions.services.payments import payment_key, payment_record
from budgets.models import ImportBatch, Invoice, Payment
from ism.audit import actor_or_none, audit_record
from ism.models import Convention, Participation, State
from ism.validators import date_problem
from ism.workflow import require_staff

COLUMNS = ("state", "invoice", "date", "amount", "currency", "reference")
ALIASES = {
    "state code": "state",
    "country": "state",
    "invoice number": "invoice",
    "invoice no": "invoice",
    "value date": "date",
    "bank reference": "reference",
}
MAX_ROWS = 5000
_AMOUNT = re.compile(r"^\d{1,3}(?:[,'’ ]?\d{3})*(?:\.\d{1,2})?$|^\d+(?:\.\d{1,2})?$")


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

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)


@dataclass
class BankImportResult:
    rows: list[BankRow]
    sha256: str
    filename: str = ""
    confirmed: bool = False
    batch: ImportBatch | None = None

    def _of(self, outcome: str) -> list[BankRow]:
        return [r for r in self.rows if r.outcome == outcome]

    @property
    def matched(self) -> list[BankRow]:
        return self._of(Outcome.MATCHED)

    @property
    def suspicious(self) -> list[BankRow]:
        return self._of(Outcome.SUSPICIOUS)

    @property
    def unmatched(self) -> list[BankRow]:
        return self._of(Outcome.UNMATCHED)

    @property
    def duplicates(self) -> list[BankRow]:
        return self._of(Outcome.DUPLICATE)

    @property
    def recorded(self) -> list[BankRow]:
        return [r for r in self.rows if r.recorded]


def _parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValueError(text)


def _parse_amount(text: str) -> Decimal:
    compact = text.strip()
    if not _AMOUNT.match(compact):
        raise ValueError(text)
    value = Decimal(re.sub(r"[,'’ ]", "", compact))
    if value <= 0:
        raise ValueError(text)
    return value


def _parse_row(number: int, cell: dict[str, str]) -> tuple[BankRow | None, list]:
    problems = []

    def bad(column: str, message: str) -> None:
        problems.append(
            _('Row %(row)d, column "%(column)s": %(message)s')
            % {"row": number, "column": column, "message": message}
        )

    if not cell["state"]:
        bad("state", _("empty; give the State's ISO code."))
    date = amount = None
    try:
        date = _parse_date(cell["date"])
    except ValueError:
        bad("date", _('"%(v)s" is not a date (YYYY-MM-DD).') % {"v": cell["date"]})
    else:
        if problem := date_problem(date):
            bad("date", problem)
    try:
        amount = _parse_amount(cell["amount"])
    except (ValueError, InvalidOperation):
        bad(
            "amount",
            _('"%(v)s" is not an amount above zero (e.g. 12500.00).')
            % {"v": cell["amount"]},
        )
    currency = cell["currency"].upper()
    if currency not in settings.CURRENCIES:
        bad(
            "currency",
            _('"%(v)s" is not a currency ISM knows (%(known)s).')
            % {"v": cell["currency"], "known": ", ".join(settings.CURRENCIES)},
        )
    if len(cell["reference"]) > 200:
        bad("reference", _("longer than 200 characters."))
    if problems:
        return None, problems
    row = BankRow(
        number=number,
        state_code=cell["state"].upper(),
        invoice_number=cell["invoice"],
        date=date,
        amount=Money(amount, currency),
        reference=cell["reference"],
    )
    return row, problems


def parse_statement(csv_text: str) -> list[BankRow]:
    """The rows of the file, or ValidationError listing every problem with its
    row and column."""
    problems: list[str] = []
    try:
        rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise ValidationError({"file": [_("Not a CSV file: %s") % exc]}) from None
    rows = [
        (n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)
    ]
    if not rows:
        raise ValidationError({"file": [_("The file is empty.")]})
    header_number, header = rows[0]
    names = [ALIASES.get(c.strip().lower(), c.strip().lower()) for c in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Row %(row)d (the header): missing column(s) %(missing)s; "
                        "expected %(expected)s."
                    )
                    % {
                        "row": header_number,
                        "missing": ", ".join(f'"{m}"' for m in missing),
                        "expected": ", ".join(COLUMNS),
                    }
                ]
            }
        )
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(
            {"file": [_("At most %(n)d rows per file.") % {"n": MAX_ROWS}]}
        )
    where = {name: names.index(name) for name in COLUMNS}
    parsed: list[BankRow] = []
    for number, row in rows[1:]:
        if any("\x00" in c for c in row):
            # No statement holds one, and PostgreSQL refuses it in a lookup.
            problems.append(_("Row %(row)d: a NUL character.") % {"row": number})
            continue
        if len(row) != len(header):
            problems.append(
                _("Row %(row)d: %(found)d columns where the header has %(n)d.")
                % {"row": number, "found": len(row), "n": len(header)}
            )
            continue
        cell = {name: row[i].strip() for name, i in where.items()}
        parsed_row, row_problems = _parse_row(number, cell)
        problems.extend(row_problems)
        if parsed_row is not None:
            parsed.append(parsed_row)
    if problems:
        raise ValidationError({"file": problems})
    return parsed


def _classify(convention: Convention, rows: list[BankRow]) -> None:
    states = state_index()
    parties = set(
        Participation.objects.filter(
            convention=convention, status=Participation.Status.PARTY
        ).values_list("state_id", flat=True)
    )
    numbers = {r.invoice_number for r in rows if r.invoice_number}
    invoices = _invoices(convention, numbers)
    seen: Counter = Counter()
    # What earlier rows of this file already pay on each invoice.
    paying: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        _identify(row, states, seen)
        if row.state is None:
            row.reasons.append(
                _('No State has the code "%(c)s".') % {"c": row.state_code}
            )
        elif row.state.pk not in parties:
            row.reasons.append(
                _("%(state)s is not a State Party of the %(code)s.")
                % {"state": row.state, "code": convention.code}
            )
        elif not row.invoice_number:
            row.reasons.append(_("No invoice number: record it by hand."))
        else:
            _match(row, invoices.get(row.invoice_number), paying)
    _mark_recorded(convention, rows)


def _identify(row: BankRow, states: dict[str, State], seen: Counter) -> None:
    """The row's State and, when known, the movement's key: identical movements
    in one file are told apart by their occurrence."""
    row.state = states.get(row.state_code)
    identity = (
        row.state_code,
        row.date,
        row.amount,
        " ".join(row.reference.split()).upper(),
    )
    seen[identity] += 1
    row.occurrence = seen[identity]
    if row.state is not None:
        row.key = payment_key(
            state=row.state,
            date=row.date,
            amount=row.amount,
            reference=row.reference,
            occurrence=row.occurrence,
        )


def _match(row: BankRow, invoice: Invoice | None, paying: dict[int, Decimal]):
    """Matched when the row pays the State's own live invoice, in its currency,
    exactly what is still owed after the file's earlier rows; suspicious
    otherwise (a wrong amount only may be accepted)."""
    row.invoice = invoice
    row.outcome = Outcome.SUSPICIOUS
    if invoice is None:
        row.reasons.append(_("Unknown invoice %(n)s.") % {"n": row.invoice_number})
        return
    if invoice.state_id != row.state.pk:
        row.reasons.append(
            _("Invoice %(n)s is %(other)s's, not %(state)s's.")
            % {"n": invoice.number, "other": invoice.state, "state": row.state}
        )
        return
    if invoice.cancelled or invoice.is_cancellation:
        row.reasons.append(_("Invoice %(n)s is cancelled.") % {"n": invoice.number})
        return
    if str(row.amount.currency) != str(invoice.amount.currency):
        row.reasons.append(
            _("Paid in %(paid)s; invoice %(n)s is in %(due)s.")
            % {
                "paid": row.amount.currency,
                "n": invoice.number,
                "due": invoice.amount.currency,
            }
        )
        return
    owed = invoice.outstanding_for(invoice.settled_amount + paying[invoice.pk])
    paying[invoice.pk] += row.amount.amount
    if row.amount.amount != owed:
        row.acceptable = True
        row.reasons.append(
            _("Pays %(paid)s where %(owed)s is outstanding.")
            % {"paid": row.amount.amount, "owed": owed}
        )
        return
    row.outcome = Outcome.MATCHED


def _mark_recorded(convention: Convention, rows: list[BankRow]) -> None:
    """Last, so that a movement already in ISM is said to be that, whatever
    else."""
    keys = {r.key for r in rows if r.key}
    recorded = set(
        Payment.objects.filter(
            convention=convention, idempotency_key__in=keys
        ).values_list("idempotency_key", flat=True)
    )
    for row in rows:
        if row.key in recorded:
            row.outcome = Outcome.DUPLICATE
            row.acceptable = False
            row.reasons = [_("Recorded already.")]


def _invoices(convention: Convention, numbers: set[str]) -> dict[str, Invoice]:
    """The convention's invoices the file names, each with what settled it."""
    found = (
        Invoice.objects.filter(convention=convention, number__in=numbers)
        .select_related("state")
        .annotate(settled=settled_annotation())
    )
    return {invoice.number: invoice for invoice in found}


def bank_statement_import(
    *,
    convention: Convention,
    csv_text: str,
    actor,
    confirm: bool = False,
    accept: frozenset[int] | set[int] = frozenset(),
    filename: str = "",
) -> BankImportResult:
    """Preview (confirm=False) or record (confirm=True) a bank statement.
    Recording saves the matched rows and the suspicious rows whose numbers are in
    `accept` (a wrong amount only), all in one transaction."""
    require_staff(actor, convention)
    rows = parse_statement(csv_text)
    digest = hashlib.sha256(csv_text.encode()).hexdigest()
    result = BankImportResult(rows=rows, sha256=digest, filename=filename[:255])
    if not confirm:
        _classify(convention, rows)
        return result
    with transaction.atomic():
        # One import of a convention's statements at a time: the second waits
        # and then finds the first one's payments recorded (duplicates).
        Convention.objects.select_for_update().get(pk=convention.pk)
        _classify(convention, rows)
        chosen = [
            r
            for r in rows
            if r.outcome == Outcome.MATCHED
            or (r.outcome == Outcome.SUSPICIOUS and r.acceptable and r.number in accept)
        ]
        batch = ImportBatch.objects.create(
            convention=convention,
            filename=result.filename,
            sha256=digest,
            rows=len(rows),
            recorded=len(chosen),
            imported_by=actor_or_none(actor),
        )
        for row in chosen:
            payment_record(
                convention=convention,
                state=row.state,
                invoice=row.invoice,
                date=row.date,
                amount=row.amount,
                reference=row.reference,
                batch=batch,
                idempotency_key=row.key,
                actor=actor,
            )
            row.recorded = True
        audit_record(
            actor=actor,
            verb="bank statement imported",
            obj=batch,
            changes={
                "file": [None, result.filename or digest[:12]],
                "rows": [None, len(rows)],
                "recorded": [None, len(chosen)],
                "left": [None, len(rows) - len(chosen)],
            },
        )
        result.confirmed = True
        result.batch = batch
    return result
