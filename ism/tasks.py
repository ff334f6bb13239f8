"""Thin tasks: take ids, call a service, safe to run twice."""

from celery import shared_task
from django.conf import settings


# A refused or dropped send raises OSError (smtplib's errors are OSErrors) and is
# tried again with backoff; the time limit ends a try that hangs, well inside the
# outbox's lease (settings.ISM_MAIL_LEASE).
@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=settings.ISM_MAIL_SEND_TIME_LIMIT,
)
def outbox_send(mail_id: int) -> bool:
    from ism.mail import mail_send

    return mail_send(mail_id=mail_id)


@shared_task
def outbox_send_pending() -> int:
    """Beat's sweep (every 5 minutes): a mail left "sending" past its lease (its
    worker was killed, or Redis lost the task) is closed as cut off, and anything
    not sent (a lost message, a refused or cut-off try) is offered again. The
    claim in mail_send makes a duplicate offer harmless."""
    from ism.mail import mail_offered, mail_recover_stale

    mail_recover_stale()
    offered = mail_offered()
    for pk in offered:
        outbox_send.delay(pk)
    return len(offered)


@shared_task
def todo_digests_send(day: str | None = None) -> list[int]:
    """Beat's morning run: the to-do list by e-mail to every user who asked for
    it (ism.digest), for today or `day` (YYYY-MM-DD, to catch up). The outbox key
    makes a second run send nothing again."""
    from ism.digest import todo_digests_send as send
    from ism.reminders import reminder_day

    return send(today=reminder_day(day)).queued
