"""Contribution reminders go through the outbox under the key invoice + level, so
the job run twice — by beat and by hand, or two runs at once — never mails a State
twice for the same level, and a run that fails half-way leaves nothing skipped."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from budgets.contributions.reminders import (
    invoice_reminders_send,
    load_reminder_policies,
)
from budgets.models import InvoiceReminder
from budgets.tasks import invoice_reminders_send as reminders_task
from ism import reminders
from ism.models import OutgoingMail
from tests.budgets.invoice_docs import (
    contact,
    issued_invoice,
    tasks_in_process,  # noqa: F401
)
from tests.factories import ParticipationFactory, StateFactory

# No worker runs in the tests: tasks run where they are queued, with REDIS_URL too.
pytestmark = pytest.mark.usefixtures("tasks_in_process")

DUE = dt.date(2026, 3, 31)
LATE = dt.date(2026, 7, 1)  # every level's day has come: 4 levels per invoice


@pytest.fixture
def invoices(apmbc):
    load_reminder_policies()
    made = []
    for n in range(3):
        state = StateFactory(iso3=f"RM{n}", iso2=f"R{n}", name=f"Remindia {n}")
        ParticipationFactory(state=state, convention=apmbc)
        contact(apmbc, state)
        made.append(
            issued_invoice(
                apmbc, state, sequence=n + 1, issue_date=dt.date(2026, 1, 15)
            )
        )
    return made


def keys() -> list[str]:
    return sorted(OutgoingMail.objects.values_list("key", flat=True))


def test_running_the_job_twice_mails_each_state_once_per_level(
    invoices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = invoice_reminders_send(today=LATE)
    with django_capture_on_commit_callbacks(execute=True):
        second = invoice_reminders_send(today=LATE)

    assert len(first.queued) == 12  # 3 invoices x 4 levels
    assert second.queued == []
    assert sorted(second.already) == sorted(first.queued) == keys()
    assert len(mail.outbox) == 12
    assert InvoiceReminder.objects.count() == 12
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == 12


def test_the_task_and_the_command_run_the_same_job(invoices):
    reminders_task(DUE.isoformat())
    after_task = keys()
    call_command("send_contribution_reminders", "--date", DUE.isoformat())

    assert len(after_task) == 6  # the first two levels of 3 invoices
    assert keys() == after_task
    call_command("send_contribution_reminders", "--date", LATE.isoformat())
    assert len(keys()) == 12


def test_the_command_says_what_it_queued_and_what_it_could_not(invoices, apmbc, capsys):
    silent = StateFactory(iso3="SIL", iso2="SI", name="Silentia")
    ParticipationFactory(state=silent, convention=apmbc)
    issued_invoice(apmbc, silent, sequence=9, issue_date=dt.date(2026, 1, 15))

    call_command("send_contribution_reminders", "--date", DUE.isoformat())

    out, err = capsys.readouterr()
    assert out.count("queued invoice:") == 6
    assert "6 reminders queued, 0 sent before, 2 not sent." in out
    assert err.count("no e-mail address recorded for Silentia") == 2


def test_a_run_that_fails_half_way_is_completed_by_the_next_without_repeats(
    invoices, monkeypatch
):
    real = reminders.mail_enqueue
    calls = []

    def dies_on_the_fifth(**kwargs):
        calls.append(kwargs["key"])
        if len(calls) == 5:
            raise ConnectionError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(reminders, "mail_enqueue", dies_on_the_fifth)
    with pytest.raises(ConnectionError):
        invoice_reminders_send(today=LATE)
    assert len(keys()) == 4  # each mail committed on its own

    monkeypatch.setattr(reminders, "mail_enqueue", real)
    second = invoice_reminders_send(today=LATE)

    assert len(second.queued) == 8
    assert len(keys()) == 12


@pytest.mark.postgres
def test_two_runs_at_once_on_postgresql_queue_each_mail_once(
    transactional_db, postgres, invoices
):
    # Both runs read "not in the outbox yet" before either writes: the unique key
    # is what keeps the second one from creating a twin.
    barrier = threading.Barrier(2)
    real_filter = OutgoingMail.objects.filter
    results, errors = [], []

    def run():
        try:
            results.append(invoice_reminders_send(today=LATE))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    def racing_filter(*args, **kwargs):
        found = real_filter(*args, **kwargs)
        if "key__in" in kwargs:
            list(found)
            barrier.wait(timeout=10)
        return found

    OutgoingMail.objects.filter = racing_filter
    try:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        del OutgoingMail.objects.filter

    assert errors == []
    # Each run saw all twelve due; between them they created each once.
    assert [len(r.queued) + len(r.already) for r in results] == [12, 12]
    assert sum(len(r.queued) for r in results) == 12
    assert len(keys()) == 12
    assert InvoiceReminder.objects.count() == 12
