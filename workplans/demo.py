"""The demo's work plan: the APMBC 2026 plan from ism/reference/, with indicators
for the numeric targets its statements name, submitted to the Coordinating
Committee (as the published document was: submitted to the Twenty-Second Meeting
of the States Parties, 1-5 December 2025).

Idempotent: run again, nothing changes. The indicators are the figures the text
gives ("up to 60 committee meetings", "about 50 people"); which statement each
measures is found by its wording, so a change to the reference file that drops
one fails loudly instead of attaching the indicator elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from ism.concurrency import LATEST
from ism.demo import reference
from ism.models import Convention
from workplans import services
from workplans.models import Indicator, Result, WorkPlan

REFERENCE_FILE = "apmbc-2026-workplan.json"
YEAR = 2026


@dataclass(frozen=True)
class DemoIndicator:
    # A phrase of the statement the indicator measures (its level and area too).
    area: int  # 1-based, as published
    level: str
    phrase: str
    description: str
    target: int
    qualifier: str
    source: str = Indicator.Source.MANUAL


INDICATORS = [
    DemoIndicator(
        1,
        "output",
        "Up to 60 committee meetings supported",
        "Committee meetings supported",
        60,
        Indicator.Qualifier.UP_TO,
        # ISM counts committee meetings held from its meeting records.
        Indicator.Source.COMMITTEE_MEETINGS,
    ),
    DemoIndicator(
        1,
        "output",
        "Up to five special initiatives",
        "Special initiatives of the Committees and the President supported",
        5,
        Indicator.Qualifier.UP_TO,
    ),
    DemoIndicator(
        1,
        "activity",
        "8 times in preparing",
        "Sets of preliminary observations, conclusions and recommendations prepared",
        8,
        Indicator.Qualifier.EXACTLY,
    ),
    DemoIndicator(
        4,
        "activity",
        "up to 10 missions",
        "Article 5 support missions carried out at the request of States Parties",
        10,
        Indicator.Qualifier.UP_TO,
    ),
    DemoIndicator(
        3,
        "activity",
        "in-country support to up to 5 States Parties",
        "States Parties given in-country victim assistance support",
        5,
        Indicator.Qualifier.UP_TO,
    ),
    DemoIndicator(
        7,
        "activity",
        "sponsoring about 50 people",
        "Delegates sponsored to the intersessional meetings and the Twenty-Third "
        "Meeting",
        50,
        Indicator.Qualifier.ABOUT,
    ),
    DemoIndicator(
        9,
        "activity",
        "up to 5 missions for liaison",
        "Liaison and conference missions",
        5,
        Indicator.Qualifier.UP_TO,
    ),
]


def _statement(plan: WorkPlan, spec: DemoIndicator) -> Result:
    area = plan.areas.all()[spec.area - 1]
    matches = [
        result
        for result in Result.objects.filter(workplan=plan, area=area, level=spec.level)
        if spec.phrase.lower() in result.text.lower()
    ]
    if len(matches) != 1:
        raise LookupError(
            f"{len(matches)} {spec.level} statements of area {spec.area} contain "
            f"{spec.phrase!r}; expected exactly one"
        )
    return matches[0]


@transaction.atomic
def load() -> WorkPlan:
    """The APMBC 2026 work plan, once."""
    convention = Convention.objects.get(code="APMBC")
    existing = WorkPlan.objects.filter(
        convention=convention,
        kind=WorkPlan.Kind.ANNUAL,
        start_year=YEAR,
        end_year=YEAR,
    ).first()
    if existing is not None:
        return existing
    data = reference(REFERENCE_FILE)
    plan = services.workplan_import(convention=convention, data=data, actor=None)
    for spec in INDICATORS:
        services.indicator_add(
            result=_statement(plan, spec),
            data={
                "description": spec.description,
                "unit": Indicator.Unit.NUMBER,
                "target": Decimal(spec.target),
                "qualifier": spec.qualifier,
                "period_start": dt.date(YEAR, 1, 1),
                "period_end": dt.date(YEAR, 12, 31),
                "direction": Indicator.Direction.INCREASE,
                "aggregation": Indicator.Aggregation.SUM,
                "source": spec.source,
            },
            actor=None,
        )
    _link_budget(plan)
    services.workplan_submit(
        workplan=plan,
        note="The ISU 2026 work plan and budget, as submitted to the Twenty-Second "
        "Meeting of the States Parties.",
        actor=None,
        notify=False,
    )
    return plan


def _link_budget(plan: WorkPlan) -> None:
    """The plan's budget, when the demo has it: the APMBC 2026 budget, whose
    travel line pays for the plan's missions."""
    from budgets.models import Budget, BudgetLine

    budget = (
        Budget.objects.filter(convention=plan.convention, year=YEAR)
        .order_by("-version")
        .first()
    )
    if budget is None:
        return
    services.workplan_update(workplan=plan, data={"budget": budget}, actor=None)
    travel = BudgetLine.objects.filter(
        budget=budget, category=BudgetLine.Category.TRAVEL
    ).first()
    if travel is None:
        return
    for spec in INDICATORS:
        if "missions" in spec.phrase or "in-country" in spec.phrase:
            services.result_update(
                version=LATEST,
                result=_statement(plan, spec),
                budget_lines=[travel],
                actor=None,
            )
