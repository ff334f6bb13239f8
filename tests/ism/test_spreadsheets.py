"""One rule for every spreadsheet ISM writes (ism.spreadsheets): typed text is
data, never a formula, in Excel and in CSV, whatever the reader's locale."""

import csv
import io

from openpyxl import Workbook

from ism.spreadsheets import csv_cell, csv_line, workbook_bytes
from tests.spreadsheets import FORMULA, formula_cells, text_cells


def test_a_workbook_stores_typed_formulas_as_the_text_typed():
    book = Workbook()
    book.active.append([FORMULA, "=1+1", "plain", 12])
    book.create_sheet("Second").append(["=SUM(A1:A9)"])
    content = workbook_bytes(book)
    assert formula_cells(content) == []
    assert {FORMULA, "=1+1", "=SUM(A1:A9)", "plain"} <= set(text_cells(content))


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
