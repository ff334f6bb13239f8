"""Exports of a plan's results: the Excel logframe (one row per indicator per
reporting period — what users of results tools ask for most) and IATI results
XML. Both read the same tree as the pages (workplans.tree), so figures and status
cannot disagree with what the progress page shows."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ism.spreadsheets import column_widths, printable, table_sheet, workbook_bytes
from workplans.models import Indicator, WorkPlan
from workplans.progress import indicator_progress
from workplans.tree import Tree, period_text, plain_number, target_text

XML_CONTENT_TYPE = "application/xml"

LOGFRAME_COLUMNS = [
    ("Area", 6),
    ("Thematic area", 34),
    ("Level", 10),
    ("Number", 9),
    ("Result", 60),
    ("Indicator", 36),
    ("Unit", 10),
    ("Baseline", 10),
    ("Target", 14),
    ("Target period", 13),
    ("Reporting period", 16),
    ("Actual (period)", 12),
    ("Actual to date", 12),
    ("As at", 11),
    ("Status", 14),
    ("Source of the actual", 40),
]
# Column indexes (from 0) of the Unit and of the figures measured in it.
FIGURES_UNIT = 6
FIGURES = (7, 11, 12)


def _number(value: Decimal | None):
    return None if value is None else value


def _area_cell(area):
    """The area's number as a number, or its letter in a lettered plan."""
    return area.label if area.lettered else area.number


def logframe_rows(tree: Tree) -> list[list]:
    """One row per indicator per reporting period (an indicator without actuals
    yet: one row for its whole period, actual empty). Each row's status is the
    status as at the end of that period."""
    rows: list[list] = []
    for area, node, item in tree.indicators:
        indicator = item.indicator
        head = [
            _area_cell(area),
            area.area.title,
            node.result.get_level_display(),
            node.number,
            node.result.text,
            indicator.description,
            indicator.get_unit_display(),
            _number(indicator.baseline),
            target_text(indicator),
            period_text(indicator.period_start, indicator.period_end),
        ]
        periods = item.progress.periods
        if not periods:
            rows.append(
                [
                    *head,
                    "",
                    None,
                    None,
                    None,
                    item.progress.label,
                    _no_data_source(item),
                ]
            )
            continue
        for index, period in enumerate(periods):
            as_at = indicator_progress(
                indicator,
                periods[: index + 1],
                as_of=min(period.end, indicator.period_end),
            )
            rows.append(
                [
                    *head,
                    period_text(period.start, period.end),
                    period.value,
                    as_at.actual,
                    as_at.as_of,
                    as_at.label,
                    period.source,
                ]
            )
    return rows


def _no_data_source(item) -> str:
    return item.progress.reason if item.indicator.is_computed else ""


def figure_format(value, *, percent: bool) -> str:
    """A figure's number format: whole numbers without decimals, others with
    two; a percentage indicator's figures (75 for 75 %) with a "%" after them,
    the value itself left as the plan states it."""
    whole = value is None or value == int(value)
    fmt = "#,##0" if whole else "#,##0.00"
    return fmt + '"%"' if percent else fmt


