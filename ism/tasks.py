"""Thin tasks: take ids, call a service, safe to run twice."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def outbox_send(mail_id: int) -> bool:
    from ism.mail import mail_send

    return mail_send(mail_id=mail_id)


@shared_task
def outbox_send_pending() -> int:
    """Beat's sweep: anything pending (a lost message, a crashed worker) is offered
    again. The claim in mail_send makes a duplicate harmless."""
    from ism.models import OutgoingMail

    pending = OutgoingMail.objects.filter(
        status__in=[OutgoingMail.Status.PENDING, OutgoingMail.Status.FAILED],
        attempts__lt=5,
    ).values_list("pk", flat=True)
    for pk in pending:
        outbox_send.delay(pk)
    return len(pending)
