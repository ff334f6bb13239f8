"""Spreadsheets that cannot act on whoever opens them: the one rule for every CSV
and Excel file ISM writes (the API's CSV, the budget and contributions workbooks,
the list of participants, the logframe).

Text a person typed is data, never a formula (OWASP, "CSV Injection"):

- In a workbook every cell openpyxl would store as a formula (text beginning with
  "=") is stored as text instead, exactly as typed; ISM writes no formulas of its
  own. `workbook_bytes` is the only way ISM saves a workbook.
- Every workbook says what it is and who made it: its title, and as author the
  ISU of its convention, the author its PDFs name (ism.documents.document_author).
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


def printable(sheet, *, header_row: int, landscape: bool) -> None:
    """Print settings for a sheet people print for a meeting: A4 (the ISUs are in
    Geneva), as wide as the page and as many pages long as it takes, the header
    row repeated on every page so a figure on page 3 still says what it is."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: as many pages as the rows need
    sheet.print_title_rows = f"{header_row}:{header_row}"


def workbook_bytes(book, *, title: str, convention) -> bytes:
    """The .xlsx file of an openpyxl workbook, with every formula stored as the
    text it is: a focal point's "=HYPERLINK(...)" reaches the reader as those
    characters, not as a live link. Its title and author are set here, so no
    workbook leaves ISM without them (openpyxl's default author is "openpyxl")."""
    from ism.documents import document_author

    book.properties.title = title
    book.properties.creator = document_author({"convention": convention})
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
