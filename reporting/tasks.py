"""Thin tasks: take ids, call a service, safe to run twice."""

from celery import shared_task

from ism.stored_documents import render_task


@render_task
def report_version_render_pdf(version_id: int, language: str | None = None) -> bool:
    """Store the PDF of a submitted version (in `language`, default English)
    unless it has one."""
    from reporting.documents import version_pdf_render

    return version_pdf_render(version_id=version_id, language=language)


@render_task
def isu_report_render_pdf(document_id: int) -> bool:
    from reporting.documents import isu_report_render

    return isu_report_render(document_id=document_id)


@shared_task
def article7_reminders_send(day: str | None = None) -> list[str]:
    """Beat's daily run: the reminder that fits today (or `day`, YYYY-MM-DD, to
    catch up) for every report owed. The outbox key makes a second run (or a
    second beat) send nothing again."""
    from ism.reminders import reminder_day
    from reporting.services import reminders_send

    return reminders_send(today=reminder_day(day)).queued
