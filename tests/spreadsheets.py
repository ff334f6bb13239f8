"""What a test reads from a workbook ISM wrote: the cells a spreadsheet would run,
and the text of the others."""

import io
import re
from decimal import Decimal

from openpyxl import load_workbook

# What a focal point or a staff member might type into any text field.
FORMULA = '=HYPERLINK("https://evil.example/","Click")'


def formula_cells(content: bytes) -> list[str]:
    """ "Sheet!A1" of every cell stored as a formula."""
    book = load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def text_cells(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def type_formula_everywhere(*objects) -> None:
    """Put FORMULA into every free-text field of each object and save it. Fields
    that are codes, not text (choices, unique, keys, currencies, languages) are
    left alone."""
    from django.db.models import CharField, ForeignObject, TextField

    for obj in objects:
        # A code that is half of a key to another row (a meeting's kind).
        keys = {
            name
            for relation in obj._meta.get_fields()
            if isinstance(relation, ForeignObject) and not relation.concrete
            for name in relation.from_fields
        }
        for field in obj._meta.concrete_fields:
            if (
                isinstance(field, CharField | TextField)
                and field.name not in keys
                and not field.choices
                and not field.unique
                and not field.primary_key
                and "currency" not in field.name
                and field.name != "language"
            ):
                limit = field.max_length or len(FORMULA)
                setattr(obj, field.attname, FORMULA[:limit])
        obj.save()


def print_settings(sheet) -> dict:
    """How a sheet of a loaded workbook prints, in the terms ism.spreadsheets
    .printable sets."""
    setup = sheet.page_setup
    return {
        "paper": int(setup.paperSize) if setup.paperSize else None,
        "orientation": setup.orientation,
        "fit_to_page": bool(sheet.sheet_properties.pageSetUpPr.fitToPage),
        "fit_to_width": setup.fitToWidth,
        "fit_to_height": setup.fitToHeight,
        "title_rows": sheet.print_title_rows,
    }


def printed_on_a4(*, header_row: int, landscape: bool) -> dict:
    return {
        "paper": 9,  # A4 in OOXML's paper sizes
        "orientation": "landscape" if landscape else "portrait",
        "fit_to_page": True,
        "fit_to_width": 1,
        "fit_to_height": 0,
        "title_rows": f"${header_row}:${header_row}",
    }


_TOKEN = re.compile(r"SUM\(([^)]*)\)|([A-Z]+\d+)|([+\-])")


def evaluated(sheet, coordinate: str) -> Decimal:
    """What a spreadsheet shows in a cell: its number, or its formula worked out
    from the cells it names (the =SUM(...), + and - ISM writes), recursively, so
    a test checks that the total recomputes to the published figure."""
    value = sheet[coordinate].value
    if not isinstance(value, str) or not value.startswith("="):
        return Decimal(str(value or 0))
    total, sign = Decimal(0), 1
    for match in _TOKEN.finditer(value[1:]):
        ranges, ref, op = match.groups()
        if op:
            sign = -1 if op == "-" else 1
            continue
        if ref:
            figure = evaluated(sheet, ref)
        else:
            figure = Decimal(0)
            for part in ranges.split(","):
                first, _colon, last = part.partition(":")
                for row in sheet[first : last or first]:
                    for cell in row if isinstance(row, tuple) else (row,):
                        figure += evaluated(sheet, cell.coordinate)
        total += sign * figure
    return total
