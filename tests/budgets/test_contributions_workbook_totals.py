"""The contributions workbook's arrears total is a sum that recomputes from the
States' rows (ism.spreadsheets.sum_of), in cents."""

import io
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone
from djmoney.money import Money
from openpyxl import load_workbook

from budgets.contributions.exports import status_workbook
from budgets.contributions.selectors.collection import Arrears
from tests.spreadsheets import evaluated


def test_the_arrears_total_is_a_sum_of_the_states_rows():
    owing = [
        (SimpleNamespace(name="Atlantis", iso3="ATL"), Money("1234.50", "USD")),
        (SimpleNamespace(name="Borduria", iso3="BOR"), Money("765.55", "USD")),
    ]
    arrears = Arrears(rows=owing, total=Money("2000.05", "USD"))
    content = status_workbook(
        convention=SimpleNamespace(code="CCW"),
        year=2026,
        statuses=[],
        positions=[],
        arrears=arrears,
        illustrative=False,
        as_of=timezone.localdate(),
    )
    sheet = load_workbook(io.BytesIO(content))["Arrears"]
    total = sheet.cell(sheet.max_row, 4)
    assert total.value.startswith("=SUM(")
    assert total.number_format == "#,##0.00"
    assert evaluated(sheet, total.coordinate) == Decimal("2000.05")
