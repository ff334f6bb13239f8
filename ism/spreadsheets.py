"""Spreadsheets that cannot act on whoever opens them: the one rule for every CSV
and Excel file ISM writes (the API's CSV, the budget and contributions workbooks,
the list of participants, the logframe).

Text a person typed is data, never a formula (OWASP, "CSV Injection"):

- In a workbook every cell openpyxl would store as a formula (text beginning with
  "=") is stored as text instead, exactly as typed. The only formulas a workbook
  keeps are ISM's own totals, written by `sum_of`/`formula` from cell references
  ISM chose, so a reader who changes a figure sees the totals follow.
  `workbook_bytes` is the only way ISM saves a workbook.
- Every workbook says what it is and who made it: its title, and as author the
  ISU of its convention, the author its PDFs name (ism.documents.document_author).
- Every sheet prints on A4 as wide as the page (`printable`, with the header row
  repeated on every page where the sheet has one); figures carry the number
  formats below, never General.
- In a CSV a cell that a spreadsheet would evaluate (beginning with "=", "+", "@",
  "-" unless a plain number, a tab or a carriage return) is prefixed with "'", and a
  cell holding ";" is quoted like one holding ",": French and German Excel split
  CSV on ";", and an unquoted "a;=cmd" would become a second cell, "=cmd".
"""

from __future__ import annotations

import io
import re

FORMULA_START = ("=", "+", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-\d+(\.\d+)?")
# Besides the comma, the characters that make a CSV field be quoted.
_QUOTE_IF = re.compile(r'[,;"\r\n]')
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Number formats: whole units where the document rounds (budget tables), cents
# where it shows cents (contributions), shares as percentages, FTE.
AMOUNT = "#,##0"
CENTS = "#,##0.00"
PERCENT = "0.0%"
FTE = "0.0#"
# Per sheet, the formulas ISM wrote: {"B12": "=SUM(B6:B7)"}.
_OWN_FORMULAS = "_ism_formulas"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_cell(value) -> str:
    """One CSV cell's text, defused if a spreadsheet would evaluate it."""
    if isinstance(value, bool | int | float) or value is None:
        return cell_text(value)
    text = str(value)
    if text.startswith(FORMULA_START) or (
        text.startswith("-") and not PLAIN_NUMBER.fullmatch(text)
    ):
        return "'" + text
    return text


def csv_line(values) -> str:
    """One CSV record (RFC 4180, CRLF), every cell defused and quoted where a
    comma- or a semicolon-reading spreadsheet would otherwise split it."""
    fields = []
    for value in values:
        text = csv_cell(value)
        if _QUOTE_IF.search(text):
            text = '"' + text.replace('"', '""') + '"'
        fields.append(text)
    return ",".join(fields) + "\r\n"


def printable(sheet, *, header_row: int | None, landscape: bool) -> None:
    """Print settings for a sheet people print for a meeting: A4 (the ISUs are in
    Geneva), as wide as the page and as many pages long as it takes, the header
    row repeated on every page so a figure on page 3 still says what it is."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: as many pages as the rows need
    if header_row is not None:
        sheet.print_title_rows = f"{header_row}:{header_row}"


def column_widths(sheet, widths) -> None:
    """Columns A, B, C… `widths` characters wide, in that order."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def table_sheet(sheet, *, widths, header_row: int, landscape: bool) -> None:
    """A sheet that is one table under its header row: columns `widths` wide,
    the rows down to the header kept in view while scrolling (panes frozen under
    it), and printable with the header repeated on every page."""
    column_widths(sheet, widths)
    sheet.freeze_panes = f"A{header_row + 1}"
    printable(sheet, header_row=header_row, landscape=landscape)


def formula(sheet, row: int, column: int, expression: str, number_format: str):
    """A cell the workbook computes ("B6+B9"), kept live by workbook_bytes. Only
    for expressions ISM builds from cell references, never from typed text."""
    cell = sheet.cell(row, column, f"={expression}")
    cell.number_format = number_format
    sheet.__dict__.setdefault(_OWN_FORMULAS, {})[cell.coordinate] = cell.value
    return cell


def sum_of(sheet, row: int, column: int, rows, number_format: str):
    """A total that recomputes: =SUM of the cells of `column` in `rows`, runs of
    consecutive rows written as ranges (=SUM(B6:B9,B12)); 0 when there are none."""
    from openpyxl.utils import get_column_letter

    rows = sorted(set(rows))
    if not rows:
        cell = sheet.cell(row, column, 0)
        cell.number_format = number_format
        return cell
    letter = get_column_letter(column)
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][-1] + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    parts = [
        f"{letter}{run[0]}" + (f":{letter}{run[-1]}" if len(run) > 1 else "")
        for run in runs
    ]
    return formula(sheet, row, column, f"SUM({','.join(parts)})", number_format)


def workbook_bytes(book, *, title: str, convention) -> bytes:
    """The .xlsx file of an openpyxl workbook, with every formula stored as the
    text it is: a focal point's "=HYPERLINK(...)" reaches the reader as those
    characters, not as a live link. Its title and author are set here, so no
    workbook leaves ISM without them (openpyxl's default author is "openpyxl"),
    and a sheet no export made printable still prints on A4 as wide as the page."""
    from ism.documents import document_author

    book.properties.title = title
    book.properties.creator = document_author({"convention": convention})
    for sheet in book.worksheets:
        own = sheet.__dict__.get(_OWN_FORMULAS, {})
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and own.get(cell.coordinate) != cell.value:
                    cell.data_type = "s"
        if sheet.page_setup.paperSize is None:
            printable(sheet, header_row=None, landscape=False)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
