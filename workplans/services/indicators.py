"""Indicators of results and the actuals reported against them.

An indicator is part of the plan (edited in a draft only, like its statement);
actuals are monitoring, entered at any time — most of them after adoption, while
the plan is carried out — and do not change what the plan says.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ism.audit import actor_or_none, audit_record, changes_between, snapshot
from ism.concurrency import require_fields_unchanged
from ism.workflow import lock, record_change, require_staff
from workplans.models import Actual, Indicator, Result
from workplans.services.base import edit_begin, required_line
from workplans.services.chain import label_of
from workplans.tree import plain_number, target_text


def default_period(result: Result) -> tuple[dt.date, dt.date]:
    plan = result.workplan
    return dt.date(plan.start_year, 1, 1), dt.date(plan.end_year, 12, 31)


def _apply(indicator: Indicator, data: dict) -> None:
    for name in Indicator.DEFINITION_FIELDS:
        if name in data:
            value = data[name]
            if name in ("description", "baseline_note") and value is not None:
                value = " ".join(str(value).split())
            setattr(indicator, name, value)
    if indicator.source == Indicator.Source.MANUAL:
        indicator.source_committee = None
    committee = indicator.source_committee
    convention_id = indicator.result.workplan.convention_id
    if committee is not None and committee.convention_id != convention_id:
        raise ValidationError(
            {"source_committee": _("Choose a committee of this convention.")}
        )
    indicator.full_clean(exclude=["result"])


def _describe(indicator: Indicator) -> str:
    return f"{indicator.description} ({target_text(indicator)})"


@transaction.atomic
def indicator_add(*, result: Result, data: dict, actor) -> Indicator:
    workplan = result.workplan
    edit_begin(workplan, actor)
    start, end = default_period(result)
    indicator = Indicator(result=result, period_start=start, period_end=end)
    current = result.indicators.aggregate(m=Max("order"))["m"]
    indicator.order = 0 if current is None else current + 1
    _apply(indicator, data)
    indicator.save()

    record_change(
        workplan,
        actor=actor,
        verb="indicator added",
        changes={
            "statement": [None, label_of(result)],
            "indicator": [None, _describe(indicator)],
        },
    )
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: dict, actor) -> Indicator:
    """Change what defines an indicator, unless it changed since the page was
    loaded (data["version"], ism.concurrency)."""
    workplan = indicator.result.workplan
    edit_begin(workplan, actor)  # the plan's lock serialises every edit of it
    indicator = Indicator.objects.select_related("result__workplan").get(
        pk=indicator.pk
    )
    require_fields_unchanged(data, indicator, Indicator.DEFINITION_FIELDS)
    before = snapshot(indicator, Indicator.DEFINITION_FIELDS)
    _apply(indicator, data)
    changes = changes_between(before, snapshot(indicator, Indicator.DEFINITION_FIELDS))
    if not changes:
        return indicator
    indicator.save()

    record_change(
        workplan,
        actor=actor,
        verb="indicator changed",
        changes={
            "statement": [None, label_of(indicator.result)],
            "indicator": [None, indicator.description],
            **changes,
        },
    )
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, actor) -> None:
    workplan = indicator.result.workplan
    edit_begin(workplan, actor)

    label, described = label_of(indicator.result), _describe(indicator)
    indicator.delete()
    record_change(
        workplan,
        actor=actor,
        verb="indicator deleted",
        changes={"statement": [None, label], "indicator": [described, None]},
    )


@transaction.atomic
def actual_record(
    *,
    indicator: Indicator,
    period_start: dt.date,
    period_end: dt.date,
    value: Decimal,
    source: str,
    actor,
    note: str = "",
) -> Actual:
    """Record (or correct) the actual of one period. Allowed whatever the plan's
    status: progress is reported while an adopted plan is carried out."""
    workplan = indicator.result.workplan
    require_staff(actor, workplan.convention)
    lock(workplan)
    if indicator.is_computed:
        raise ValidationError(
            _("ISM counts this indicator's actual itself; it is not entered by hand.")
        )
    if isinstance(value, int | str):
        value = Decimal(value)
    errors: dict[str, str] = {}
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _("The period cannot end before it starts.")
    elif (
        period_start
        and period_end
        and (period_start < indicator.period_start or period_end > indicator.period_end)
    ):
        errors["period_start"] = _(
            "The period must lie within the indicator's period (%(start)s to %(end)s)."
        ) % {"start": indicator.period_start, "end": indicator.period_end}
    if value is not None and value < 0:
        errors["value"] = _("An actual cannot be negative.")
    if (
        value is not None
        and indicator.unit == Indicator.Unit.PERCENT
        and value > Decimal(100)
    ):
        errors["value"] = _("A percentage lies between 0 and 100.")
    source = required_line(
        errors, "source", source, _("Say where the figure comes from.")
    )
    if errors:
        raise ValidationError(errors)
    actual = Actual.objects.filter(
        indicator=indicator, period_start=period_start, period_end=period_end
    ).first()
    before = actual.value if actual else None
    if actual is None:
        actual = Actual(
            indicator=indicator, period_start=period_start, period_end=period_end
        )
    actual.value = value
    actual.source = source
    actual.note = note or ""
    actual.recorded_by = actor_or_none(actor)
    actual.full_clean(exclude=["indicator", "recorded_by"], validate_constraints=False)
    actual.save()
    audit_record(
        actor=actor,
        verb="actual recorded" if before is None else "actual corrected",
        obj=workplan,
        changes={
            "indicator": [None, indicator.description],
            "period": [None, f"{period_start} – {period_end}"],
            "actual": [plain_number(before) or None, plain_number(value)],
            "source": [None, source],
        },
    )
    return actual


@transaction.atomic
def actual_delete(*, actual: Actual, actor) -> None:
    indicator = actual.indicator
    workplan = indicator.result.workplan
    require_staff(actor, workplan.convention)
    lock(workplan)
    audit_record(
        actor=actor,
        verb="actual deleted",
        obj=workplan,
        changes={
            "indicator": [None, indicator.description],
            "period": [f"{actual.period_start} – {actual.period_end}", None],
            "actual": [plain_number(actual.value), None],
        },
    )
    actual.delete()
