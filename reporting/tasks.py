"""Thin tasks: take ids, call a service, safe to run twice."""

from celery import shared_task


# OSError: the storage or fonts failing for a moment.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def report_version_render_pdf(version_id: int) -> bool:
    """Store the PDF of a submitted version unless it has one."""
    from reporting.documents import version_pdf_render

    return version_pdf_render(version_id=version_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def isu_report_render_pdf(document_id: int) -> bool:
    from reporting.documents import isu_report_render

    return isu_report_render(document_id=document_id)


@shared_task
def article7_reminders_send(day: str | None = None) -> list[str]:
    """Beat's daily run: the reminder that fits today (or `day`, YYYY-MM-DD, to
    catch up) for every report owed. The outbox key makes a second run (or a
    second beat) send nothing again."""
    import datetime as dt

    from django.utils import timezone

    from reporting.services import reminders_send

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return reminders_send(today=today).queued
