"""The Excel export holds the figures of the page as numbers, with the variance
against the previous year, under the budget's file name."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from djmoney.money import Money
from openpyxl import load_workbook

from budgets.models import Budget, BudgetLine
from tests.budgets.factories import (  # noqa: F401
    BudgetFactory,
    BudgetLineFactory,
    import_reference,
    private_media,
    reference,
)
from tests.spreadsheets import (
    evaluated,
    formula_cells,
    print_settings,
    printed_on_a4,
    text_cells,
    type_formula_everywhere,
)

APMBC = "apmbc-2026-budget.json"


def download(client, budget):
    response = client.get(reverse("budgets:xlsx", args=[budget.pk]))
    # Read to its end: the test client then closes the streamed file.
    body = b"".join(response) if response.streaming else response.content
    return response, body


def workbook_of(body):
    return load_workbook(io.BytesIO(body))


def rows_by_label(sheet) -> dict:
    """The first row of each label in column A, as a tuple of the row's values."""
    rows = {}
    for row in sheet.iter_rows(values_only=False):
        label = row[0].value
        if isinstance(label, str) and label not in rows:
            rows[label] = row
    return rows


def apmbc_budget_sheet(client) -> tuple:
    """The APMBC 2026 reference, its budget's "Budget" sheet as downloaded, and
    that sheet's rows by label."""
    _, body = download(client, import_reference(APMBC))
    sheet = workbook_of(body)["Budget"]
    return reference(APMBC), sheet, rows_by_label(sheet)


def published(data, key) -> Decimal:
    return Decimal(data["expected_totals"][key])


def test_the_workbooks_total_is_the_total_on_the_page(client_for, isu_staff, apmbc):
    data = reference(APMBC)
    budget = import_reference(APMBC)
    client = client_for(isu_staff)

    response, body = download(client, budget)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="APMBC-ISU-budget-2026-v1.xlsx"'
    )
    workbook = workbook_of(body)
    [(sheet, ref)] = list(workbook.defined_names["BudgetTotal"].destinations)
    total = workbook[sheet][ref.replace("$", "")]
    # A formula over the figures above it, which recomputes when one is changed.
    assert total.value.startswith("=SUM(")
    assert total.number_format == "#,##0"
    assert evaluated(workbook[sheet], total.coordinate) == published(data, "total")
    # The page shows the same total.
    page = client.get(budget.get_absolute_url()).content.decode()
    assert f"{int(published(data, 'total')):,}" in page


def test_the_workbook_has_the_subtotals_funds_and_earmarked_amounts(
    client_for, isu_staff, apmbc
):
    data, sheet, rows = apmbc_budget_sheet(client_for(isu_staff))

    def figure(label):
        return evaluated(sheet, rows[label][1].coordinate)

    assert figure("Staff costs subtotal") == published(data, "staff_subtotal")
    assert figure("Travel and other support subtotal") == published(
        data, "travel_and_other_subtotal"
    )
    assert figure("Total FTE") == Decimal(data["staff"]["total_fte"])
    fund = rows["Buffer fund"]
    assert fund[1].value == Decimal(data["buffer_fund"]["balance"])
    assert fund[3].value == pytest.approx(
        float(data["buffer_fund"]["coverage_of_total"])
    )
    assert fund[3].number_format == "0.0%"
    [project] = data["earmarked_projects"]
    earmarked = rows[project["name"]]
    assert earmarked[1].value == Decimal(project["amount"])  # 2,700,000
    assert earmarked[2].value == project["currency"]  # EUR, never converted


def test_the_workbook_shows_the_change_from_the_previous_year(
    client_for, isu_staff, apmbc
):
    budget = import_reference(APMBC)
    previous = BudgetFactory(
        convention=apmbc,
        year=budget.year - 1,
        status=Budget.Status.ADOPTED,
        salaries_total=Money(550000, "CHF"),
    )
    BudgetLineFactory(
        budget=previous,
        category=BudgetLine.Category.TRAVEL,
        label="Staff travel",
        amount=Money(40000, "CHF"),
    )

    _, body = download(client_for(isu_staff), budget)

    rows = rows_by_label(workbook_of(body)["Budget"])
    travel = rows["Staff travel"]
    current = Decimal(line_amount(reference(APMBC), "Staff travel"))  # 50,000
    assert travel[2].value == 40000
    assert travel[3].value == current - 40000
    assert travel[4].value == pytest.approx(float((current - 40000) / 40000), abs=5e-4)
    assert travel[4].number_format == "0.0%"


