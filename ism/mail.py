"""The outbox. A mail is a row before it is sent, under a unique key, so a retried
or duplicated job never mails a State twice and a crashed worker never skips one.

How a mail survives a worker killed mid-send (issue 15):

* a worker claims the row (pending, failed or uncertain → sending) with a
  conditional UPDATE and records the try (OutgoingMailAttempt) in the same
  transaction; the try says how far it got, phase by phase, as it goes;
* a row still "sending" when its lease (settings.ISM_MAIL_LEASE) has run out was
  cut off: the sweep (beat, every 5 minutes) closes the try and offers the row
  again — it never waits for Redis to redeliver the task, and a task Redis lost is
  no matter. Cut off while connecting: nothing was handed over, the row is
  pending again. Cut off once the message was being handed over: the server may
  have accepted it, the row is "uncertain — may have been delivered", audited,
  and offered again;
* every try sends the same Message-ID, derived from the key, so a second copy of
  an uncertain mail is the same message to the recipient's server and client.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import smtplib
import socket
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ism.models import OutgoingMail, OutgoingMailAttempt

Status = OutgoingMail.Status
Phase = OutgoingMailAttempt.Phase
# Rows a worker may claim: never tried, refused last time, or cut off.
OFFERED = [Status.PENDING, Status.FAILED, Status.UNCERTAIN]
# The sweep stops offering a row after this many tries; staff see why.
MAX_ATTEMPTS = 5


def identifier_domain() -> str:
    """The domain that ends this installation's global identifiers (Message-IDs,
    calendar UIDs): the sender's, so that it is the same in every worker and
    whatever host name a request came through (the machine's and the request's
    are not)."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return domain or "localhost"


def message_id_for(key: str) -> str:
    """The Message-ID of the outbox mail under `key`: the same on every try, and
    unlike any other key's."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<ism.{digest}@{identifier_domain()}>"


def mail_enqueue(
    *, key: str, to: list[str], subject: str, body: str, convention=None, state=None
) -> tuple[OutgoingMail, bool]:
    """Store the mail under `key` unless it exists; send it after commit.

    Returns (mail, created). Creating twice with the same key is a no-op.
    """
    try:
        with transaction.atomic():
            mail = OutgoingMail.objects.create(
                key=key,
                to=to,
                subject=subject,
                body=body,
                convention=convention,
                state=state,
            )
    except IntegrityError:
        return OutgoingMail.objects.get(key=key), False

    from ism.tasks import outbox_send

    transaction.on_commit(lambda: outbox_send.delay(mail.pk))
    return mail, True


def _claim(mail_id: int) -> OutgoingMailAttempt | None:
    """Claim the row for this worker and open its try, or None if another worker
    holds it or it is sent. One transaction: a row is never "sending" without
    the try that says how far it got."""
    now = timezone.now()
    with transaction.atomic():
        claimed = OutgoingMail.objects.filter(pk=mail_id, status__in=OFFERED).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if not claimed:
            return None
        mail = OutgoingMail.objects.get(pk=mail_id)
        return OutgoingMailAttempt.objects.create(
            mail=mail,
            number=mail.attempts,
            phase=Phase.CONNECTING,
            started_at=now,
            worker=f"{socket.gethostname()}:{os.getpid()}",
        )


def _deliver(mail: OutgoingMail, attempt: OutgoingMailAttempt) -> None:
    """Connect, then hand the message over, recording the phase in between: up to
    and including the server's greeting nothing can have been delivered."""
    message = EmailMessage(
        mail.subject,
        mail.body,
        None,
        mail.to,
        headers={"Message-ID": mail.message_id},
    )
    connection = get_connection(fail_silently=False)
    connection.open()
    try:
        smtp = getattr(connection, "connection", None)
        if isinstance(smtp, smtplib.SMTP):
            # EHLO now (smtplib would send it with MAIL FROM), so a server that
            # never answers it leaves the try in "connecting".
            smtp.ehlo_or_helo_if_needed()
        OutgoingMailAttempt.objects.filter(pk=attempt.pk).update(
            phase=Phase.TRANSMITTING
        )
        attempt.phase = Phase.TRANSMITTING
        connection.send_messages([message])
    finally:
        connection.close()


def _refused(exc: Exception) -> bool:
    """The server answered no (or was never reached): the mail was not delivered.
    Anything else once transmitting (the connection dropped, a timeout waiting
    for the answer to the message) leaves it unknown."""
    answered = smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused
    return isinstance(exc, answered)


