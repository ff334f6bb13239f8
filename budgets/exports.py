"""The budget as an Excel workbook (openpyxl), with the figures of the page.

Every figure comes from budgets.selectors.budget_view and is written as a number
with a number format, never as text, so the ISU can go on calculating with it;
subtotals and totals are formulas over those figures (ism.spreadsheets.sum_of), so
a figure changed in the workbook carries to them.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Border, Font, Side
from openpyxl.workbook.defined_name import DefinedName

from budgets.selectors import BudgetView
from ism.spreadsheets import (
    AMOUNT,
    FTE,
    PERCENT,
    column_widths,
    formula,
    printable,
    sum_of,
    workbook_bytes,
)

# A workbook-level name for the total, so a reader (or a test) need not know its row.
TOTAL_NAME = "BudgetTotal"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True, size=12)
RULE = Border(bottom=Side(style="thin"))
DOUBLE = Border(top=Side(style="thin"), bottom=Side(style="double"))


class _Sheet:
    """Appends rows and keeps track of the row number."""

    def __init__(self, sheet):
        self.sheet = sheet

    @property
    def row(self) -> int:
        return self.sheet.max_row

    def blank(self) -> None:
        self.sheet.append([])

    def heading(self, text: str) -> None:
        self.blank()
        self.sheet.append([text])
        self.sheet.cell(self.row, 1).font = HEADING

    def header(self, *labels: str) -> None:
        self.sheet.append(list(labels))
        for col in range(1, len(labels) + 1):
            cell = self.sheet.cell(self.row, col)
            cell.font = BOLD
            cell.border = RULE

    def table(self, heading: str, header: list[str], rows: list[list], **add) -> None:
        """A section: its heading, its column labels (none: no header row) and its
        rows, each written by `add`; nothing at all when it has no rows."""
        if not rows:
            return
        self.heading(heading)
        if header:
            self.header(*header)
        for values in rows:
            self.add(values, **add)

    def add(self, values: list, *, formats: dict[int, str] | None = None, style=None):
        self.sheet.append(values)
        for col, fmt in (formats or {}).items():
            self.sheet.cell(self.row, col).number_format = fmt
        if style in ("subtotal", "total"):
            for col in range(1, len(values) + 1):
                cell = self.sheet.cell(self.row, col)
                cell.font = BOLD
                if style == "total":
                    cell.border = DOUBLE
        return self.row


def _amount(money) -> Decimal | None:
    return None if money is None else money.amount


def budget_workbook(view: BudgetView) -> bytes:
    """The .xlsx bytes of one budget: the budget table with the variance against
    the previous year, positions, funds, earmarked projects, notes, mission plan."""
    budget = view.budget
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Budget")[:31]
    out = _Sheet(sheet)

    _title_rows(sheet, budget)
    total_row, fte_row = _budget_table(out, view)
    positions_total = _positions_table(out, view)
    # The budget table's FTE is the positions' total, wherever that is changed.
    formula(sheet, fte_row, 2, f"C{positions_total}", FTE)
    _funds_table(out, view)
    _earmarked_table(out, view)
    _in_kind_table(out, budget)
    _notes_table(out, budget)

    column_widths(sheet, [48, 14, 14, 14, 12, 60])

    _mission_sheet(workbook, view)

    if total_row is not None:
        ref = f"'{sheet.title}'!$B${total_row}"
        workbook.defined_names[TOTAL_NAME] = DefinedName(TOTAL_NAME, attr_text=ref)

    return workbook_bytes(
        workbook, title=_budget_title(budget), convention=budget.convention
    )


def _budget_title(budget) -> str:
    return budget.title or _(
        "%(code)s Implementation Support Unit: budget %(year)s"
    ) % {
        "code": budget.convention.code,
        "year": budget.year,
    }


def _title_rows(sheet, budget) -> None:
    sheet.append([_budget_title(budget)])
    sheet.cell(1, 1).font = TITLE
    sheet.append([budget.convention.name])
    facts = [
        f"{_('Version')} {budget.version}",
        budget.get_status_display(),
        f"{_('Currency')}: {budget.currency}",
    ]
    if budget.document_symbol:
        facts.append(budget.document_symbol)
    sheet.append([" · ".join(str(f) for f in facts)])


def _budget_table(out: _Sheet, view: BudgetView) -> tuple[int, int]:
    """The budget table, with the previous year beside it; returns the rows of
    the total (the workbook names it) and of the FTE."""
    budget = view.budget
    previous_year = view.previous.year if view.previous else budget.year - 1
    out.heading(
        _("Budget %(year)s (%(currency)s)")
        % {"year": budget.year, "currency": budget.currency}
    )
    out.header(
        _("Item"),
        str(budget.year),
        str(previous_year),
        _("Change"),
        _("Change %"),
        _("Notes"),
    )
    printable(out.sheet, header_row=out.row, landscape=True)
    # compare() lists: salaries, social security, staff costs, the lines (this
    # year's in order, then those only last year had), the operations subtotal and
    # the total. The fixed rows get translated labels; lines keep the ISU's own.
    lines = list(budget.lines.all())
    count = len(view.variances)
    fixed = {
        0: (_("Salaries"), None),
        1: (_("Social security"), None),
        2: (_("Staff costs subtotal"), "subtotal"),
        count - 2: (_("Travel and other support subtotal"), "subtotal"),
        count - 1: (_("Total"), "total"),
    }
    notes = {0: budget.salaries_note, 1: budget.social_security_note}
    rows = []
    for index, variance in enumerate(view.variances):
        label, style = fixed.get(index, (variance.label, None))
        line_index = index - 3
        note = lines[line_index].note if 0 <= line_index < len(lines) else ""
        pct = variance.change_pct
        rows.append(
            out.add(
                [
                    label,
                    _amount(variance.current),
                    _amount(variance.previous),
                    _amount(variance.change),
                    None if pct is None else pct / 100,
                    notes.get(index, note),
                ],
                formats={2: AMOUNT, 3: AMOUNT, 4: AMOUNT, 5: PERCENT},
                style=style,
            )
        )
    # Subtotals and the total recompute from the rows above them.
    sums = {
        2: rows[0:2],
        count - 2: rows[3 : count - 2],
        count - 1: [rows[2], rows[count - 2]],
    }
    columns = (2, 3) if view.previous else (2,)
    for index, summed in sums.items():
        for column in columns:
            sum_of(out.sheet, rows[index], column, summed, AMOUNT)
    fte_row = out.add([_("Total FTE"), None], formats={2: FTE})
    return rows[-1], fte_row


def _positions_table(out: _Sheet, view: BudgetView) -> int:
    """The positions and their total (returns its row). The salaries' total is
    the sum of the positions' salaries, which a published total may differ from
    (the budget table shows the one the budget uses)."""
    out.heading(_("Staff positions"))
    out.header(_("Position"), _("Grade"), _("FTE"), _("Salary"))
    rows = []
    salaried = False
    for position in view.budget.positions.all():
        salaried = salaried or position.salary is not None
        rows.append(
            out.add(
                [
                    position.title,
                    position.grade,
                    position.fte,
                    _amount(position.salary),
                ],
                formats={3: FTE, 4: AMOUNT},
            )
        )
    total = out.add([_("Total"), ""], style="subtotal")
    sum_of(out.sheet, total, 3, rows, FTE).font = BOLD
    if salaried:
        sum_of(out.sheet, total, 4, rows, AMOUNT).font = BOLD
    return total


def _funds_table(out: _Sheet, view: BudgetView) -> None:
    out.table(
        _("Funds"),
        [_("Fund"), _("Balance"), _("Target"), _("Coverage"), _("Currency")],
        [
            [
                status.fund.name,
                status.balance.amount,
                status.target.amount if status.target else None,
                status.coverage,
                str(status.balance.currency),
            ]
            for status in view.funds
        ],
        formats={2: AMOUNT, 3: AMOUNT, 4: PERCENT},
    )


def _earmarked_table(out: _Sheet, view: BudgetView) -> None:
    """Earmarked projects, each in its own currency."""
    out.table(
        _("Earmarked projects (not part of the total)"),
        [
            _("Project"),
            _("Amount"),
            _("Currency"),
            _("Donor"),
            _("Instrument"),
            _("Period"),
        ],
        [
            [
                project.name,
                project.amount.amount,
                str(project.amount.currency),
                project.donor,
                project.instrument,
                f"{project.start_year}–{project.end_year}",
            ]
            for project in view.earmarked
        ],
        formats={2: AMOUNT},
    )


def _in_kind_table(out: _Sheet, budget) -> None:
    out.table(
        _("Support in kind (not part of the total)"),
        [_("Provider"), _("Estimated value"), _("Currency"), _("Covers")],
        [
            [
                item.provider,
                _amount(item.estimated_value),
                str(item.estimated_value.currency) if item.estimated_value else "",
                item.covers,
            ]
            for item in budget.in_kind.all()
        ],
        formats={2: AMOUNT},
    )


def _notes_table(out: _Sheet, budget) -> None:
    """Notes and assumptions, in their order."""
    out.table(
        _("Notes and assumptions"),
        [],
        [
            [note.get_kind_display(), number, note.text]
            for number, note in enumerate(budget.notes.all(), start=1)
        ],
    )


def _mission_sheet(workbook, view: BudgetView) -> None:
    missions = list(view.budget.missions.all())
    if not missions:
        return
    sheet = workbook.create_sheet(_("Mission plan")[:31])
    out = _Sheet(sheet)
    sheet.append([_("Mission plan")])
    sheet.cell(1, 1).font = HEADING
    out.header(_("Purpose"), _("Missions"), _("Haul"), _("Per mission"), _("Cost"))
    printable(sheet, header_row=out.row, landscape=False)
    rows = []
    for mission in missions:
        cost = (
            mission.unit_cost * mission.count if mission.unit_cost is not None else None
        )
        row = out.add(
            [
                mission.purpose,
                mission.count,
                mission.get_haul_display() if mission.haul else "",
                _amount(mission.unit_cost),
                _amount(cost),
            ],
            formats={4: AMOUNT, 5: AMOUNT},
        )
        rows.append(row)
    total = out.add([_("Total")], style="subtotal")
    sum_of(sheet, total, 2, rows, "0").font = BOLD
    sum_of(sheet, total, 5, rows, AMOUNT).font = BOLD
    column_widths(sheet, [60, 10, 18, 14, 14])
