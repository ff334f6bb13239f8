"""Thin tasks: ids in, the work done by meetings' own functions, safe to run twice."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def participants_pdf_build(meeting_id: int, language: str = "en") -> str:
    """Render the published list of participants and store it under the name its
    content gives it; running twice writes the same file again."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from meetings.exports import participants_pdf, participants_pdf_path
    from meetings.models import Meeting

    meeting = Meeting.objects.select_related("convention").get(pk=meeting_id)
    path = participants_pdf_path(meeting, language)
    pdf = participants_pdf(meeting, language=language)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(pdf))
    return path
