"""The two JSON shapes of a work plan: the API's tree and the reference files'."""

from __future__ import annotations

from django.utils.translation import gettext as _

from workplans.importer import (
    PLAN_TEXT_FIELDS,
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
from workplans.models import Indicator, Level, WorkPlan

# The reference files list each area's statements by level under these names.
REFERENCE_LEVELS = {
    "impacts": Level.IMPACT,
    "outcomes": Level.OUTCOME,
    "outputs": Level.OUTPUT,
    "activities": Level.ACTIVITY,
}
# The API's indicator fields that define it (what is left is derived).
INDICATOR_FIELDS = [
    "description",
    "unit",
    "baseline_note",
    "qualifier",
    "direction",
    "aggregation",
    "source",
]


def read_json(data, problems: Problems) -> PlanIn | None:
    """The plan in either JSON shape, told apart by what its areas hold."""
    if not isinstance(data, dict) or not isinstance(data.get("areas"), list):
        problems.add(
            "areas",
            _(
                "The file is not a work plan: it needs a list of areas (the API's "
                "tree, or the reference files' shape)."
            ),
        )
        return None
    areas = data["areas"]
    if any(isinstance(area, dict) and "results" in area for area in areas):
        return from_api(data, problems)
    return from_reference(data, problems)


def plan_fields(data: dict) -> dict:
    """The plan's own words: one line each, the narrative in its paragraphs."""
    return {
        name: str(data[name]).strip()
        if name in WorkPlan.NARRATIVE_FIELDS
        else text(data[name])
        for name in PLAN_TEXT_FIELDS
        if data.get(name) is not None
    }


def _list(value, place: str, problems: Problems) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(place, _("Expected a list."))
        return []
    return value


def _dict(value, place: str, problems: Problems) -> dict:
    if not isinstance(value, dict):
        problems.add(place, _("Expected an object."))
        return {}
    return value


def from_reference(data: dict, problems: Problems) -> PlanIn:
    """ism/reference/*-workplan.json: per area its statements by level, unlinked
    as the published table presents them."""
    year = year_or_none(data.get("year", data.get("start_year")), "year", problems)
    end = data.get("end_year")
    plan = PlanIn(
        shape="reference",
        convention=data.get("convention"),
        kind=data.get("kind", WorkPlan.Kind.ANNUAL),
        start_year=year,
        end_year=year_or_none(end, "end_year", problems) if end else year,
        fields=plan_fields(data),
        source=text(data.get("source", "")),
    )
    for a, area_data in enumerate(_list(data["areas"], "areas", problems)):
        place = f"areas[{a}]"
        area_data = _dict(area_data, place, problems)
        area = AreaIn(place=place, title=text(area_data.get("title")))
        plan.areas.append(area)
        for name, level in REFERENCE_LEVELS.items():
            values = _list(area_data.get(name), f"{place}.{name}", problems)
            for index, value in enumerate(values):
                where = f"{place}.{name}[{index}]"
                area.results.append(
                    ResultIn(place=where, ref=where, level=level, text=text(value))
                )
    return plan


def from_api(data: dict, problems: Problems) -> PlanIn:
    """/api/v1/workplans/{id}/: the plan, its areas, results (linked by id) and
    indicators. Ids, numbers, labels and statuses are ISM's own and are made
    again; what staff typed is read."""
    start = year_or_none(data.get("start_year"), "start_year", problems)
    end = year_or_none(data.get("end_year", start), "end_year", problems)
    plan = PlanIn(
        shape="api",
        convention=data.get("convention"),
        kind=data.get("kind") or WorkPlan.Kind.ANNUAL,
        start_year=start,
        end_year=end,
        fields=plan_fields(data),
        has_budget=data.get("budget") is not None,
        source="API",
    )
    plan.fields["document_date"] = date_or_none(
        data.get("document_date"), "document_date", problems
    )
    for a, area_data in enumerate(_list(data["areas"], "areas", problems)):
        place = f"areas[{a}]"
        area_data = _dict(area_data, place, problems)
        area = AreaIn(
            place=place, title=text(area_data.get("title")), key=area_data.get("key")
        )
        plan.areas.append(area)
        area.results = _each(area_data, "results", place, problems, _api_result)
    return plan


def _each(data: dict, name: str, place: str, problems: Problems, read) -> list:
    """`read` of each item of the list `data[name]`, with its place."""
    items = _list(data.get(name), f"{place}.{name}", problems)
    return [
        read(item, f"{place}.{name}[{index}]", problems)
        for index, item in enumerate(items)
    ]


def _api_result(data, place: str, problems: Problems) -> ResultIn:
    data = _dict(data, place, problems)
    actions = _list(
        data.get("action_plan_actions"), f"{place}.action_plan_actions", problems
    )
    result = ResultIn(
        place=place,
        ref=data.get("id", place),
        level=str(data.get("level", "")),
        text=text(data.get("text")),
        parent_ref=data.get("contributes_to"),
        actions=", ".join(text(action) for action in actions),
        key=data.get("key"),
        budget_lines=[
            (text(line.get("label")), text(line.get("category")))
            for line in _list(
                data.get("budget_lines"), f"{place}.budget_lines", problems
            )
            if isinstance(line, dict)
        ],
    )
    result.indicators = _each(data, "indicators", place, problems, _api_indicator)
    return result


def _api_indicator(data, place: str, problems: Problems) -> IndicatorIn:
    data = _dict(data, place, problems)
    fields = {name: data[name] for name in INDICATOR_FIELDS if name in data}
    fields["description"] = text(fields.get("description"))
    fields["baseline_note"] = text(fields.get("baseline_note"))
    for name in ("baseline", "target"):
        fields[name] = decimal_or_none(data.get(name), f"{place}.{name}", problems)
    for name in ("period_start", "period_end"):
        fields[name] = date_or_none(data.get(name), f"{place}.{name}", problems)
    indicator = IndicatorIn(place=place, fields=fields, key=data.get("key"))
    latest = data.get("latest_actual")
    if (
        isinstance(latest, dict)
        and not latest.get("computed")
        and fields.get("source", Indicator.Source.MANUAL) == Indicator.Source.MANUAL
    ):
        where = f"{place}.latest_actual"
        start = date_or_none(latest.get("period_start"), where, problems)
        end = date_or_none(latest.get("period_end"), where, problems)
        value = decimal_or_none(latest.get("value"), f"{where}.value", problems)
        if start and end and value is not None:
            indicator.actuals.append(
                ActualIn(start, end, value, text(latest.get("source")))
            )
    return indicator
