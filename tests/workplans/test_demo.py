"""load_demo's work plan: the APMBC 2026 plan from the reference file with the
seven numeric targets the issue names as indicators, loaded once."""

from __future__ import annotations

from collections import Counter

from workplans import demo
from workplans.models import Indicator, Result, WorkPlan

# The list: (target, qualifier) of each named figure.
NAMED = Counter(
    [
        (60, "up_to"),  # committee meetings
        (5, "up_to"),  # special initiatives
        (8, "exactly"),  # sets of observations
        (10, "up_to"),  # Article 5 missions
        (5, "up_to"),  # in-country victim assistance supports
        (50, "about"),  # sponsored delegates
        (5, "up_to"),  # liaison missions
    ]
)


def test_it_loads_the_plan_with_the_named_targets_once(apmbc, reference):
    plan = demo.load()
    again = demo.load()

    assert again == plan
    assert WorkPlan.objects.count() == 1
    statements = sum(
        len(area[key])
        for area in reference["areas"]
        for key in ("activities", "outputs", "outcomes", "impacts")
    )
    assert Result.objects.filter(workplan=plan).count() == statements
    indicators = Indicator.objects.filter(result__workplan=plan)
    assert Counter((int(i.target), i.qualifier) for i in indicators) == NAMED
    meetings = indicators.get(target=60)
    assert meetings.source == Indicator.Source.COMMITTEE_MEETINGS
    assert "60 committee meetings" in meetings.result.text
    sponsored = indicators.get(target=50)
    assert "about 50 people" in sponsored.result.text
    assert plan.status == WorkPlan.Status.IN_REVIEW
    assert plan.versions.get().number == 1
