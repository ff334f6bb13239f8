"""The outbox. A mail is a row before it is sent, under a unique key, so a retried
or duplicated job never mails a State twice and a crashed worker never skips one."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from ism.models import OutgoingMail

# A row claimed this long ago whose sender died is offered again.
STALE_CLAIM = dt.timedelta(minutes=15)


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


def mail_send(*, mail_id: int) -> bool:
    """Send one mail if this caller wins the claim. Returns True if it sent it.

    The claim is a conditional UPDATE: of two workers racing on the same row, one
    updates it and sends, the other updates nothing and stops.
    """
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(
        pk=mail_id, status__in=[OutgoingMail.Status.PENDING, OutgoingMail.Status.FAILED]
    ).update(status=OutgoingMail.Status.SENDING, claimed_at=now)
    if not claimed:
        claimed = OutgoingMail.objects.filter(
            pk=mail_id,
            status=OutgoingMail.Status.SENDING,
            claimed_at__lt=now - STALE_CLAIM,
        ).update(claimed_at=now)
    if not claimed:
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        send_mail(mail.subject, mail.body, None, mail.to, fail_silently=False)
    except Exception as exc:
        OutgoingMail.objects.filter(pk=mail_id).update(
            status=OutgoingMail.Status.FAILED,
            attempts=mail.attempts + 1,
            last_error=str(exc)[:2000],
        )
        raise
    OutgoingMail.objects.filter(pk=mail_id).update(
        status=OutgoingMail.Status.SENT,
        sent_at=timezone.now(),
        attempts=mail.attempts + 1,
    )
    return True
