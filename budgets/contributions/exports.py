"""A convention's collection status for a year as an Excel workbook: the totals
per currency, each State's position, arrears on closed years. Figures are numbers
with a number format, never text, so the ISU can go on calculating with them.
Printed for a meeting on A4, each sheet as wide as the page, its header on every
page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ism.spreadsheets import CENTS, PERCENT, printable, sum_of, workbook_bytes

BOLD = Font(bold=True)


def _header(sheet, *labels):
    sheet.append(list(labels))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _formats(sheet, columns: dict[int, str]):
    for col, fmt in columns.items():
        sheet.cell(sheet.max_row, col).number_format = fmt


def status_workbook(
    *, convention, year, statuses, positions, arrears, illustrative: bool
) -> bytes:
    title = _("%(code)s contributions %(year)s") % {
        "code": convention.code,
        "year": year,
    }
    book = Workbook()
    sheet = book.active
    sheet.title = _("Status")
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    if illustrative:
        sheet.append([_("Assessed on an illustrative scale (invented rates).")])
    sheet.append([])
    _header(
        sheet,
        _("Currency"),
        _("Assessed"),
        _("Received"),
        _("Outstanding"),
        _("Received (%)"),
        _("Arrears (closed years)"),
    )
    printable(sheet, header_row=sheet.max_row, landscape=True)
    for status in statuses:
        sheet.append(
            [
                status.currency,
                status.assessed.amount,
                status.received.amount,
                status.outstanding.amount,
                status.received_rate,
                status.arrears.amount,
            ]
        )
        _formats(sheet, {2: CENTS, 3: CENTS, 4: CENTS, 5: PERCENT, 6: CENTS})
    _states_sheet(book, positions)
    _arrears_sheet(book, arrears)
    for ws in book.worksheets:
        ws.column_dimensions["A"].width = 32
        for letter in "BCDEFGH":
            ws.column_dimensions[letter].width = 16
    return workbook_bytes(book, title=title, convention=convention)


def _states_sheet(book, positions) -> None:
    states = book.create_sheet(_("States"))
    _header(
        states,
        _("State"),
        _("ISO code"),
        _("Currency"),
        _("Assessed"),
        _("Received"),
        _("Outstanding"),
        _("Arrears (closed years)"),
        _("Credit"),
    )
    printable(states, header_row=1, landscape=True)
    for p in positions:
        states.append(
            [
                p.state.name,
                p.state.iso3,
                p.currency,
                p.assessed,
                p.received,
                p.outstanding,
                p.arrears,
                p.credit,
            ]
        )
        _formats(states, {4: CENTS, 5: CENTS, 6: CENTS, 7: CENTS, 8: CENTS})


def _arrears_sheet(book, arrears) -> None:
    owed = book.create_sheet(_("Arrears"))
    _header(owed, _("State"), _("ISO code"), _("Currency"), _("Owed on closed years"))
    printable(owed, header_row=1, landscape=False)
    for state, money in arrears.rows:
        owed.append([state.name, state.iso3, str(money.currency), money.amount])
        _formats(owed, {4: CENTS})
    owed.append([_("Total"), "", str(arrears.total.currency)])
    # The total recomputes from the rows above it (one currency: arrears.total).
    sum_of(owed, owed.max_row, 4, range(2, owed.max_row), CENTS)
    for cell in owed[owed.max_row]:
        cell.font = BOLD
