"""Thin tasks: take ids, call a service, safe to run twice."""

from celery import shared_task


# OSError: the storage (a full disk, a network volume) or fonts failing for a moment.
@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def budget_render_pdf(budget_id: int) -> bool:
    """Render and store the budget document unless the stored one is current."""
    from budgets.documents import budget_pdf_render

    return budget_pdf_render(budget_id=budget_id)
