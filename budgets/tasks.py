"""Thin tasks: take ids, call a service, safe to run twice."""

from celery import shared_task

from ism.stored_documents import render_task


@render_task
def budget_render_pdf(budget_id: int, language: str | None = None) -> bool:
    """Render and store the budget document (in `language`, default its own)
    unless the stored one is current."""
    from budgets.documents import budget_pdf_render

    return budget_pdf_render(budget_id=budget_id, language=language)


# --- Contributions: documents and reminders (budgets.contributions) ---


@render_task
def invoice_render_pdf(invoice_id: int, language: str | None = None) -> bool:
    """Render and store an issued invoice's document (in `language`, default its
    own) unless it has one."""
    from budgets.contributions.documents import invoice_pdf_render

    return invoice_pdf_render(invoice_id=invoice_id, language=language)


@render_task
def statement_render_pdf(
    convention_id: int, state_id: int, language: str | None = None
) -> bool:
    """Render and store a State's statement (in `language`, default the State's
    working language) unless the stored one is current."""
    from budgets.contributions.documents import statement_pdf_render

    return statement_pdf_render(
        convention_id=convention_id, state_id=state_id, language=language
    )


@shared_task
def invoice_reminders_send(day: str | None = None) -> list[str]:
    """Beat's daily run: every reminder level whose date has come, for every unpaid
    invoice, unless already in the outbox. `day` (YYYY-MM-DD) catches up."""
    from budgets.contributions.reminders import invoice_reminders_send as send
    from ism.reminders import reminder_day

    return send(today=reminder_day(day)).queued
