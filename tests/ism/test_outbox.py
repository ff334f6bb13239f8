"""The outbox: a mail is a row first, under a unique key; it is sent after commit,
once, whoever asks how often; a failed send is offered again by the sweep."""

import smtplib

import pytest
from django.core import mail
from django.utils import timezone

import ism.mail
from ism import celery_app
from ism.mail import mail_enqueue, mail_send
from ism.models import OutgoingMail
from ism.tasks import outbox_send_pending


@pytest.fixture(autouse=True)
def tasks_in_process():
    """Run tasks where they are enqueued, also when REDIS_URL points at a broker
    (no worker runs during the tests)."""
    conf = celery_app.conf
    before = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    yield
    conf.task_always_eager, conf.task_eager_propagates = before


def enqueue(key="invoice:1:reminder:1", **fields):
    return mail_enqueue(
        key=key,
        to=fields.pop("to", ["mission@atlantis.example"]),
        subject=fields.pop("subject", "Reminder: contribution 2026"),
        body=fields.pop("body", "Dear Mission, ..."),
        **fields,
    )


def test_it_stores_and_sends_a_mail_once_for_one_key(
    db, django_capture_on_commit_callbacks, apmbc, state_a
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first, created_first = enqueue(convention=apmbc, state=state_a)
        second, created_second = enqueue(subject="A duplicate job's subject")

    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert len(callbacks) == 1
    assert OutgoingMail.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mission@atlantis.example"]
    assert mail.outbox[0].subject == "Reminder: contribution 2026"
    row = OutgoingMail.objects.get()
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 1
    assert row.sent_at is not None
    assert (row.convention, row.state) == (apmbc, state_a)


def test_it_sends_nothing_before_the_transaction_commits(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue()
    assert mail.outbox == []
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.PENDING
    assert len(callbacks) == 1


def test_it_sends_a_second_mail_under_another_key(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("invoice:1:reminder:1")
        enqueue("invoice:1:reminder:2")
    assert OutgoingMail.objects.count() == 2
    assert len(mail.outbox) == 2


def test_it_does_not_send_an_already_sent_mail_again(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row, _ = enqueue()
    mail.outbox.clear()

    assert mail_send(mail_id=row.pk) is False
    assert mail.outbox == []
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingMail.Status.SENT, 1)


def test_it_leaves_a_mail_another_worker_is_sending_to_that_worker(db):
    row, _ = enqueue()
    OutgoingMail.objects.filter(pk=row.pk).update(
        status=OutgoingMail.Status.SENDING, claimed_at=timezone.now()
    )
    assert mail_send(mail_id=row.pk) is False
    assert mail.outbox == []


def refuse_to_send(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_it_marks_a_failed_send_and_the_sweep_offers_it_again(db, monkeypatch):
    row, _ = enqueue()
    with (
        monkeypatch.context() as patched,
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        # The server cannot be reached: nothing was handed over.
        patched.setattr(ism.mail, "get_connection", refuse_to_send)
        mail_send(mail_id=row.pk)

    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED
    assert row.attempts == 1
    assert "Connection unexpectedly closed" in row.last_error
    assert mail.outbox == []

    # The server is back; beat's sweep offers the failed row again and it goes out.
    assert outbox_send_pending() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingMail.Status.SENT, 2)
    assert len(mail.outbox) == 1

    # Once sent, the sweep leaves it alone.
    assert outbox_send_pending() == 0
    assert len(mail.outbox) == 1


def test_the_sweep_offers_a_pending_mail_whose_message_was_lost(db):
    # Enqueued, but its on-commit task never ran (the broker lost it).
    row, _ = enqueue()
    assert mail.outbox == []
    assert outbox_send_pending() == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT


def test_the_sweep_gives_up_after_five_attempts(db):
    row, _ = enqueue()
    OutgoingMail.objects.filter(pk=row.pk).update(
        status=OutgoingMail.Status.FAILED, attempts=5
    )
    assert outbox_send_pending() == 0
    assert mail.outbox == []
