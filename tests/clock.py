"""ISM_TEST_TODAY=YYYY-MM-DD: the whole test process lives on that day.

The suite must pass on any day from 2026 to 2035, so it is run with the clock moved
(`make test-dates`, and once in CI). time-machine moves `datetime`, `date.today()`,
`time.time()` and Django's `timezone.now()` for the whole process; the clock keeps
ticking from 09:00 UTC that day, so durations, tokens and sessions behave as on any
real day. `tests/settings.py` starts it, so pytest, every xdist worker and every
process started on the test settings (the real Celery worker) share the same day.
PostgreSQL's own clock is not moved: ISM never asks the database what day it is.
"""

from __future__ import annotations

import datetime as dt
import os

VARIABLE = "ISM_TEST_TODAY"
_traveller = None


def moved_today() -> dt.date | None:
    """The day ISM_TEST_TODAY names, or None when the clock is the real one."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise SystemExit(f"{VARIABLE}={value!r} is not a date (YYYY-MM-DD)") from exc


def move_clock_from_env() -> dt.date | None:
    """Start travelling to ISM_TEST_TODAY once per process (idempotent)."""
    global _traveller
    day = moved_today()
    if day is None or _traveller is not None:
        return day
    import time_machine

    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)
    _traveller = time_machine.travel(start, tick=True)
    _traveller.start()
    return day


def days(*names: str | None) -> list:
    """Parameters for a test run on each of the days named (YYYY-MM-DD; None: the
    session's own day). A test that moves the clock to a named day for its whole
    run is marked `fixed_day`: the whole process's day changes nothing in it, so
    CI's second pass, on a moved clock (.ci/run), leaves it to the first."""
    import pytest

    return [
        pytest.param(name, id="today")
        if name is None
        else pytest.param(name, id=name, marks=pytest.mark.fixed_day)
        for name in names
    ]
