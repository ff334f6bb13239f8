"""One rule for every spreadsheet ISM writes (ism.spreadsheets): typed text is
data, never a formula, in Excel and in CSV, whatever the reader's locale; every
workbook says what it is and which ISU made it."""

import csv
import io
from types import SimpleNamespace

from openpyxl import Workbook, load_workbook

from ism.spreadsheets import (
    AMOUNT,
    CENTS,
    PERCENT,
    csv_cell,
    csv_line,
    formula,
    printable,
    sum_of,
    table_sheet,
    workbook_bytes,
)
from tests.spreadsheets import (
    FORMULA,
    evaluated,
    formula_cells,
    print_settings,
    printed_on_a4,
    text_cells,
)

APMBC = SimpleNamespace(code="APMBC")


def saved(book, **kwargs) -> bytes:
    return workbook_bytes(book, **{"title": "A list", "convention": APMBC, **kwargs})


def test_a_workbook_stores_typed_formulas_as_the_text_typed():
    book = Workbook()
    book.active.append([FORMULA, "=1+1", "plain", 12])
    book.create_sheet("Second").append(["=SUM(A1:A9)"])
    content = saved(book)
    assert formula_cells(content) == []
    assert {FORMULA, "=1+1", "=SUM(A1:A9)", "plain"} <= set(text_cells(content))


def test_a_workbook_has_its_title_and_its_isu_as_author():
    book = load_workbook(io.BytesIO(saved(Workbook(), title="APMBC budget 2026")))
    assert book.properties.title == "APMBC budget 2026"
    # The same author the ISU's PDFs name, never openpyxl's default.
    assert book.properties.creator == "APMBC Implementation Support Unit"


def test_a_workbook_without_a_convention_is_by_an_isu_still():
    book = load_workbook(io.BytesIO(saved(Workbook(), convention=None)))
    assert book.properties.creator == "Implementation Support Unit"


def test_a_printable_sheet_prints_on_a4_as_wide_as_the_page_with_its_header():
    book = Workbook()
    book.active.append(["Title"])
    book.active.append(["State", "Assessed"])
    printable(book.active, header_row=2, landscape=True)
    portrait = book.create_sheet("Narrow")
    printable(portrait, header_row=1, landscape=False)
    loaded = load_workbook(io.BytesIO(saved(book)))
    assert print_settings(loaded.active) == printed_on_a4(header_row=2, landscape=True)
    assert print_settings(loaded["Narrow"]) == printed_on_a4(
        header_row=1, landscape=False
    )


def test_without_the_rule_openpyxl_would_write_a_live_formula():
    # The reason the rule exists: the same workbook saved bare holds a formula.
    book = Workbook()
    book.active.append([FORMULA])
    out = io.BytesIO()
    book.save(out)
    assert formula_cells(out.getvalue()) == ["Sheet!A1"]


def test_a_csv_cell_after_a_semicolon_stays_in_its_cell():
    # French and German Excel split CSV on ";": quoted, "=cmd" never starts a cell.
    line = csv_line(["x;=cmd|' /C calc'!A0", "b"])
    (semicolon_row,) = csv.reader(io.StringIO(line), delimiter=";")
    assert not any(cell.startswith("=") for cell in semicolon_row)
    (comma_row,) = csv.reader(io.StringIO(line))
    assert comma_row == ["x;=cmd|' /C calc'!A0", "b"]


def test_a_csv_line_is_read_back_as_written():
    (row,) = csv.reader(io.StringIO(csv_line(["plain", "-12.50", FORMULA, 'a "b"'])))
    assert row == ["plain", "-12.50", "'" + FORMULA, 'a "b"']


def test_a_csv_cell_keeps_numbers_and_defuses_formulas():
    assert csv_cell("-12.50") == "-12.50"
    assert csv_cell("+41 22 000 00 00") == "'+41 22 000 00 00"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell(None) == ""


def test_its_own_totals_stay_live_and_recompute_from_their_cells():
    book = Workbook()
    sheet = book.active
    sheet.append(["Item", "Amount"])
    for amount in (100, 250, 7):
        sheet.append(["x", amount])
    sheet.append(["Typed", "=SUM(B2:B4)"])  # typed text that looks like a total
    sum_of(sheet, 6, 2, [2, 3, 4], AMOUNT)
    formula(sheet, 7, 2, "B6-B2", CENTS)
    loaded = load_workbook(io.BytesIO(saved(book))).active
    assert loaded["B6"].value == "=SUM(B2:B4)"
    assert loaded["B6"].number_format == "#,##0"
    assert evaluated(loaded, "B6") == 357
    assert evaluated(loaded, "B7") == 257
    # The typed one is text, the same characters, never run.
    assert loaded["B5"].data_type == "s"
    assert formula_cells(saved(book)) == ["Sheet!B6", "Sheet!B7"]


def test_a_total_of_rows_apart_is_a_sum_of_ranges():
    book = Workbook()
    cell = sum_of(book.active, 20, 3, [9, 5, 6, 7, 12], PERCENT)
    assert cell.value == "=SUM(C5:C7,C9,C12)"
    assert sum_of(book.active, 21, 3, [], AMOUNT).value == 0


def test_a_sheet_no_export_made_printable_still_prints_on_a4_across():
    book = Workbook()
    book.active.append(["Name"])
    loaded = load_workbook(io.BytesIO(saved(book)))
    settings = print_settings(loaded.active)
    assert settings["paper"] == 9
    assert settings["fit_to_width"] == 1
    assert settings["fit_to_page"]


def test_a_table_sheet_has_its_widths_its_header_in_view_and_on_every_page():
    book = Workbook()
    book.active.append(["List of participants"])
    book.active.append(["Delegation", "Name"])
    table_sheet(book.active, widths=[30, 12], header_row=2, landscape=False)
    loaded = load_workbook(io.BytesIO(saved(book))).active
    assert loaded.column_dimensions["A"].width == 30
    assert loaded.column_dimensions["B"].width == 12
    assert loaded.freeze_panes == "A3"
    assert print_settings(loaded) == printed_on_a4(header_row=2, landscape=False)
