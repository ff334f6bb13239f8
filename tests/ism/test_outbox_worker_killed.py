"""A real Celery worker killed with SIGKILL mid-batch neither skips a mail nor sends
one twice without trace (issue 15).

Article 7 reminders for 30 States go through Redis to a real `celery -A ism
worker` (prefork, two processes) that sends by SMTP to a local sink (aiosmtpd).
The worker is killed twice, each time exactly where the sink holds a session: once
while connecting (answering EHLO), once after the whole message has arrived (DATA)
but before the server says it accepted it. A third worker finishes the batch; the
sweep then runs on the one clock moved past the outbox's lease. At the sink: every
State got its reminder, no State got two messages with different Message-IDs, and
no row is left "sending". Redis redelivering the killed workers' tasks late (its
visibility timeout) sends nothing more."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from ism.models import OutgoingMail, OutgoingMailAttempt, StateContact
from ism.tasks import outbox_send_pending
from reporting.services.reminders import reminders_send
from tests.ism.smtp_sink import SinkHandler, free_port
from tests.reporting.helpers import DUE, party
from tests.reporting.test_reminders_real_worker import _database_url

ROOT = Path(__file__).resolve().parents[2]
STATES = 30
Status = OutgoingMail.Status
Phase = OutgoingMailAttempt.Phase
# The whole test, workers and waits included, has this long (it takes ~20 s).
BUDGET_SECONDS = 60


def wait_for(condition, what: str, deadline: float) -> None:
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"over {BUDGET_SECONDS} s, waiting for {what}")
        time.sleep(0.1)


class Workers:
    """Start and SIGKILL `celery -A ism worker` processes on one queue."""

    def __init__(self, env: dict[str, str], queue: str, logs: Path) -> None:
        self.env, self.queue, self.logs = env, queue, logs
        self.process: subprocess.Popen | None = None
        self.started = 0

    def start(self) -> None:
        self.started += 1
        log_path = self.logs / f"worker-{self.started}.log"
        with log_path.open("wb") as log:  # the worker writes its own copy
            self.process = self._popen(log)

    def _popen(self, log) -> subprocess.Popen:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "ism", "worker"),
                *("-Q", self.queue, "--pool", "prefork", "--concurrency", "2"),
                *("--without-heartbeat", "--without-gossip", "--without-mingle"),
                *("--loglevel", "WARNING"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: SIGKILL reaches the pool's processes too,
            # as `kill -9` on a container does.
            start_new_session=True,
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.kill()

    def log(self) -> str:
        return "".join(
            path.read_text(errors="replace")[-2000:]
            for path in sorted(self.logs.glob("worker-*.log"))
        )


def cut_off_rows(phase: str) -> set[int]:
    """Rows left "sending" whose open try stopped in `phase`."""
    return set(
        OutgoingMailAttempt.objects.filter(
            finished_at=None, phase=phase, mail__status=Status.SENDING
        ).values_list("mail_id", flat=True)
    )


def forget_unacknowledged(client, queue: str) -> None:
    """Drop what the killed workers left unacknowledged in Redis for this queue,
    so no later worker on this Redis ever gets it."""
    for tag, raw in client.hgetall("unacked").items():
        if json.loads(raw)[2] == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


@pytest.mark.postgres
@pytest.mark.redis
def test_a_killed_worker_neither_skips_a_mail_nor_sends_it_twice_without_trace(
    transactional_db, postgres, redis_url, apmbc, tmp_path, monkeypatch
):
    import redis
    from aiosmtpd.controller import Controller
    from celery import Celery

    deadline = time.monotonic() + BUDGET_SECONDS
    addresses = {}
    for n in range(STATES):
        state = party(apmbc, name=f"Killedworkeria {n}")
        addresses[state.pk] = f"mission@{state.iso3.lower()}.example"
        StateContact.objects.create(
            state=state,
            convention=apmbc,
            recipient="Mission",
            address="Geneva",
            emails=addresses[state.pk],
        )

    sink = SinkHandler()
    # aiosmtpd logs every SMTP line at INFO.
    monkeypatch.setattr(logging.getLogger("mail.log"), "level", logging.WARNING)
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    queue = f"outbox-killed-{uuid.uuid4().hex[:8]}"
    workers = Workers(
        {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": _database_url(postgres),
            "REDIS_URL": redis_url,
            "ISM_TEST_SMTP_PORT": str(smtp.port),
        },
        queue,
        tmp_path,
    )
    # Not the current app: shared tasks in the rest of this process stay ISM's.
    probe = Celery("probe", broker=redis_url, set_as_current=False)
    broker = redis.Redis.from_url(redis_url)
    # The outbox's sends (on commit, and the sweep's) go through Redis to the
    # worker, whatever broker this process is configured with.
    monkeypatch.setattr(
        "ism.tasks.outbox_send",
        SimpleNamespace(
            delay=lambda pk: probe.send_task(
                "ism.tasks.outbox_send", args=[pk], queue=queue
            )
        ),
    )
    try:
        # 1. Killed while connecting: the sink holds the 6th session at EHLO.
        sink.stall("EHLO", after=5)
        workers.start()
        run = reminders_send(today=DUE)
        assert len(run.queued) == STATES
        wait_for(sink.stalled.is_set, "a session stalled at EHLO", deadline)
        workers.kill()
        cut_connecting = cut_off_rows(Phase.CONNECTING)
        assert cut_connecting, workers.log()

        # 2. Killed after DATA: the server has the message, the worker never
        # hears that it was accepted.
        sink.stall("DATA", after=5)
        workers.start()
        wait_for(sink.stalled.is_set, "a session stalled after DATA", deadline)
        workers.kill()
        cut_after_data = cut_off_rows(Phase.TRANSMITTING)
        stalled_to = sink.stalled_on.to
        assert stalled_to in {
            OutgoingMail.objects.get(pk=pk).to[0] for pk in cut_after_data
        }

        # 3. A worker again; it sends what is still queued. The rows the killed
        # workers held stay "sending": Redis keeps their tasks for an hour or more.
        sink.stop_stalling()
        workers.start()

        def settled() -> bool:
            before = (sink.count(), Counter(OutgoingMail.objects.values_list("status")))
            time.sleep(1)
            after = (sink.count(), Counter(OutgoingMail.objects.values_list("status")))
            return broker.llen(queue) == 0 and before == after

        wait_for(settled, "the third worker to drain the queue", deadline)
        left_sending = OutgoingMail.objects.filter(status=Status.SENDING).count()
        assert left_sending >= 2

        # 4. The sweep, on the one clock moved past the lease.
        later = timezone.now() + settings.ISM_MAIL_LEASE + dt.timedelta(minutes=1)
        with time_machine.travel(later):
            offered = outbox_send_pending()
        assert offered >= left_sending
        wait_for(
            lambda: OutgoingMail.objects.filter(status=Status.SENT).count() == STATES,
            "every row sent",
            deadline,
        )

        # 5. Redis hands the killed workers' tasks out again, late: nothing more.
        delivered = sink.count()
        for pk in OutgoingMail.objects.values_list("pk", flat=True):
            probe.send_task("ism.tasks.outbox_send", args=[pk], queue=queue)
        wait_for(lambda: broker.llen(queue) == 0, "the redeliveries to run", deadline)
        time.sleep(1)
        assert sink.count() == delivered
    finally:
        workers.stop()
        forget_unacknowledged(broker, queue)
        broker.delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )
        probe.close()
        smtp.stop()

    rows = {row.to[0]: row for row in OutgoingMail.objects.all()}
    received = sink.by_recipient()
    twice = {to for to, ids in received.items() if sum(ids.values()) > 1}
    print(  # the counts the issue asks for, with -s
        f"\nkilled-worker test: {STATES} States, {len(received)} reached, "
        f"{sink.count()} deliveries, {len(twice)} delivered twice (same "
        f"Message-ID), {sum(len(ids) > 1 for ids in received.values())} with "
        f"different Message-IDs, {left_sending} rows left sending after the "
        f"kills, {OutgoingMail.objects.filter(status=Status.SENDING).count()} "
        "after the sweep"
    )
    # Every State got its reminder.
    assert set(received) == set(addresses.values())
    # No State got two different messages: every copy has its row's Message-ID.
    assert {to: set(ids) for to, ids in received.items()} == {
        to: {row.message_id} for to, row in rows.items()
    }
    # No row is left "sending"; every row is sent.
    assert Counter(row.status for row in rows.values()) == {Status.SENT: STATES}
    # A second copy only where the outbox says so: the try cut off after DATA.
    assert stalled_to in twice
    assert twice <= {to for to, row in rows.items() if row.uncertain_attempts}
    assert rows[stalled_to].status_text.startswith("Sent — an earlier try")
    # A try cut off while connecting delivered nothing: sent once, not uncertain.
    for pk in cut_connecting:
        row = OutgoingMail.objects.get(pk=pk)
        assert sum(received[row.to[0]].values()) == 1
        assert row.attempt_log.first().phase == Phase.INTERRUPTED
        assert row.uncertain_attempts == 0