def logframe_workbook(tree: Tree) -> bytes:
    """Printed for a committee on A4 landscape, as wide as the page, the header
    on every page."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Logframe"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF1F5")
    sheet.append([name for name, _width in LOGFRAME_COLUMNS])
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in logframe_rows(tree):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        row[13].number_format = "yyyy-mm-dd"
    _figure_formats(sheet)
    sheet.auto_filter.ref = sheet.dimensions
    widths = [width for _name, width in LOGFRAME_COLUMNS]
    table_sheet(sheet, widths=widths, header_row=1, landscape=True)

    chain = book.create_sheet("Results chain")
    chain.append(
        [
            "Area",
            "Thematic area",
            "Level",
            "Number",
            "Result",
            "Contributes to",
            "Action-plan actions",
        ]
    )
    for cell in chain[1]:
        cell.font = bold
        cell.fill = fill
    for area in tree.areas:
        for node in area.results:
            chain.append(
                [
                    _area_cell(area),
                    area.area.title,
                    node.result.get_level_display(),
                    node.number,
                    node.result.text,
                    node.parent.label if node.parent else "",
                    ", ".join(node.result.action_list),
                ]
            )
    table_sheet(chain, widths=[6, 34, 10, 9, 80, 16, 20], header_row=1, landscape=True)
    _plan_sheet(book, tree.workplan, bold)

    return workbook_bytes(
        book,
        title=f"{tree.workplan.display_title} — logframe",
        convention=tree.workplan.convention,
    )


# What the plan says of itself, one field a row on the "Plan" sheet, so that the
# workbook imports back as the plan it came from (workplans.importer.excel).
PLAN_SHEET_FIELDS = [
    "convention",
    "kind",
    "start_year",
    "end_year",
    "title",
    "action_plan",
    *WorkPlan.DOCUMENT_FIELDS,
]


def _plan_sheet(book, plan, bold) -> None:
    sheet = book.create_sheet("Plan")
    sheet.append(["Field", "Value"])
    for cell in sheet[1]:
        cell.font = bold
    for name in PLAN_SHEET_FIELDS:
        value = getattr(plan, name)
        if name == "convention":
            value = plan.convention.code
        elif name == "title":
            value = plan.display_title
        sheet.append([name, value])
    column_widths(sheet, [18, 90])
    for row in sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(vertical="top", wrap_text=True)
        if isinstance(row[1].value, dt.date):
            row[1].number_format = "yyyy-mm-dd"
    printable(sheet, header_row=1, landscape=False)


def _figure_formats(sheet) -> None:
    """Baseline, actual in the period and actual to date as numbers in their
    indicator's unit (the Unit column holds its label, in the export's language)."""
    percent_label = str(Indicator.Unit.PERCENT.label)
    for row in sheet.iter_rows(min_row=2):
        percent = row[FIGURES_UNIT].value == percent_label
        for index in FIGURES:
            row[index].number_format = figure_format(row[index].value, percent=percent)


# --- IATI ---------------------------------------------------------------------------

# IATI 2.03 codelists: ResultType (1 output, 2 outcome, 3 impact, 9 other),
# IndicatorMeasure (1 unit, 2 percentage), ActivityStatus (2 implementation),
# OrganisationRole (4 implementing), ActivityDateType (1 planned start, 3 planned end),
# DescriptionType (1 general), SectorVocabulary (1 OECD DAC CRS purpose codes).
# 15250 is the DAC purpose the ISUs' work falls under.
DAC_SECTOR = ("15250", "Removal of land mines and explosive remnants of war")
RESULT_TYPES = {"output": "1", "outcome": "2", "impact": "3", "activity": "9"}
MEASURES = {"number": "1", "percent": "2"}


class IatiNotConfigured(Exception):
    """The convention has no IATI organisation identifier: an activity without its
    reporting organisation's real identifier must not be published."""


def iati_identifier(tree: Tree) -> tuple[str, str]:
    """(reporting organisation ref, activity identifier): the ISU's identifier in
    the IATI Organisation Registry, set by its staff on the convention's settings
    page (Convention.iati_org_ref), and the plan's period after it."""
    plan = tree.workplan
    org = plan.convention.iati_org_ref
    if not org:
        raise IatiNotConfigured(plan.convention.code)
    period = f"{plan.start_year}" + (
        f"-{plan.end_year}" if plan.end_year != plan.start_year else ""
    )
    return org, f"{org}-WP-{period}"


