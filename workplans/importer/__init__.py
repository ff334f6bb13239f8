"""A work plan read from a file, before anything is saved: the three shapes ISM
accepts, each read into one plain structure (PlanIn) that
workplans.services.importing checks whole and saves in one go.

* the tree as /api/v1/workplans/{id}/ returns it (shapes.from_api);
* the reference files' shape, ism/reference/*-workplan.json: per area its lists
  of activities, outputs, outcomes and impacts (shapes.from_reference);
* the logframe workbook ISM exports, workplans.exports (excel.from_workbook).

Every problem is kept with its place in the file (a JSON path such as
areas[2].results[5].text, or a sheet and cell such as "Results chain" E14), so
that the person importing can find it; nothing is saved while there is one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workplans.models import WorkPlan


class Problems:
    """Every problem found in a file, by place, in the order found."""

    def __init__(self) -> None:
        self.by_place: dict[str, list[str]] = {}

    def add(self, place: str, message: str) -> None:
        self.by_place.setdefault(place, []).append(str(message))

    def add_error(self, place: str, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                where = place if name == "__all__" else f"{place}.{name}"
                for message in messages:
                    self.add(where, message)
        else:
            for message in error.messages:
                self.add(place, message)

    def __bool__(self) -> bool:
        return bool(self.by_place)

    def raise_if_any(self) -> None:
        if self.by_place:
            raise ValidationError(self.by_place)


@dataclass
class ActualIn:
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    source: str


@dataclass
class IndicatorIn:
    place: str
    fields: dict
    key: str | None = None
    actuals: list[ActualIn] = field(default_factory=list)


@dataclass
class ResultIn:
    place: str
    ref: object  # what the file calls it: an id, or (area, label)
    level: str
    text: str
    parent_ref: object = None
    actions: str = ""
    key: str | None = None
    indicators: list[IndicatorIn] = field(default_factory=list)
    # (label, category) of the budget lines that pay for it.
    budget_lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class AreaIn:
    place: str
    title: str
    key: str | None = None
    results: list[ResultIn] = field(default_factory=list)


# What a plan says of itself, besides its tree (WorkPlan's fields).
PLAN_TEXT_FIELDS = [
    "title",
    "action_plan",
    *(name for name in WorkPlan.DOCUMENT_FIELDS if name != "document_date"),
]


@dataclass
class PlanIn:
    shape: str  # "api", "reference" or "excel"
    convention: str | None
    kind: str
    start_year: int | None
    end_year: int | None
    fields: dict = field(default_factory=dict)  # PLAN_TEXT_FIELDS, document_date
    areas: list[AreaIn] = field(default_factory=list)
    has_budget: bool = False
    source: str = ""

    @property
    def results(self) -> list[ResultIn]:
        return [result for area in self.areas for result in area.results]


def text(value) -> str:
    """A cell or JSON value as one line of text, spaces collapsed."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def decimal_or_none(value, place: str, problems: Problems) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        problems.add(place, _("“%(value)s” is not a number.") % {"value": value})
        return None
    if not number.is_finite():
        problems.add(place, _("“%(value)s” is not a number.") % {"value": value})
        return None
    return number


def date_or_none(value, place: str, problems: Problems) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.add(
            place, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
        )
        return None


def year_or_none(value, place: str, problems: Problems) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        problems.add(place, _("Give the year as four digits, e.g. 2026."))
        return None
    if not 2000 <= year <= 2100:
        problems.add(place, _("%(year)s is not a plausible year.") % {"year": year})
        return None
    return year
