"""Arrears brought forward: what each State owed on a year before ISM, entered
once as an opening balance. Each is an issued invoice of that year marked
`brought_forward` (no document of its own), so the one settled rule (selectors.
settled), payments, the collection status's closed years, the State's statement
and the reminders count it as they count any invoice.

CSV columns: state (ISO 3166 alpha-3 or alpha-2), year, amount (in the
convention's currency), as_of (YYYY-MM-DD, the day the amount was outstanding),
source (optional: the statement it is taken from). Read in full first (the
preview), then recorded; importing the same file again changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.contributions.services.common import (
    clean_participant,
    live_invoice,
    state_index,
    statement_touch,
)
from budgets.contributions.services.issuing import _next_numbers
from budgets.models import Invoice
from budgets.services.values import Problems
from ism.audit import actor_or_none, create_and_record, plain
from ism.workflow import require_staff

COLUMNS = ["state", "year", "amount", "as_of", "source"]


@dataclass
class OpeningRow:
    state: object  # ism.State
    year: int
    amount: Money
    as_of: dt.date
    source: str = ""
    # "new", or "recorded" when the same balance is in ISM already.
    status: str = "new"


def _first_ism_year(convention) -> int | None:
    years = Invoice.objects.filter(
        convention=convention, brought_forward=False, kind=Invoice.Kind.INVOICE
    ).order_by("year")
    return years.values_list("year", flat=True).first()


def _check(p: Problems, place: str, convention, row: OpeningRow, first) -> None:
    """The rules for one balance; `place` names it in the messages."""
    if not 1990 <= row.year <= 2200:
        p.add(place, _("Enter a year."))
    if row.amount.amount >= Decimal("1e12"):
        p.add(place, _("Enter an amount above zero."))
    if first is not None and row.year >= first:
        p.add(
            place,
            _("%(year)s is not a year before ISM's first invoices (%(first)s).")
            % {"year": row.year, "first": first},
        )
    if row.as_of > timezone.localdate():
        p.add(place, _("The day it was outstanding is in the future."))
    sub = Problems()
    clean_participant(sub, convention=convention, state=row.state)
    for messages in sub.errors.values():
        for message in messages:
            p.add(place, message)
    existing = live_invoice(convention, row.state, row.year)
    if existing is None:
        return
    if existing.brought_forward and existing.amount == row.amount:
        row.status = "recorded"
    else:
        p.add(
            place,
            _("%(state)s has a %(year)s balance or invoice already (%(n)s).")
            % {"state": row.state, "year": row.year, "n": existing.number},
        )


def _cell(p, place, column, text, parse):
    try:
        return parse(text)
    except (ValueError, InvalidOperation):
        p.add(
            "file",
            _('%(place)s, column "%(column)s": "%(value)s" is not valid.')
            % {"place": place, "column": column, "value": text},
        )
        return None


def _money(text: str, currency: str) -> Money:
    amount = Decimal(text.replace(",", "").replace("'", "").strip())
    if (
        not amount.is_finite()
        or amount <= 0
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise InvalidOperation
    return Money(amount, currency)


def opening_balances_read(*, convention, csv_text: str) -> list[OpeningRow]:
    """Every row of the file, judged (the preview): a ValidationError naming each
    problem's row and column, or the rows with their status."""
    p = Problems()
    try:
        rows = [
            r
            for r in csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
            if any(c.strip() for c in r)
        ]
    except csv.Error:
        rows = []
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if header[:4] != COLUMNS[:4]:
        p.add(
            "file",
            _('Row 1: the header must be "%(header)s".')
            % {"header": ",".join(COLUMNS)},
        )
        p.raise_if_any()
    states, first, result = state_index(), _first_ism_year(convention), []
    for number, cells in enumerate(rows[1:], start=2):
        cells = [*(c.strip() for c in cells), "", "", "", "", ""]
        place = _("Row %(row)d") % {"row": number}
        state = states.get(cells[0].upper())
        if state is None:
            p.add(
                "file",
                _('%(place)s, column "state": no State has the code "%(code)s".')
                % {"place": place, "code": cells[0]},
            )
        year = _cell(p, place, "year", cells[1], int)
        amount = _cell(
            p, place, "amount", cells[2], lambda t: _money(t, convention.currency)
        )
        as_of = _cell(p, place, "as_of", cells[3], dt.date.fromisoformat)
        if None in (state, year, amount, as_of):
            continue
        row = OpeningRow(state, year, amount, as_of, cells[4][:300])
        found = Problems()
        _check(found, "row", convention, row, first)
        for message in found.errors.get("row", []):
            p.add("file", f"{place}: {message}")
        if any((r.state, r.year) == (state, year) for r in result):
            p.add(
                "file",
                _("%(place)s: %(state)s %(year)s appears twice.")
                % {"place": place, "state": state.iso3, "year": year},
            )
        result.append(row)
    if not result and not p.errors:
        p.add("file", _("The file has no balances."))
    p.raise_if_any()
    return result


def _record(convention, row: OpeningRow, actor) -> Invoice:
    [(sequence, _number)] = _next_numbers(convention, row.year)
    invoice = create_and_record(
        Invoice,
        actor=actor,
        verb="arrears brought forward recorded",
        changes={
            "amount": [None, plain(row.amount)],
            "as_of": [None, plain(row.as_of)],
        },
        convention=convention,
        year=row.year,
        state=row.state,
        amount=row.amount,
        number=f"{convention.code}-{row.year}-BF-{row.state.iso3}",
        sequence=sequence,
        issue_date=row.as_of,
        due_date=row.as_of,
        issued_at=timezone.now(),
        issued_by=actor_or_none(actor),
        brought_forward=True,
        note=row.source,
    )
    statement_touch(convention=convention, state=row.state)
    return invoice


@transaction.atomic
def opening_balances_import(*, convention, csv_text: str, actor) -> tuple[int, int]:
    """Record the file's balances: (recorded now, already in ISM)."""
    require_staff(actor, convention)
    rows = opening_balances_read(convention=convention, csv_text=csv_text)
    new = [row for row in rows if row.status == "new"]
    for row in new:
        _record(convention, row, actor)
    return len(new), len(rows) - len(new)


@transaction.atomic
def opening_balance_record(
    *, convention, state, year: int, amount: Money, as_of: dt.date, source="", actor
) -> Invoice:
    """One State's arrears brought forward for one year, typed on the page."""
    require_staff(actor, convention)
    p = Problems()
    row = OpeningRow(state, year, amount, as_of, (source or "").strip()[:300])
    _check(p, "__all__", convention, row, _first_ism_year(convention))
    if row.status == "recorded":
        p.add("__all__", _("This balance is recorded already."))
    p.raise_if_any()
    return _record(convention, row, actor)


def brought_forward(convention):
    """The convention's arrears brought forward, by year and State."""
    return (
        Invoice.objects.filter(convention=convention, brought_forward=True)
        .select_related("state")
        .order_by("year", "state__name")
    )


__all__ = [
    "COLUMNS",
    "OpeningRow",
    "ValidationError",
    "brought_forward",
    "opening_balance_record",
    "opening_balances_import",
    "opening_balances_read",
]