def line_amount(data, label):
    [line] = [line for line in data["lines"] if line["label"] == label]
    return line["amount"]


def test_a_focal_point_gets_a_404_for_a_draft(client_for, focal_a, apmbc):
    budget = import_reference(APMBC)

    response, _ = download(client_for(focal_a), budget)

    assert response.status_code == 404


def test_anyone_downloads_an_adopted_budgets_workbook(client_for, apmbc):
    budget = import_reference(APMBC, status=Budget.Status.ADOPTED)

    response, body = download(client_for(None), budget)

    assert response.status_code == 200
    assert workbook_of(body)["Budget"]["A1"].value


def test_the_workbook_says_what_it_is_and_which_isu_made_it(
    client_for, isu_staff, apmbc
):
    budget = import_reference(APMBC)
    _response, body = download(client_for(isu_staff), budget)
    properties = workbook_of(body).properties
    assert properties.title == workbook_of(body)["Budget"]["A1"].value
    assert properties.title
    assert properties.creator == "APMBC Implementation Support Unit"


def test_text_typed_into_a_budget_reaches_the_workbook_as_text(
    client_for, isu_staff, apmbc
):
    budget = import_reference(APMBC)
    type_formula_everywhere(
        budget,
        *budget.lines.all(),
        *budget.positions.all(),
        *budget.missions.all(),
        *budget.notes.all(),
        *budget.in_kind.all(),
    )
    _, body = download(client_for(isu_staff), budget)
    book = workbook_of(body)
    # The only formulas are the workbook's own totals, over cell references.
    for cell in formula_cells(body):
        sheet, coordinate = cell.split("!")
        assert "HYPERLINK" not in book[sheet][coordinate].value
    assert any(text.startswith("=HYPERLINK") for text in text_cells(body))


def test_the_totals_recompute_when_a_figure_is_changed_in_the_workbook(
    client_for, isu_staff, apmbc
):
    data, sheet, rows = apmbc_budget_sheet(client_for(isu_staff))
    travel = rows["Staff travel"][1]
    assert travel.number_format == "#,##0"

    travel.value = travel.value + 1000  # what a reader does in Excel

    total = rows["Total"][1]
    assert evaluated(sheet, total.coordinate) == published(data, "total") + 1000
    assert rows["Staff costs subtotal"][1].value.startswith("=SUM(")


def test_the_workbook_prints_on_a4_with_the_budget_tables_header(
    client_for, isu_staff, apmbc
):
    budget = import_reference(APMBC)
    _, body = download(client_for(isu_staff), budget)
    book = workbook_of(body)
    header = rows_by_label(book["Budget"])["Item"][0].row
    assert print_settings(book["Budget"]) == printed_on_a4(
        header_row=header, landscape=True
    )
    assert print_settings(book["Mission plan"]) == printed_on_a4(
        header_row=2, landscape=False
    )


def test_the_positions_and_missions_totals_are_sums_of_their_rows(
    client_for, isu_staff, apmbc
):
    budget = import_reference(APMBC)
    position = budget.positions.first()
    position.salary = Money(100000, "CHF")
    position.save()
    _, body = download(client_for(isu_staff), budget)
    book = workbook_of(body)
    sheet = book["Budget"]
    [*_, total] = [
        row for row in sheet.iter_rows() if row[0].value == "Total" and row[2].value
    ]
    assert evaluated(sheet, total[2].coordinate) == sum(
        p.fte for p in budget.positions.all()
    )
    assert evaluated(sheet, total[3].coordinate) == 100000
    missions = book["Mission plan"]
    [mission_total] = [r for r in missions.iter_rows() if r[0].value == "Total"]
    assert evaluated(missions, mission_total[1].coordinate) == sum(
        m.count for m in budget.missions.all()
    )
