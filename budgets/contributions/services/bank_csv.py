"""A bank statement in CSV, ISM's own columns: state, invoice, date, amount,
currency, reference (a header row first, in any order; see
budgets.contributions.services.bank_import for what is done with the rows).
A malformed file records nothing and gets one message per problem, naming the
row and the column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.contributions.services.bank_rows import BankRow
from ism.validators import date_problem

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


def parse_csv(csv_text: str) -> list[BankRow]:
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