def _narrative(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    ET.SubElement(element, "narrative").text = text
    return element


def iati_results_xml(tree: Tree, *, generated: str) -> bytes:
    """The plan's results with indicators as an IATI 2.03 activity: result (type
    from the level), indicator (measure, ascending), baseline (as at the start of
    the indicator's period), one period with its target and the actual to date.
    Results without indicators are left out (IATI requires an indicator)."""
    root = ET.Element(
        "iati-activities", {"version": "2.03", "generated-datetime": generated}
    )
    activity = _iati_activity(root, tree)
    for area in tree.areas:
        for node in area.results:
            if node.indicators:
                _iati_result(activity, area, node)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _iati_activity(root: ET.Element, tree: Tree) -> ET.Element:
    """The activity: who reports it, its title, status and dates."""
    plan = tree.workplan
    org, identifier = iati_identifier(tree)
    activity = ET.SubElement(
        root,
        "iati-activity",
        {
            "default-currency": plan.convention.currency,
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
        },
    )
    ET.SubElement(activity, "iati-identifier").text = identifier
    reporting = ET.SubElement(activity, "reporting-org", {"ref": org, "type": "40"})
    ET.SubElement(
        reporting, "narrative"
    ).text = f"Implementation Support Unit of the {plan.convention.short_name}"
    _narrative(activity, "title", plan.display_title)
    description = _narrative(activity, "description", _description(plan))
    description.set("type", "1")
    participating = ET.SubElement(activity, "participating-org", {"role": "4"})
    ET.SubElement(
        participating, "narrative"
    ).text = f"Implementation Support Unit of the {plan.convention.short_name}"
    ET.SubElement(activity, "activity-status", {"code": "2"})
    ET.SubElement(
        activity, "activity-date", {"type": "1", "iso-date": f"{plan.start_year}-01-01"}
    )
    ET.SubElement(
        activity, "activity-date", {"type": "3", "iso-date": f"{plan.end_year}-12-31"}
    )
    code, name = DAC_SECTOR
    _narrative(activity, "sector", name).attrib.update(vocabulary="1", code=code)
    return activity


def _description(plan) -> str:
    years = (
        str(plan.start_year)
        if plan.end_year == plan.start_year
        else f"{plan.start_year}–{plan.end_year}"
    )
    return (
        f"The work plan {years} of the Implementation Support Unit of the "
        f"{plan.convention.short_name}: the results it works towards, with "
        "indicators, targets and the actuals reported to date."
    )


def _iati_result(activity: ET.Element, area, node) -> None:
    result = ET.SubElement(
        activity,
        "result",
        {"type": RESULT_TYPES[node.level], "aggregation-status": "0"},
    )
    _narrative(result, "title", f"{node.label}: {node.result.text}")
    _narrative(result, "description", f"{area.number}. {area.area.title}")
    for item in node.indicators:
        _iati_indicator(result, item)


def _iati_indicator(result: ET.Element, item) -> None:
    """One indicator: its baseline, and one period with the target and the actual
    to date."""
    indicator = item.indicator
    element = ET.SubElement(
        result,
        "indicator",
        {
            "measure": MEASURES[indicator.unit],
            "ascending": "1" if indicator.direction == "increase" else "0",
        },
    )
    _narrative(element, "title", indicator.description)
    if indicator.baseline is not None:
        baseline = ET.SubElement(
            element,
            "baseline",
            {
                "year": str(indicator.period_start.year),
                "iso-date": indicator.period_start.isoformat(),
                "value": plain_number(indicator.baseline),
            },
        )
        if indicator.baseline_note:
            _narrative(baseline, "comment", indicator.baseline_note)
    period = ET.SubElement(element, "period")
    ET.SubElement(
        period, "period-start", {"iso-date": indicator.period_start.isoformat()}
    )
    ET.SubElement(period, "period-end", {"iso-date": indicator.period_end.isoformat()})
    target = ET.SubElement(period, "target", {"value": plain_number(indicator.target)})
    _narrative(target, "comment", target_text(indicator))
    if item.progress.actual is not None:
        actual = ET.SubElement(
            period, "actual", {"value": plain_number(item.progress.actual)}
        )
        _narrative(
            actual,
            "comment",
            f"As at {item.progress.as_of:%Y-%m-%d}: {item.progress.label}",
        )
