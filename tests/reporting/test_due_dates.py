"""Due dates follow the convention's rules: the initial report within 180 days of
entry into force, the annual report by 30 April (APMBC, CCM) or 31 March (CCW)
of the year after the one it covers."""

import datetime as dt

from reporting import rules
from reporting.models import Report
from reporting.services import report_start
from tests.reporting.helpers import party


def test_the_initial_report_is_due_180_days_after_entry_into_force(apmbc):
    entry_into_force = dt.date(2025, 3, 1)
    expected = entry_into_force + dt.timedelta(days=180)
    assert expected == dt.date(2025, 8, 28)  # the worked example, counted by hand
    assert rules.initial_due(apmbc, entry_into_force) == expected


def test_an_initial_report_takes_its_due_date_from_the_states_entry_into_force(apmbc):
    state = party(apmbc, eif=dt.date(2025, 3, 1))
    report = report_start(
        convention=apmbc,
        state=state,
        kind=Report.Kind.INITIAL,
        actor=None,
        today=dt.date(2025, 4, 1),
    )
    assert report.year == 2025
    assert report.due_date == dt.date(2025, 3, 1) + dt.timedelta(days=180)


def test_the_apmbc_annual_report_is_due_on_30_april_of_the_next_year(apmbc):
    assert rules.annual_due(apmbc, 2024) == dt.date(2025, 4, 30)


def test_the_ccw_national_annual_report_is_due_on_31_march(ccw):
    assert rules.annual_due(ccw, 2024) == dt.date(2025, 3, 31)


def test_the_ccw_has_no_initial_report(ccw):
    assert rules.initial_due(ccw, dt.date(2025, 3, 1)) is None


def test_a_convention_whose_settings_change_moves_the_due_date(apmbc):
    apmbc.annual_report_month, apmbc.annual_report_day = 3, 31
    assert rules.annual_due(apmbc, 2024) == dt.date(2025, 3, 31)


def test_a_state_owes_the_annual_report_once_its_initial_report_was_due(apmbc):
    # Entry into force 1 September 2024: initial report due 28 February 2025,
    # after 2024 ended, so the first annual report is the one covering 2025.
    eif = dt.date(2024, 9, 1)
    assert eif + dt.timedelta(days=180) == dt.date(2025, 2, 28)
    assert not rules.owes_annual(apmbc, entry_into_force=eif, year=2024)
    assert rules.owes_annual(apmbc, entry_into_force=eif, year=2025)


def test_a_state_whose_entry_into_force_is_unknown_owes_every_report(apmbc):
    assert rules.owes_annual(apmbc, entry_into_force=None, year=2001)
