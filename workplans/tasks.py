"""Thin tasks: take ids, call a service, safe to run twice."""

from ism.stored_documents import render_task


@render_task
def workplan_render_pdf(
    workplan_id: int, layout: str, language: str | None = None
) -> bool:
    """Render and store the plan's document in `layout` (in `language`, default
    its own) unless it is current."""
    from workplans.documents import workplan_pdf_render

    return workplan_pdf_render(
        workplan_id=workplan_id, layout=layout, language=language
    )
