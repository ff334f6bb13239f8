"""A work plan imported from a file (workplans.importer reads it): checked whole,
each problem named with its place, then saved in one transaction with a handful
of bulk INSERTs — one for the areas, one per level of the results chain (a
statement's link needs its parent's id), one each for indicators, actuals and
budget-line links — whatever the number of statements. Nothing is saved while
there is one problem, and a failure half-way rolls everything back.

The plan starts as a draft, whatever the file says of its status: an imported
plan is reviewed and adopted in ISM like any other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ism.models import Convention
from ism.workflow import record_change, require_staff
from workplans.importer import PlanIn, Problems
from workplans.importer.shapes import read_json
from workplans.models import (
    LEVELS_TOP_DOWN,
    Actual,
    Indicator,
    Level,
    Result,
    ThematicArea,
    WorkPlan,
    parent_level,
)
from workplans.services.chain import _clean_actions
from workplans.services.plans import workplan_create

# Lengths of the plan's one-line fields (WorkPlan's columns).
_MAX_LENGTH = {
    name: WorkPlan._meta.get_field(name).max_length
    for name in ["title", "action_plan", "meeting", "agenda_item", "document_symbol"]
}


@dataclass
class ImportPreview:
    """What the file would make: counts by level, areas, and notes on what is
    left out (budget links the database cannot follow)."""

    plan: PlanIn
    counts: dict[str, int]
    indicators: int
    notes: list[str] = field(default_factory=list)
    budget: object = None
    lines: dict = field(default_factory=dict)  # (label, category) -> BudgetLine

    @property
    def statements(self) -> int:
        return sum(self.counts.values())

    @property
    def levels(self) -> list[tuple[str, int]]:
        return [(Level(level).label, self.counts[level]) for level in LEVELS_TOP_DOWN]


def workplan_import_preview(
    *, convention: Convention, plan: PlanIn, actor, problems: Problems | None = None
):
    """Check the plan read from a file; the preview, or a ValidationError whose
    keys are places in the file (with the `problems` found in reading it)."""
    require_staff(actor, convention)
    problems = problems or Problems()
    _check_plan(convention, plan, problems)
    _check_results(plan, problems)
    _check_indicators(plan, problems)
    problems.raise_if_any()
    counts = Counter(result.level for result in plan.results)
    preview = ImportPreview(
        plan=plan,
        counts={level: counts[level] for level in LEVELS_TOP_DOWN},
        indicators=sum(len(r.indicators) for r in plan.results),
    )
    _find_budget(convention, plan, preview)
    return preview


def workplan_import(
    *, convention: Convention, data: dict, actor, kind: str | None = None
) -> WorkPlan:
    """A plan from JSON in either shape (workplans.importer.shapes): the API's
    tree or the reference files' (ism/reference/*-workplan.json)."""
    problems = Problems()
    plan = read_json(data, problems)
    if plan is None:
        problems.raise_if_any()
    if kind is not None:
        plan.kind = kind
    return workplan_import_file(
        convention=convention, plan=plan, actor=actor, problems=problems
    )


@transaction.atomic
def workplan_import_file(
    *, convention: Convention, plan: PlanIn, actor, problems: Problems | None = None
) -> WorkPlan:
    """Save the plan read from a file, whole or not at all."""
    preview = workplan_import_preview(
        convention=convention, plan=plan, actor=actor, problems=problems
    )
    fields = plan.fields
    workplan = workplan_create(
        convention=convention,
        kind=plan.kind,
        start_year=plan.start_year,
        end_year=plan.end_year,
        title=fields.get("title", ""),
        action_plan=fields.get("action_plan"),
        budget=preview.budget,
        actor=actor,
    )
    for name in WorkPlan.DOCUMENT_FIELDS:
        if fields.get(name):
            setattr(workplan, name, fields[name])
    workplan.save()
    _save_tree(workplan, plan, preview, actor)
    record_change(
        workplan,
        actor=actor,
        verb="work plan imported",
        changes={
            "source": [None, (plan.source or plan.shape)[:200]],
            "areas": [None, len(plan.areas)],
            **{f"{level}s": [None, n] for level, n in preview.counts.items()},
            "indicators": [None, preview.indicators],
        },
    )
    return workplan


# --- Checks ------------------------------------------------------------------------


