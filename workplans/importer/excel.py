"""The logframe workbook ISM exports (workplans.exports.logframe_workbook), read
back: the "Results chain" sheet gives the statements and their links, the
"Logframe" sheet the indicators and the actuals of each reporting period, the
"Plan" sheet what the plan says of itself. Labels are read in any of the six
languages the workbook may have been exported in."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from workplans.importer import (
    ActualIn,
    AreaIn,
    IndicatorIn,
    PlanIn,
    Problems,
    ResultIn,
    date_or_none,
    decimal_or_none,
    text,
    year_or_none,
)
from workplans.importer.shapes import plan_fields
from workplans.models import Indicator, Level, WorkPlan, parent_level

CHAIN = "Results chain"
LOGFRAME = "Logframe"
PLAN = "Plan"
_DAY = r"(\d{2})\.(\d{2})\.(\d{4})"


def _labels(choices) -> dict[str, str]:
    """{label in any language (lower case), or the value: value}."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices:
                found[str(label).lower()] = value
    return found | {value: value for value, _label in choices}


def from_workbook(content: bytes, problems: Problems, *, year=None) -> PlanIn | None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        problems.add("file", _("The file is not an Excel workbook (.xlsx)."))
        return None
    if CHAIN not in book.sheetnames:
        problems.add(
            "file",
            _("The workbook has no “%(sheet)s” sheet: export the logframe from ISM.")
            % {"sheet": CHAIN},
        )
        return None
    plan = _plan(book, problems, year)
    areas: dict[str, AreaIn] = {}
    results: dict[tuple, ResultIn] = {}
    levels = _labels(Level.choices)
    rows = book[CHAIN].iter_rows(min_row=2, values_only=True)
    for number, row in enumerate(rows, start=2):
        row = (list(row) + [None] * 7)[:7]
        if not any(cell not in (None, "") for cell in row):
            continue
        area_label, title, level, result_number, statement, parent, actions = row
        area_label = text(area_label)
        area = areas.get(area_label)
        if area is None:
            area = areas[area_label] = AreaIn(
                place=f"“{CHAIN}” A{number}", title=text(title)
            )
            plan.areas.append(area)
        level_value = levels.get(text(level).lower())
        place = f"“{CHAIN}” row {number}"
        if level_value is None:
            problems.add(
                f"{place}, C{number}",
                _("“%(value)s” is not a level.") % {"value": level},
            )
            continue
        ref = (area_label, level_value, text(result_number))
        if ref in results:
            problems.add(f"{place}, D{number}", _("Two statements have this number."))
        result = ResultIn(
            place=place,
            ref=ref,
            level=level_value,
            text=text(statement),
            actions=text(actions),
        )
        if text(parent):
            above = parent_level(level_value)
            result.parent_ref = (area_label, above, text(parent).rsplit(" ", 1)[-1])
        results[ref] = result
        area.results.append(result)
    if LOGFRAME in book.sheetnames:
        _indicators(book[LOGFRAME], results, levels, problems)
    return plan


def _plan(book, problems: Problems, year) -> PlanIn:
    values = {}
    if PLAN in book.sheetnames:
        for row in book[PLAN].iter_rows(min_row=2, max_col=2, values_only=True):
            if row and row[0]:
                values[str(row[0]).strip()] = row[1]
    start = values.get("start_year") or year
    start = year_or_none(start, f"“{PLAN}” start_year", problems) if start else None
    if start is None and not problems:
        problems.add(PLAN, _("The workbook does not say the plan's year: give it."))
    end = values.get("end_year")
    return PlanIn(
        shape="excel",
        convention=values.get("convention"),
        kind=values.get("kind") or WorkPlan.Kind.ANNUAL,
        start_year=start,
        end_year=year_or_none(end, f"“{PLAN}” end_year", problems) if end else start,
        fields=plan_fields(values)
        | {
            "document_date": date_or_none(
                values.get("document_date"), f"“{PLAN}” document_date", problems
            )
        },
        source="Excel",
    )


def period_of(value) -> tuple[dt.date, dt.date] | None:
    """ "2026", "2025–2027" or "01.03.2026–30.06.2026" (workplans.tree.period_text)."""
    value = text(value).replace("-", "–")
    if match := re.fullmatch(r"(\d{4})", value):
        year = int(match[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match := re.fullmatch(r"(\d{4})–(\d{4})", value):
        return dt.date(int(match[1]), 1, 1), dt.date(int(match[2]), 12, 31)
    if match := re.fullmatch(f"{_DAY}–{_DAY}", value):
        day, month, year, day2, month2, year2 = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day), dt.date(year2, month2, day2)
        except ValueError:
            return None
    return None


def _target(value, qualifiers) -> tuple[str, str, str] | None:
    """ "up to 60" → (qualifier, "60", unit); "75%" is a percentage."""
    value = text(value)
    unit = Indicator.Unit.NUMBER
    if value.endswith("%"):
        unit, value = Indicator.Unit.PERCENT, value[:-1].strip()
    words, _space, figure = value.rpartition(" ")
    qualifier = qualifiers.get(words.lower()) if words else Indicator.Qualifier.EXACTLY
    if qualifier is None:
        return None
    return qualifier, figure, unit


def _indicators(sheet, results: dict, levels: dict, problems: Problems) -> None:
    qualifiers = _labels(Indicator.Qualifier.choices)
    found: dict[tuple, IndicatorIn] = {}
    rows = sheet.iter_rows(min_row=2, values_only=True)
    for number, row in enumerate(rows, start=2):
        row = (list(row) + [None] * 16)[:16]
        if not text(row[5]):
            continue
        place = f"“{LOGFRAME}” row {number}"
        ref = (text(row[0]), levels.get(text(row[2]).lower()), text(row[3]))
        result = results.get(ref)
        if result is None:
            problems.add(
                place,
                _("Its result is not on the “%(sheet)s” sheet.") % {"sheet": CHAIN},
            )
            continue
        key = (ref, text(row[5]))
        indicator = found.get(key)
        if indicator is None:
            indicator = found[key] = _indicator(
                row, place, number, qualifiers, problems
            )
            result.indicators.append(indicator)
        reported = period_of(row[10]) if text(row[10]) else None
        value = decimal_or_none(row[11], f"{place}, L{number}", problems)
        if reported and value is not None:
            indicator.actuals.append(ActualIn(*reported, value, text(row[15])))


def _indicator(row, place, number, qualifiers, problems: Problems) -> IndicatorIn:
    target = _target(row[8], qualifiers)
    period = period_of(row[9])
    fields = {"description": text(row[5])}
    if target is None:
        problems.add(
            f"{place}, I{number}", _("“%(value)s” is not a target.") % {"value": row[8]}
        )
    else:
        fields["qualifier"], figure, fields["unit"] = target
        fields["target"] = decimal_or_none(figure, f"{place}, I{number}", problems)
    if period is None:
        problems.add(
            f"{place}, J{number}", _("“%(value)s” is not a period.") % {"value": row[9]}
        )
    else:
        fields["period_start"], fields["period_end"] = period
    fields["baseline"] = decimal_or_none(row[7], f"{place}, H{number}", problems)
    return IndicatorIn(place=place, fields=fields)