def _finish(attempt: OutgoingMailAttempt, phase: str, error: str = "") -> None:
    now = timezone.now()
    status = {
        Phase.SENT: Status.SENT,
        Phase.FAILED: Status.FAILED,
        Phase.UNCERTAIN: Status.UNCERTAIN,
    }[phase]
    with transaction.atomic():
        OutgoingMailAttempt.objects.filter(pk=attempt.pk).update(
            phase=phase, finished_at=now, error=error
        )
        # Only the claim this try made: if the sweep took the row over meanwhile
        # (it cannot, while the lease outlasts a try), its record stands.
        OutgoingMail.objects.filter(
            pk=attempt.mail_id, status=Status.SENDING, claimed_at=attempt.started_at
        ).update(
            status=status,
            sent_at=now if status == Status.SENT else None,
            last_error=error,
            uncertain_attempts=F("uncertain_attempts")
            + (1 if phase == Phase.UNCERTAIN else 0),
        )


def mail_send(*, mail_id: int) -> bool:
    """Send one mail if this caller wins the claim. Returns True if it sent it.

    The claim is a conditional UPDATE: of two workers racing on the same row, one
    updates it and sends, the other updates nothing and stops. A row another
    worker is sending — or was sending when it died — is left to it, and to the
    sweep once the lease runs out (mail_recover_stale).
    """
    attempt = _claim(mail_id)
    if attempt is None:
        return False
    try:
        _deliver(attempt.mail, attempt)
    except Exception as exc:
        uncertain = attempt.phase == Phase.TRANSMITTING and not _refused(exc)
        _finish(
            attempt, Phase.UNCERTAIN if uncertain else Phase.FAILED, str(exc)[:2000]
        )
        raise
    _finish(attempt, Phase.SENT)
    return True


CUT_OFF_BEFORE = (
    "The worker sending it stopped before the message was handed over: "
    "not delivered, offered again."
)
CUT_OFF_DURING = (
    "The worker sending it stopped while the message was being handed over: "
    "it may have been delivered; offered again under the same Message-ID."
)


def _recover(mail: OutgoingMail, now: dt.datetime) -> bool:
    """Close the cut-off try of one stale row and offer the row again. False if
    the row moved on meanwhile (its worker finished after all)."""
    from ism.audit import audit_record

    attempt = mail.attempt_log.filter(finished_at=None).order_by("-number").first()
    uncertain = attempt is not None and attempt.phase == Phase.TRANSMITTING
    error = CUT_OFF_DURING if uncertain else CUT_OFF_BEFORE
    with transaction.atomic():
        moved = OutgoingMail.objects.filter(
            pk=mail.pk, status=Status.SENDING, claimed_at=mail.claimed_at
        ).update(
            status=Status.UNCERTAIN if uncertain else Status.PENDING,
            last_error=error,
            uncertain_attempts=F("uncertain_attempts") + (1 if uncertain else 0),
        )
        if not moved:
            return False
        if attempt is not None:
            OutgoingMailAttempt.objects.filter(pk=attempt.pk).update(
                phase=Phase.UNCERTAIN if uncertain else Phase.INTERRUPTED,
                finished_at=now,
                error=error,
            )
        audit_record(
            actor=None,
            verb=(
                "mail delivery uncertain: may have been delivered"
                if uncertain
                else "mail cut off before sending: not delivered"
            ),
            obj=mail,
            changes={
                "status": [
                    str(Status.SENDING),
                    str(Status.UNCERTAIN if uncertain else Status.PENDING),
                ],
                "attempt": [None, attempt.number if attempt else None],
            },
        )
    return True


def mail_recover_stale(*, now: dt.datetime | None = None) -> list[int]:
    """Rows left "sending" past the lease: their worker was killed or lost. Each
    is closed as cut off and made offerable again (see the module's docstring).
    Returns the ids recovered. `now` is the one clock's (timezone.now())."""
    now = now or timezone.now()
    stale = OutgoingMail.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - settings.ISM_MAIL_LEASE
    )
    return [mail.pk for mail in stale if _recover(mail, now)]


def mail_offered() -> list[int]:
    """The rows the sweep offers to the workers: never sent (a lost message), a
    refused try, or a try cut off — up to MAX_ATTEMPTS tries."""
    return list(
        OutgoingMail.objects.filter(
            status__in=OFFERED, attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)
    )
