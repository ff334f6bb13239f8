"""Work plans in the personas' world: the APMBC 2026 plan imported from the
reference file, and small plans built statement by statement."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from workplans import services
from workplans.models import Indicator, Level, WorkPlan

REFERENCE = (
    Path(__file__).resolve().parents[2]
    / "ism"
    / "reference"
    / "apmbc-2026-workplan.json"
)
# The reference file lists each area's statements under these keys.
LEVEL_KEYS = {
    "activities": Level.ACTIVITY,
    "outputs": Level.OUTPUT,
    "outcomes": Level.OUTCOME,
    "impacts": Level.IMPACT,
}
HERE = Path(__file__).parent

# One known bug in a file not owned by this folder, let through here alone (one
# precise filter) so the rest of the suite still runs with warnings as errors.
# tests/factories.py: UserFactory sets the password with a PostGenerationMethodCall
# and relies on factory_boy saving again, which factory_boy 3.3 deprecates.
KNOWN_WARNINGS = [
    "ignore:UserFactory._after_postgeneration will stop saving:DeprecationWarning",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(item.fspath).is_relative_to(HERE):
            for spec in KNOWN_WARNINGS:
                item.add_marker(pytest.mark.filterwarnings(spec))


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Stored documents go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture
def apmbc_plan(apmbc, reference) -> WorkPlan:
    """The APMBC 2026 work plan as published: 9 areas, unlinked statements, a draft."""
    return services.workplan_import(convention=apmbc, data=reference, actor=None)


@pytest.fixture
def plan(apmbc) -> WorkPlan:
    """An empty APMBC draft for 2027."""
    return services.workplan_create(
        convention=apmbc, kind=WorkPlan.Kind.ANNUAL, start_year=2027, actor=None
    )


def add_chain(plan: WorkPlan, *, title: str = "Meetings"):
    """One area with Impact → Outcome → Output → two Activities, linked."""
    area = services.area_add(workplan=plan, title=title, actor=None)
    impact = services.result_add(
        area=area, level=Level.IMPACT, text="Implementation is facilitated.", actor=None
    )
    outcome = services.result_add(
        area=area,
        level=Level.OUTCOME,
        text="Committees carry out their mandates.",
        parent=impact,
        actor=None,
    )
    output = services.result_add(
        area=area,
        level=Level.OUTPUT,
        text="Up to 60 committee meetings supported.",
        parent=outcome,
        actor=None,
    )
    first = services.result_add(
        area=area,
        level=Level.ACTIVITY,
        text="Prepare and follow up committee meetings.",
        parent=output,
        actor=None,
    )
    second = services.result_add(
        area=area,
        level=Level.ACTIVITY,
        text="Draft observations and recommendations.",
        parent=output,
        actor=None,
    )
    return area, impact, outcome, output, first, second


def indicator_data(**overrides) -> dict:
    data = {
        "description": "Committee meetings supported",
        "unit": Indicator.Unit.NUMBER,
        "target": Decimal("60"),
        "qualifier": Indicator.Qualifier.UP_TO,
        "period_start": dt.date(2027, 1, 1),
        "period_end": dt.date(2027, 12, 31),
        "direction": Indicator.Direction.INCREASE,
        "aggregation": Indicator.Aggregation.SUM,
        "source": Indicator.Source.MANUAL,
    }
    data.update(overrides)
    return data


@pytest.fixture
def submitted(plan):
    """The 2027 draft with one linked chain, submitted to the Coordinating
    Committee: (plan, (area, impact, outcome, output, activity, activity))."""
    chain = add_chain(plan)
    services.workplan_submit(workplan=plan, actor=None, notify=False)
    plan.refresh_from_db()
    return plan, chain


@pytest.fixture
def adopted(submitted, committee_member):
    """The same plan approved by the committee and adopted by the Meeting."""
    plan, chain = submitted
    services.workplan_approve(workplan=plan, actor=committee_member)
    services.workplan_adopt(
        workplan=plan,
        adopted_on=dt.date(2026, 12, 4),
        adopted_by="Twenty-Third Meeting of the States Parties",
        actor=None,
    )
    plan.refresh_from_db()
    return plan, chain