def _check_plan(convention: Convention, plan: PlanIn, problems: Problems) -> None:
    if plan.convention not in (None, "", convention.code):
        problems.add(
            "convention",
            _("The file is a work plan of %(code)s.") % {"code": plan.convention},
        )
    if plan.kind not in WorkPlan.Kind.values:
        problems.add(
            "kind", _("“%(value)s” is not a kind of work plan.") % {"value": plan.kind}
        )
    if plan.start_year is None:
        problems.add(
            "start_year", _("The file does not say which year the plan is for.")
        )
    elif plan.kind == WorkPlan.Kind.ANNUAL:
        plan.end_year = plan.start_year
    elif not plan.end_year or plan.end_year <= plan.start_year:
        problems.add("end_year", _("A multi-year plan ends after its first year."))
    if (
        plan.start_year
        and plan.end_year
        and WorkPlan.objects.filter(
            convention=convention,
            kind=plan.kind,
            start_year=plan.start_year,
            end_year=plan.end_year,
        ).exists()
    ):
        problems.add(
            "start_year",
            _("%(convention)s already has a work plan for %(period)s.")
            % {"convention": convention.code, "period": plan.start_year},
        )
    numbering = plan.fields.get("numbering") or WorkPlan.Numbering.TABLE
    if numbering not in WorkPlan.Numbering.values:
        problems.add(
            "numbering",
            _("“%(value)s” is not a numbering scheme (table, outline, lettered).")
            % {"value": numbering},
        )
    for name, limit in _MAX_LENGTH.items():
        if len(plan.fields.get(name) or "") > limit:
            problems.add(name, _("At most %(n)d characters.") % {"n": limit})
    if not plan.areas:
        problems.add("areas", _("The plan has no areas and no statements."))
    for area in plan.areas:
        if len(area.title) > 300:
            problems.add(
                f"{area.place}.title", _("At most %(n)d characters.") % {"n": 300}
            )


def _check_results(plan: PlanIn, problems: Problems) -> dict:
    """Each statement: a level, words, actions written as numbers, and a link one
    level up in the same area. Returns {ref: (area index, result)}."""
    refs: dict = {}
    for a, area in enumerate(plan.areas):
        for result in area.results:
            if result.ref in refs:
                problems.add(result.place, _("Two statements have this id."))
            refs[result.ref] = (a, result)
            if result.level not in Level.values:
                problems.add(
                    f"{result.place}.level",
                    _("“%(value)s” is not a level (impact, outcome, output, activity).")
                    % {"value": result.level},
                )
            if not result.text:
                problems.add(f"{result.place}.text", _("A statement cannot be empty."))
            try:
                result.actions = _clean_actions(result.actions)
            except ValidationError as error:
                problems.add_error(f"{result.place}.action_plan_actions", error)
    for a, area in enumerate(plan.areas):
        for result in area.results:
            if result.parent_ref is not None:
                _check_link(result, a, refs.get(result.parent_ref), problems)
    return refs


def _check_link(result, area_index: int, parent, problems: Problems) -> None:
    place = f"{result.place}.contributes_to"
    if parent is None:
        problems.add(
            place,
            _("It contributes to “%(ref)s”, which is not in the file.")
            % {"ref": result.parent_ref},
        )
        return
    parent_area, parent = parent
    expected = parent_level(result.level) if result.level in Level.values else None
    if expected is None:
        problems.add(
            place, _("An impact is the top of the chain: it contributes to nothing.")
        )
    elif parent.level != expected:
        problems.add(
            place,
            _("An %(level)s contributes to an %(expected)s, not to an %(actual)s.")
            % {"level": result.level, "expected": expected, "actual": parent.level},
        )
    elif parent_area != area_index:
        problems.add(place, _("It can only contribute to a result of the same area."))


def _indicator(result_in, indicator_in, plan: PlanIn) -> Indicator:
    values = {
        "unit": Indicator.Unit.NUMBER,
        "qualifier": Indicator.Qualifier.EXACTLY,
        "direction": Indicator.Direction.INCREASE,
        "aggregation": Indicator.Aggregation.SUM,
        "source": Indicator.Source.MANUAL,
        **{k: v for k, v in indicator_in.fields.items() if v is not None},
    }
    if plan.start_year:
        values.setdefault("period_start", _year_day(plan.start_year, 1, 1))
        values.setdefault(
            "period_end", _year_day(plan.end_year or plan.start_year, 12, 31)
        )
    return Indicator(**values, **_key(indicator_in.key))


