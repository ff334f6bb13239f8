"""The Excel logframe (one row per indicator per reporting period: target, actual,
status) and the IATI results XML read the same tree as the pages."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.spreadsheets import (
    formula_cells,
    print_settings,
    printed_on_a4,
    text_cells,
    type_formula_everywhere,
)
from tests.workplans.conftest import add_chain, indicator_data
from workplans import services


@pytest.fixture(autouse=True)
def mid_2027(monkeypatch):
    """Statuses are judged as at today: make it 1 July 2027."""
    monkeypatch.setattr(
        "workplans.progress.timezone.localdate", lambda: dt.date(2027, 7, 1)
    )


@pytest.fixture
def measured(plan):
    """Output 1.1.1, "up to 60" meetings in 2027, with Q1 and Q2 reported; and an
    activity with an indicator not reported yet."""
    *_, output, first, _second = add_chain(plan)
    meetings = services.indicator_add(
        result=output, data=indicator_data(baseline=Decimal(58)), actor=None
    )
    for start, end, value in (
        (dt.date(2027, 1, 1), dt.date(2027, 3, 31), 10),
        (dt.date(2027, 4, 1), dt.date(2027, 6, 30), 20),
    ):
        services.actual_record(
            indicator=meetings,
            period_start=start,
            period_end=end,
            value=Decimal(value),
            source="Committee minutes",
            actor=None,
        )
    services.indicator_add(
        result=first,
        data=indicator_data(
            description="Workshops held", target=5, qualifier="at_least"
        ),
        actor=None,
    )
    return plan


def test_it_writes_one_row_per_indicator_per_period(measured, isu_staff, client_for):
    response = client_for(isu_staff).get(f"/workplans/{measured.pk}/logframe.xlsx")

    assert response.status_code == 200
    assert (
        'filename="APMBC-ISU-work-plan-2027-logframe.xlsx"'
        in response["Content-Disposition"]
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Logframe"]
    rows = list(sheet.iter_rows(values_only=True))
    header, *data = rows
    column = {name: index for index, name in enumerate(header)}
    assert [row[column["Number"]] for row in data] == ["1.1.1", "1.1.1", "1.1.1.1"]
    q1, q2, workshops = data
    assert q1[column["Indicator"]] == "Committee meetings supported"
    assert q1[column["Baseline"]] == 58
    assert q1[column["Target"]] == "up to 60"
    assert q1[column["Reporting period"]] == "01.01.2027–31.03.2027"
    assert (q1[column["Actual (period)"]], q1[column["Actual to date"]]) == (10, 10)
    assert (q2[column["Actual (period)"]], q2[column["Actual to date"]]) == (20, 30)
    # As at the end of March: 10 of 60 (17%) with 90 of 365 days (25%) gone is a
    # pace of 0.68, at risk; as at the end of June 30 of 60 with 181 days is 1.01.
    assert q1[column["Status"]] == "at risk"
    assert q2[column["Status"]] == "on track"
    assert q2[column["Source of the actual"]] == "Committee minutes"
    assert workshops[column["Indicator"]] == "Workshops held"
    assert workshops[column["Actual (period)"]] is None
    assert workshops[column["Status"]] == "no data yet"


def logframe_book(client, plan):
    response = client.get(f"/workplans/{plan.pk}/logframe.xlsx")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_logframe_says_what_it_is_and_prints_on_a4(measured, isu_staff, client_for):
    book = logframe_book(client_for(isu_staff), measured)
    assert book.properties.title == "APMBC ISU work plan 2027 — logframe"
    assert book.properties.creator == "APMBC Implementation Support Unit"
    # Sixteen columns: landscape, one page wide, the header on every page.
    for sheet in (book["Logframe"], book["Results chain"]):
        assert print_settings(sheet) == printed_on_a4(header_row=1, landscape=True)


def test_the_logframes_figures_are_numbers_in_their_indicators_unit(
    measured, isu_staff, client_for
):
    from workplans.models import Indicator

    meetings = Indicator.objects.get(description="Committee meetings supported")
    services.indicator_add(
        result=meetings.result,
        data=indicator_data(
            description="Women among delegates",
            unit=Indicator.Unit.PERCENT,
            baseline=Decimal("42.5"),
            target=Decimal(50),
        ),
        actor=None,
    )
    sheet = logframe_book(client_for(isu_staff), measured)["Logframe"]
    header = [cell.value for cell in sheet[1]]
    column = {name: index for index, name in enumerate(header)}
    rows = {row[column["Indicator"]].value: row for row in sheet.iter_rows(min_row=2)}
    counted = rows["Committee meetings supported"]
    assert counted[column["Baseline"]].number_format == "#,##0"
    assert counted[column["Actual (period)"]].number_format == "#,##0"
    assert counted[column["Actual to date"]].number_format == "#,##0"
    share = rows["Women among delegates"]
    assert share[column["Baseline"]].value == 42.5  # the figure as the plan has it
    assert share[column["Baseline"]].number_format == '#,##0.00"%"'


def test_it_exports_iati_results_with_targets_and_actuals(
    measured, isu_staff, client_for
):
    response = client_for(isu_staff).get(f"/workplans/{measured.pk}/iati.xml")

    # Our own export, not untrusted input.
    root = ET.fromstring(b"".join(response.streaming_content))  # noqa: S314
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    activity = root.find("iati-activity")
    results = activity.findall("result")
    # Only results with indicators: the output (type 1) and the activity (9).
    assert [r.get("type") for r in results] == ["1", "9"]
    output = results[0]
    assert output.find("title/narrative").text == (
        "Output 1.1.1: Up to 60 committee meetings supported."
    )
    indicator = output.find("indicator")
    assert indicator.get("measure") == "1" and indicator.get("ascending") == "1"
    assert indicator.find("baseline").get("value") == "58"
    period = indicator.find("period")
    assert period.find("period-start").get("iso-date") == "2027-01-01"
    assert period.find("target").get("value") == "60"
    assert period.find("actual").get("value") == "30"


def test_text_typed_into_a_work_plan_reaches_the_logframe_as_text(
    measured, isu_staff, client_for
):
    from workplans.models import Indicator, Result

    type_formula_everywhere(
        *Result.objects.filter(area__workplan=measured),
        *Indicator.objects.filter(result__area__workplan=measured),
    )
    response = client_for(isu_staff).get(f"/workplans/{measured.pk}/logframe.xlsx")
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert formula_cells(content) == []
    assert any(text.startswith("=HYPERLINK") for text in text_cells(content))
