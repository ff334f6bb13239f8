"""The count work plans use for "reports received": first submissions in a
calendar year, whatever year the reports cover; a correction is not a new one."""

import datetime as dt

from reporting import services
from reporting.selectors import reports_received
from tests.reporting.helpers import party, submitted_report


def test_reports_first_submitted_in_the_year_are_counted_once(apmbc):
    a, b, c = (party(apmbc, name=n) for n in ("Ay", "Bee", "Cee"))
    report, _ = submitted_report(a, apmbc, year=2023, on=dt.date(2024, 12, 31))
    services.report_correct(report=report, actor=None)
    services.report_submit(report=report, actor=None, today=dt.date(2025, 1, 3))
    submitted_report(b, apmbc, year=2024, on=dt.date(2025, 4, 1))
    submitted_report(c, apmbc, year=2024, on=dt.date(2025, 12, 31))
    assert reports_received(convention=apmbc, year=2024) == 1
    assert reports_received(convention=apmbc, year=2025) == 2
    assert reports_received(convention=apmbc.pk, year=2026) == 0