def _year_day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _check_indicators(plan: PlanIn, problems: Problems) -> None:
    for result in plan.results:
        for indicator_in in result.indicators:
            try:
                _indicator(result, indicator_in, plan).full_clean(exclude=["result"])
            except ValidationError as error:
                problems.add_error(indicator_in.place, error)
            except (TypeError, ValueError) as error:
                problems.add(indicator_in.place, str(error))
            for actual in indicator_in.actuals:
                if actual.period_end < actual.period_start or actual.value < 0:
                    problems.add(
                        f"{indicator_in.place}.latest_actual",
                        _(
                            "An actual is not negative and its period ends after "
                            "it starts."
                        ),
                    )


def _find_budget(convention: Convention, plan: PlanIn, preview: ImportPreview) -> None:
    """The budget of the plan's year in this database, and its lines by label and
    category, when the file links lines: links it cannot follow are notes."""
    wanted = {line for result in plan.results for line in result.budget_lines}
    if not (wanted or plan.has_budget):
        return
    from budgets.models import Budget

    budget = (
        Budget.objects.filter(convention=convention, year=plan.start_year)
        .order_by("-version")
        .first()
    )
    if budget is None:
        preview.notes.append(
            _(
                "ISM has no %(year)s budget of %(code)s: the plan is imported without "
                "its budget and the lines that pay for its results."
            )
            % {"year": plan.start_year, "code": convention.code}
        )
        return
    preview.budget = budget
    preview.lines = {(line.label, line.category): line for line in budget.lines.all()}
    missing = sorted(
        {label for label, category in wanted if (label, category) not in preview.lines}
    )
    if missing:
        preview.notes.append(
            _("Lines not in %(budget)s, left out: %(lines)s.")
            % {"budget": budget, "lines": "; ".join(missing)}
        )


# --- Saving ------------------------------------------------------------------------


def _save_tree(workplan: WorkPlan, plan: PlanIn, preview: ImportPreview, actor) -> None:
    areas = ThematicArea.objects.bulk_create(
        [
            ThematicArea(
                workplan=workplan, title=area.title, order=index, **_key(area.key)
            )
            for index, area in enumerate(plan.areas)
        ]
    )
    saved: dict = {}
    by_level = defaultdict(list)
    for area_row, area in zip(areas, plan.areas, strict=True):
        for order, result in enumerate(area.results):
            by_level[result.level].append((area_row, order, result))
    for level in LEVELS_TOP_DOWN:
        rows = [
            Result(
                workplan=workplan,
                area=area_row,
                level=level,
                text=result.text,
                order=order,
                action_refs=result.actions,
                parent=saved.get(result.parent_ref)
                if result.parent_ref is not None
                else None,
                **_key(result.key),
            )
            for area_row, order, result in by_level[level]
        ]
        for row, (_area, _order, result) in zip(
            Result.objects.bulk_create(rows), by_level[level], strict=True
        ):
            saved[result.ref] = row
    _save_indicators(plan, saved, actor)
    links = [
        Result.budget_lines.through(
            result_id=saved[result.ref].pk, budgetline_id=line.pk
        )
        for result in plan.results
        for label in result.budget_lines
        if (line := preview.lines.get(label)) is not None
    ]
    Result.budget_lines.through.objects.bulk_create(links, ignore_conflicts=True)


def _save_indicators(plan: PlanIn, saved: dict, actor) -> None:
    pending = []
    for result in plan.results:
        for order, indicator_in in enumerate(result.indicators):
            indicator = _indicator(result, indicator_in, plan)
            indicator.result = saved[result.ref]
            indicator.order = order
            pending.append((indicator, indicator_in.actuals))
    indicators = Indicator.objects.bulk_create([indicator for indicator, _a in pending])
    recorded_by = actor if getattr(actor, "pk", None) else None
    Actual.objects.bulk_create(
        [
            Actual(
                indicator=indicator,
                period_start=actual.period_start,
                period_end=actual.period_end,
                value=actual.value,
                source=actual.source or _("Imported with the work plan"),
                recorded_by=recorded_by,
            )
            for indicator, (_i, actuals) in zip(indicators, pending, strict=True)
            for actual in actuals
        ]
    )


def _key(value) -> dict:
    """The stable key the file gives, when it is one."""
    try:
        return {"key": uuid.UUID(str(value))} if value else {}
    except ValueError:
        return {}
