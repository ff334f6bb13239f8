"""A mail whose worker was killed mid-send is neither skipped nor sent twice
without trace (issue 15): the sweep takes a row left "sending" back once its
lease has run out, every try is recorded with how far it got, a try cut off after
the server could have accepted the message leaves the row "uncertain — may have
been delivered", and every try sends the same Message-ID, derived from the key."""

import datetime as dt
from email.utils import parseaddr

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from ism.audit import history_of
from ism.mail import mail_enqueue, mail_recover_stale, mail_send, message_id_for
from ism.models import OutgoingMail, OutgoingMailAttempt
from ism.tasks import outbox_send_pending
from tests.budgets.invoice_docs import tasks_in_process  # noqa: F401
from tests.ism.mail_backends import Killed

# The sweep's sends run here: no worker runs beside these tests.
pytestmark = pytest.mark.usefixtures("tasks_in_process")

Status = OutgoingMail.Status
Phase = OutgoingMailAttempt.Phase
BACKENDS = "tests.ism.mail_backends."


def queued(key="invoice:1:reminder:1", **fields) -> OutgoingMail:
    """A mail in the outbox whose on-commit send has not run yet."""
    row, _ = mail_enqueue(
        key=key,
        to=["mission@atlantis.example"],
        subject="Reminder: contribution",
        body="Dear Mission, ...",
        **fields,
    )
    return row


def killed_while_sending(row: OutgoingMail, backend: str) -> None:
    with override_settings(EMAIL_BACKEND=BACKENDS + backend), pytest.raises(Killed):
        mail_send(mail_id=row.pk)


def after_the_lease(extra=dt.timedelta(minutes=1)):
    """The one clock, moved past the outbox's lease."""
    return time_machine.travel(timezone.now() + settings.ISM_MAIL_LEASE + extra)


def message_ids() -> list[str]:
    return [message.message()["Message-ID"] for message in mail.outbox]


def test_every_mail_carries_a_message_id_derived_from_its_key(db):
    first, second = queued("invoice:1:reminder:1"), queued("invoice:1:reminder:2")

    assert first.message_id == message_id_for("invoice:1:reminder:1")
    assert first.message_id == OutgoingMail.objects.get(pk=first.pk).message_id
    assert first.message_id != second.message_id
    sender_domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    assert first.message_id.startswith("<ism.")
    assert first.message_id.endswith(f"@{sender_domain}>")

    assert mail_send(mail_id=first.pk) is True
    assert message_ids() == [first.message_id]


def test_a_mail_left_sending_stays_with_its_worker_until_the_lease_runs_out(db):
    row = queued()
    killed_while_sending(row, "KilledAfterData")
    row.refresh_from_db()
    assert row.status == Status.SENDING
    assert row.attempt_log.get().phase == Phase.TRANSMITTING

    # Within the lease: the sweep and a task Redis delivers again leave it alone.
    with time_machine.travel(timezone.now() + settings.ISM_MAIL_LEASE / 2):
        assert outbox_send_pending() == 0
        assert mail_send(mail_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == Status.SENDING
    assert len(mail.outbox) == 1  # the copy the server accepted before the kill


def test_the_sweep_takes_back_a_mail_cut_off_after_data_as_uncertain(db, apmbc):
    row = queued(convention=apmbc)
    killed_while_sending(row, "KilledAfterData")

    with after_the_lease():
        assert mail_recover_stale() == [row.pk]
    row.refresh_from_db()
    assert row.status == Status.UNCERTAIN
    assert row.get_status_display() == "Uncertain — may have been delivered"
    assert row.uncertain_attempts == 1
    attempt = row.attempt_log.get()
    assert attempt.phase == Phase.UNCERTAIN
    assert attempt.finished_at is not None
    assert "may have been delivered" in row.last_error
    event = history_of(row).get()
    assert event.verb == "mail delivery uncertain: may have been delivered"
    assert event.changes["status"] == ["sending", "uncertain"]
    assert event.convention == apmbc


def test_a_mail_cut_off_after_data_is_sent_again_as_the_same_message(db):
    row = queued()
    killed_while_sending(row, "KilledAfterData")

    with after_the_lease():
        assert outbox_send_pending() == 1
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert (row.attempts, row.uncertain_attempts) == (2, 1)
    assert [a.phase for a in row.attempt_log.all()] == [Phase.UNCERTAIN, Phase.SENT]
    # Two copies may have arrived: they are one message to the recipient.
    assert message_ids() == [row.message_id, row.message_id]
    assert row.status_text.startswith("Sent — an earlier try was cut off")
    # Sent: the sweep leaves it alone from now on.
    with after_the_lease(dt.timedelta(minutes=30)):
        assert outbox_send_pending() == 0
    assert len(mail.outbox) == 2


def test_a_mail_cut_off_while_connecting_is_sent_again_as_not_delivered(db):
    row = queued()
    killed_while_sending(row, "KilledWhileConnecting")
    assert row.attempt_log.get().phase == Phase.CONNECTING
    assert mail.outbox == []

    with after_the_lease():
        assert outbox_send_pending() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.uncertain_attempts) == (Status.SENT, 2, 0)
    assert [a.phase for a in row.attempt_log.all()] == [Phase.INTERRUPTED, Phase.SENT]
    assert row.status_text == "Sent"
    assert message_ids() == [row.message_id]
    assert history_of(row).get().verb == "mail cut off before sending: not delivered"


@override_settings(ISM_MAIL_LEASE=dt.timedelta(minutes=3))
def test_the_lease_is_the_setting(db):
    row = queued()
    killed_while_sending(row, "KilledWhileConnecting")
    with after_the_lease(-dt.timedelta(seconds=30)):
        assert mail_recover_stale() == []
    with after_the_lease(dt.timedelta(seconds=30)):
        assert mail_recover_stale() == [row.pk]


def test_a_connection_dropped_after_data_leaves_the_mail_uncertain(db):
    row = queued()
    with (
        override_settings(EMAIL_BACKEND=BACKENDS + "DroppedAfterData"),
        pytest.raises(OSError, match="unexpectedly closed"),
    ):
        mail_send(mail_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.uncertain_attempts) == (Status.UNCERTAIN, 1)
    assert row.attempt_log.get().phase == Phase.UNCERTAIN

    assert outbox_send_pending() == 1
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert message_ids() == [row.message_id, row.message_id]


def test_a_refused_mail_is_failed_not_uncertain(db):
    row = queued()
    with (
        override_settings(EMAIL_BACKEND=BACKENDS + "RecipientRefused"),
        pytest.raises(OSError),
    ):
        mail_send(mail_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.uncertain_attempts) == (Status.FAILED, 0)
    assert row.attempt_log.get().phase == Phase.FAILED
    assert "No such user" in row.last_error


def test_an_uncertain_mail_is_offered_no_more_after_five_tries(db):
    row = queued()
    OutgoingMail.objects.filter(pk=row.pk).update(
        status=Status.UNCERTAIN, attempts=5, uncertain_attempts=5
    )
    assert outbox_send_pending() == 0
    assert mail.outbox == []
