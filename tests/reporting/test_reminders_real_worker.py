"""The reminder job on a real Celery worker (Redis broker, PostgreSQL): two runs
delivered at once to a worker with two threads still mail each State once per
level. The unique outbox key decides, not the luck of timing."""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from ism.models import OutgoingMail, StateContact
from tests.conftest import broker_url
from tests.reporting.helpers import party

ROOT = Path(__file__).resolve().parents[2]
DUE = dt.date(2025, 4, 30)


def _database_url(connection) -> str:
    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.redis
def test_two_runs_on_a_real_worker_mail_each_state_once(
    transactional_db, postgres, redis_url, apmbc
):
    from celery import Celery

    states = [party(apmbc, name=f"Workeria {n}") for n in range(3)]
    for state in states:
        StateContact.objects.create(
            state=state,
            convention=apmbc,
            recipient="Mission",
            address="Geneva",
            emails=f"mission@{state.iso3.lower()}.example",
        )
    broker = broker_url(redis_url)
    queue = f"reporting-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(postgres),
        "REDIS_URL": broker,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ism",
            "worker",
            "-Q",
            f"{queue},celery",
            "--pool",
            "threads",
            "--concurrency",
            "2",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    probe = Celery("probe", broker=broker, set_as_current=False)
    try:
        for _ in range(2):
            probe.send_task(
                "reporting.tasks.article7_reminders_send",
                args=[DUE.isoformat()],
                queue=queue,
            )
        expected = sorted(f"art7:APMBC:2024:{s.iso3}:due" for s in states)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            sent = OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT)
            if sent.count() >= len(expected):
                break
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.3)
        # A moment more, for a duplicate that would come late.
        time.sleep(1.5)
        rows = list(OutgoingMail.objects.order_by("key"))
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        probe.close()
    assert [row.key for row in rows] == expected, output.decode()[-3000:]
    assert all(row.status == OutgoingMail.Status.SENT for row in rows)
    assert all(row.attempts == 1 for row in rows)
