"""Thin tasks: take ids, call a service, safe to run twice."""

from celery import shared_task


# OSError: the storage (a full disk, a network volume) or fonts failing for a moment.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def workplan_render_pdf(workplan_id: int, layout: str) -> bool:
    """Render and store the plan's document in `layout` unless it is current."""
    from workplans.documents import workplan_pdf_render

    return workplan_pdf_render(workplan_id=workplan_id, layout=layout)
