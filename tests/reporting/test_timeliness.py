"""On time, late, missing, not yet due: judged on the first submission against
the due date, as at a given day."""

import datetime as dt

import pytest

from reporting import rules, services
from reporting.rules import Timeliness
from tests.reporting.helpers import AFTER_DUE, BEFORE_DUE, DUE, submitted_report


@pytest.mark.parametrize(
    ("submitted_on", "today", "expected"),
    [
        (dt.date(2025, 4, 1), dt.date(2025, 6, 1), Timeliness.ON_TIME),
        (DUE, DUE, Timeliness.ON_TIME),  # on the due date is on time
        (DUE + dt.timedelta(days=1), dt.date(2025, 6, 1), Timeliness.LATE),
        (None, DUE, Timeliness.NOT_DUE),  # the due date itself is still in time
        (None, DUE + dt.timedelta(days=1), Timeliness.MISSING),
        (None, dt.date(2025, 1, 10), Timeliness.NOT_DUE),
        # As known on 1 June, a report that comes on 10 June is still missing.
        (dt.date(2025, 6, 10), dt.date(2025, 6, 1), Timeliness.MISSING),
    ],
)
def test_timeliness_of_a_report_due_on_30_april(submitted_on, today, expected):
    assert rules.timeliness(due=DUE, submitted_on=submitted_on, today=today) == expected


def test_a_report_submitted_after_its_due_date_is_late(apmbc, state_a):
    report, _ = submitted_report(state_a, apmbc, on=AFTER_DUE)
    assert report.first_submitted_on == AFTER_DUE
    assert report.timeliness(AFTER_DUE) == Timeliness.LATE


def test_a_correction_after_the_due_date_leaves_an_on_time_report_on_time(
    apmbc, state_a
):
    report, _ = submitted_report(state_a, apmbc, on=BEFORE_DUE)
    services.report_correct(report=report, actor=None)
    services.report_submit(report=report, actor=None, today=AFTER_DUE)
    report.refresh_from_db()
    assert report.first_submitted_on == BEFORE_DUE
    assert report.timeliness(AFTER_DUE) == Timeliness.ON_TIME


def test_a_late_initial_report_is_late_against_its_180_days(apmbc):
    from reporting.models import Report
    from tests.reporting.helpers import mark_all, party

    state = party(apmbc, eif=dt.date(2025, 3, 1))
    report = services.report_start(
        convention=apmbc,
        state=state,
        kind=Report.Kind.INITIAL,
        actor=None,
        today=dt.date(2025, 8, 1),
    )
    mark_all(report)
    day_after = dt.date(2025, 3, 1) + dt.timedelta(days=181)
    services.report_submit(report=report, actor=None, today=day_after)
    report.refresh_from_db()
    assert report.timeliness(day_after) == Timeliness.LATE
