"""The contribution reminder job against Redis and a real Celery worker process:
two runs at once queue every due (invoice, level) once, and the worker sends each
exactly once — one mail file per (invoice, level), none missing."""

import datetime as dt
import os
import subprocess
import sys
import threading
import time
import uuid
from email import message_from_string
from email.header import decode_header, make_header
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection

from budgets.contributions.reminders import (
    invoice_reminders_send,
    load_reminder_policies,
)
from budgets.models import ReminderLevel
from ism.models import OutgoingMail
from tests.budgets.invoice_docs import contact, issued_invoice
from tests.conftest import broker_url
from tests.factories import ParticipationFactory, StateFactory

ROOT = Path(__file__).resolve().parents[2]
LATE = dt.date(2026, 7, 1)  # every level's day has come for an invoice due 31 March
SEPARATOR = "\n" + "-" * 79 + "\n"  # between messages in a filebased mail file


def _database_url(s) -> str:
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{s['NAME']}"


def _mails_in(folder: Path) -> list[tuple[str, str]]:
    """(To, Subject) of every message the worker wrote."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_text().split(SEPARATOR):
            if chunk.strip():
                message = message_from_string(chunk)
                subject = str(make_header(decode_header(message["Subject"])))
                # A long subject is folded over two lines in the file.
                found.append((message["To"], " ".join(subject.split())))
    return found


@pytest.mark.postgres
@pytest.mark.redis
def test_two_runs_at_once_on_a_real_worker_mail_each_invoice_level_once(
    transactional_db, postgres, redis_url, apmbc, tmp_path, monkeypatch
):
    from celery import Celery

    load_reminder_policies()
    invoices = []
    for n in range(3):
        state = StateFactory(iso3=f"WK{n}", iso2=f"W{n}", name=f"Workeria {n}")
        ParticipationFactory(state=state, convention=apmbc)
        contact(apmbc, state, f"mission@wk{n}.example")
        invoices.append(
            issued_invoice(apmbc, state, sequence=n + 1, issue_date=dt.date(2026, 1, 1))
        )
    levels = list(ReminderLevel.objects.filter(policy__convention=apmbc))
    expected_keys = sorted(
        f"invoice:{invoice.pk}:reminder:{level.pk}"
        for invoice in invoices
        for level in levels
    )
    assert len(expected_keys) == 12  # 3 invoices x 4 levels, all due on LATE

    # A queue of its own: nothing another run queues reaches this test's worker.
    broker = broker_url(redis_url)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    queue = f"contrib-reminders-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(postgres.settings_dict),
        "REDIS_URL": broker,
        "ISM_TEST_EMAIL_FILE_PATH": str(mail_dir),
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
            queue,
            "--pool=solo",
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
    # The outbox's sends (queued on commit by mail_enqueue) go through Redis to the
    # worker, whatever broker this test process was configured with. The module's
    # name is replaced, not the task's `delay`: the task is a proxy resolved per
    # thread, and the runs below are threads.
    monkeypatch.setattr(
        "ism.tasks.outbox_send",
        SimpleNamespace(
            delay=lambda pk: probe.send_task(
                "ism.tasks.outbox_send", args=[pk], queue=queue
            )
        ),
    )
    results, errors = [], []
    start = threading.Barrier(2)

    def run():
        try:
            start.wait(timeout=10)
            results.append(invoice_reminders_send(today=LATE))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        deadline = time.monotonic() + 25
        while time.monotonic() < deadline:
            if OutgoingMail.objects.filter(
                status=OutgoingMail.Status.SENT
            ).count() >= len(expected_keys):
                break
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.3)
        time.sleep(1)  # a moment more for a duplicate that would come late
        rows = list(OutgoingMail.objects.order_by("key"))
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        probe.close()

    log = output.decode()[-3000:]
    assert errors == [], log
    assert sum(len(r.queued) for r in results) == 12, log
    assert sorted(row.key for row in rows) == expected_keys, log
    assert all(row.status == OutgoingMail.Status.SENT for row in rows), [
        (row.key, row.status, row.last_error) for row in rows
    ]
    assert all(row.attempts == 1 for row in rows), log
    mails = _mails_in(mail_dir)
    assert len(mails) == 12, log
    # One file per (invoice, level): every row's mail, none twice.
    assert sorted(mails) == sorted((row.to[0], row.subject) for row in rows)
    assert len(set(mails)) == 12
