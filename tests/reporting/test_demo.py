"""The demo: the 40 reports covering 2024 the APMBC Cooperation Committee cites,
published and flagged illustrative, and a draft for Norway's focal point to
continue (tests/reporting/test_demo_norway.py); loading twice changes nothing."""

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine

from ism.demo import load_core, state_by_name
from ism.models import Convention
from reporting import demo
from reporting.models import Report
from reporting.rules import Timeliness, annual_due, timeliness
from tests.clock import days

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


@pytest.fixture
def loaded(db):
    load_core()
    return demo.load()


def test_the_demo_publishes_the_reports_the_committee_cites_once(loaded):
    names = json.loads(
        (REFERENCE / "apmbc-2025-cooperation-committee.json").read_text("utf-8")
    )["article7_reporting"]["preliminary_observations_based_on_reports_of"]
    assert len(names) == 40
    assert loaded["reports_created"] == 40
    assert loaded["drafts_created"] == 1
    published = Report.objects.filter(year=2024, published_version__isnull=False)
    assert sorted(published.values_list("state__iso3", flat=True)) == sorted(
        state_by_name(name).iso3 for name in names
    )
    assert all(report.illustrative for report in published)
    assert all(r.first_submitted_on <= r.due_date for r in published)
    assert demo.load() == {
        "reports_created": 0,
        "drafts_created": 0,
        "cycle_reports_created": 0,
    }
    assert Report.objects.count() == 41 + loaded["cycle_reports_created"]


@pytest.mark.parametrize("day", days("2028-02-29", "2031-06-15", "2035-12-31"))
def test_the_reports_due_this_year_have_come_as_far_as_the_day(db, day):
    """Before 30 April some of this year's reports are in and none is late; after
    it, some are on time, some came late or are missing, some wait for review. No
    report is submitted after the day the demo is loaded."""
    today = dt.date.fromisoformat(day)
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), dt.UTC)):
        load_core()
        demo.load()
    year = today.year - 1
    reports = list(Report.objects.filter(year=year, kind=Report.Kind.ANNUAL))
    assert reports, "no report due this year"
    assert all(r.first_submitted_on < today for r in reports)
    assert all(r.illustrative for r in reports)
    assert not any(r.state.iso3 == "NOR" for r in reports)  # Norway's to write
    apmbc = Convention.objects.get(code="APMBC")
    due = annual_due(apmbc, year)
    submitted = {r.state_id: r.first_submitted_on for r in reports}
    kinds = {
        timeliness(due=due, submitted_on=submitted.get(state.pk), today=today)
        for state in (state_by_name(name) for name in demo.reporting_states())
    }
    if today < due:
        assert kinds == {Timeliness.ON_TIME, Timeliness.NOT_DUE}
    else:
        assert {Timeliness.ON_TIME, Timeliness.MISSING} <= kinds
        assert Timeliness.NOT_DUE not in kinds
    unpublished = [r for r in reports if r.published_version_id is None]
    assert unpublished, "nothing waits for the ISU's review"
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), dt.UTC)):
        assert demo.load()["cycle_reports_created"] == 0
