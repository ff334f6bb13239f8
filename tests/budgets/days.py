"""Living on a given day in a test, the clock stopped there.

States that follow from dates (overdue, late, missed deadlines, reminder levels) must
show on the day the date implies, without anything being written. Tests move the day
across a boundary with `on_day(day)`: noon in the project's time zone, so
timezone.localdate() is `day` whatever ISM_TEST_TODAY or the real calendar say.

    from tests.budgets.days import clock_reads, on_day

`clock_reads(monkeypatch)` counts the readings of timezone.localdate(): a page or a
list judges all its rows on one day, read once.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import time_machine
from django.conf import settings


def on_day(day: dt.date) -> time_machine.travel:
    noon = dt.datetime.combine(
        day, dt.time(12), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )
    return time_machine.travel(noon, tick=False)


def clock_reads(monkeypatch) -> list[dt.date]:
    """The days timezone.localdate() answers from now on in this test, in order."""
    from django.utils import timezone

    real = timezone.localdate
    reads: list[dt.date] = []

    def localdate(*args, **kwargs):
        reads.append(real(*args, **kwargs))
        return reads[-1]

    monkeypatch.setattr(timezone, "localdate", localdate)
    return reads
