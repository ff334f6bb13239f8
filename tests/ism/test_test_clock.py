"""ISM_TEST_TODAY moves the clock of the whole test process (tests/clock.py)."""

import datetime as dt
import os
import subprocess
import sys

from django.utils import timezone

from tests.clock import moved_today


def test_it_lives_on_the_day_ism_test_today_names():
    day = moved_today()
    if day is None:
        # The real clock: Django's day is the machine's day.
        assert (
            timezone.localdate()
            == dt.datetime.now(dt.UTC)
            .astimezone(timezone.get_current_timezone())
            .date()
        )
    else:
        assert timezone.localdate() == day
        assert dt.datetime.now(dt.UTC).date() == day


def test_it_moves_a_process_started_on_the_test_settings_too():
    # The real Celery worker is such a process: it must share the suite's day.
    code = (
        "import django; django.setup(); "
        "from django.utils import timezone; print(timezone.localdate())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "ISM_TEST_TODAY": "2029-02-28",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "2029-02-28"
