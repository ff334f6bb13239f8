"""Thin tasks: ids in, the work done by meetings' own functions, safe to run twice."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def participants_pdf_build(meeting_id: int, language: str = "en") -> str:
    """Render the published list of participants and store it under the name its
    content gives it, unless it is there; running twice stores it once."""
    from django.core.files.storage import default_storage

    from ism.stored_documents import store_once_at
    from meetings.exports import participants_pdf, participants_pdf_path
    from meetings.models import Meeting

    meeting = Meeting.objects.select_related("convention").get(pk=meeting_id)
    path = participants_pdf_path(meeting, language)
    if not default_storage.exists(path):
        store_once_at(
            default_storage, path, participants_pdf(meeting, language=language)
        )
    return path
