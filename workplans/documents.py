"""The work plan as a document, in its two published layouts:

* **table** — the APMBC layout: one block of rows per thematic area, four columns
  (activities | outputs | outcomes | impacts), landscape;
* **outline** — the CCM layout: numbered, nested (Outcome 1 → Output 1.1 →
  Activity 1.1.1), portrait, in block layout.

Both read the same tree (workplans.tree) as the pages and the API, so they cannot
disagree. Measured on this machine: WeasyPrint lays a table out at ~70-75 ms a
page; rows that hold one statement per column (instead of one giant row per area)
break cleanly between pages with the column headings repeated, and the outline,
which can run long, uses plain blocks.

A document is rendered by a task (workplans.tasks.workplan_render_pdf) after the
change that needs it commits, and stored once per revision of the plan by
ism.stored_documents, which also keeps two renders racing from storing an older
document over a newer one.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ism.document_languages import (
    ORIGINAL_LANGUAGE,
    in_language,
    store_translated,
    translation_language,
    version_lines,
)
from ism.documents import render_html, render_pdf
from ism.stored_documents import StoredDocument, row_to_render, store_if_newer
from ism.translated import any_untranslated
from workplans.models import WorkPlan, WorkPlanDocument, WorkPlanVersion
from workplans.selectors import result_costs, workplan_tree, workplan_tree_queryset
from workplans.tree import period_text

TEMPLATES = {
    WorkPlanDocument.Layout.TABLE: "pdf/workplan_table.html",
    WorkPlanDocument.Layout.OUTLINE: "pdf/workplan_outline.html",
    WorkPlanDocument.Layout.WITH_BUDGET: "pdf/workplan_budget.html",
}
# The plan's own layouts, rendered whenever it changes; the work plan and budget
# is rendered when asked for.
PLAN_LAYOUTS = (WorkPlanDocument.Layout.TABLE, WorkPlanDocument.Layout.OUTLINE)
# A work plan and budget document's revision: the plan's, then the budget's
# version and revision, in one number that grows whenever any of them does
# (the plan names another budget: its revision moves on).
BUDGET_REVISIONS = 1 << 32
PDF_FOLDER = "workplans/pdf"


def workplan_filename(workplan: WorkPlan, layout: str, extension: str = "pdf") -> str:
    """ "APMBC-ISU-work-plan-2026-table.pdf": what the ISU calls the file."""
    period = f"{workplan.start_year}" + (
        f"-{workplan.end_year}" if workplan.end_year != workplan.start_year else ""
    )
    suffix = f"-{layout}" if layout else ""
    return f"{workplan.convention.code}-ISU-work-plan-{period}{suffix}.{extension}"


def plan_layout(workplan: WorkPlan) -> str:
    """The layout the plan is published in: the APMBC table, or an outline for
    a plan numbered 1 / 1.1 / 1.1.1 or lettered."""
    if workplan.numbering == WorkPlan.Numbering.TABLE:
        return WorkPlanDocument.Layout.TABLE
    return WorkPlanDocument.Layout.OUTLINE


def budget_of(workplan: WorkPlan, *, prefetch: bool = True):
    """The budget printed after the plan: its own, else the latest version of its
    convention's budget for its first year; None when ISM has none. With the rows
    its document reads (`prefetch`), or the row alone."""
    from budgets.documents import budget_document_queryset
    from budgets.models import Budget

    rows = budget_document_queryset() if prefetch else Budget.objects.all()
    budgets = rows.filter(convention_id=workplan.convention_id)
    if workplan.budget_id:
        return budgets.filter(pk=workplan.budget_id).first()
    return budgets.filter(year=workplan.start_year).order_by("-version").first()


def document_revision(workplan: WorkPlan, layout: str, budget=None) -> int:
    if layout != WorkPlanDocument.Layout.WITH_BUDGET:
        return workplan.revision
    budget = budget or budget_of(workplan, prefetch=False)
    extra = (budget.version << 16) + min(budget.revision, 0xFFFF) if budget else 0
    return workplan.revision * BUDGET_REVISIONS + extra


def _budget_html(budget, language: str) -> str:
    from budgets.documents import budget_pdf_context

    context = budget_pdf_context(budget, language)
    with translation.override(language):
        return mark_safe(render_to_string("pdf/_budget_body.html", context))  # noqa: S308 - a template's output


def pdf_context(workplan: WorkPlan, layout: str, language: str) -> dict:
    """What the templates show. `workplan` comes from workplan_tree_queryset, so
    the number of queries does not depend on the number of statements."""
    if layout == WorkPlanDocument.Layout.WITH_BUDGET:
        budget = budget_of(workplan)
        plan_part = plan_layout(workplan)
        return {
            **pdf_context(workplan, plan_part, language),
            "plan_template": TEMPLATES[plan_part],
            "budget_html": _budget_html(budget, language) if budget else "",
        }
    with translation.override(language):
        tree = workplan_tree(workplan)
        version = max((v.number for v in workplan.versions.all()), default=None)
        costs = result_costs(tree, user=None)
        return {
            "workplan": workplan,
            "convention": workplan.convention,
            "tree": tree,
            "costs": costs,
            "untranslated": any_untranslated(
                [*tree.typed_text, *(line for ls in costs.values() for line, _a in ls)],
                language,
            ),
            "layout": layout,
            "title": workplan.display_title,
            "version": version,
            "status": workplan.get_status_display(),
            "period_text": period_text,
            "version_lines": version_lines(language),
        }


def document_queryset():
    """Unscoped: read by the render task, which acts for ISM, never for a user."""
    # Only the versions' numbers: the document prints the latest, never the
    # frozen snapshot each version holds (a whole tree of JSON).
    return workplan_tree_queryset(user=None).prefetch_related(
        Prefetch("versions", WorkPlanVersion.objects.only("workplan_id", "number"))
    )


def workplan_html(workplan: WorkPlan, layout: str, language: str | None = None) -> str:
    language = language or ORIGINAL_LANGUAGE
    return render_html(
        TEMPLATES[layout], pdf_context(workplan, layout, language), language=language
    )


def workplan_pdf_bytes(
    workplan: WorkPlan, layout: str, language: str | None = None
) -> bytes:
    language = language or ORIGINAL_LANGUAGE
    return render_pdf(
        TEMPLATES[layout], pdf_context(workplan, layout, language), language=language
    )


def workplan_pdf_render(
    *, workplan_id: int, layout: str, language: str | None = None
) -> bool:
    """Render and store the plan's document in `layout` unless the stored one is
    current. Returns True when this call stored a new document. In another
    `language` than its own, its version in that language
    (ism.document_languages).

    Safe to run twice and concurrently: the document is rendered for the revision
    read at the start and stored only over an older one
    (ism.stored_documents.store_if_newer)."""
    if layout not in TEMPLATES:
        raise ValueError(f"unknown layout {layout!r}")
    workplan = row_to_render(document_queryset(), workplan_id)
    if workplan is None:
        return False
    revision = document_revision(workplan, layout)
    if translation_language(language):
        return store_translated(
            kind=f"workplan-{layout}",
            owner_id=workplan.pk,
            language=language,
            revision=revision,
            filename=workplan_filename(workplan, layout),
            content=lambda: workplan_pdf_bytes(workplan, layout, language),
        )
    document, _created = WorkPlanDocument.objects.get_or_create(
        workplan=workplan, layout=layout
    )
    if document.revision > revision or workplan_stored(workplan, layout).ready:
        return False
    return store_if_newer(
        WorkPlanDocument,
        document.pk,
        content=workplan_pdf_bytes(workplan, layout),
        path=(
            f"{PDF_FOLDER}/{workplan.pk}/r{revision}/"
            f"{workplan_filename(workplan, layout)}"
        ),
        seen_name=document.file.name or "",
        revision=revision,
        file_field="file",
        revision_field="revision",
        also=lambda: {"rendered_at": timezone.now()},
    )


def workplan_stored(
    workplan: WorkPlan, layout: str, language: str | None = None
) -> StoredDocument:
    """The plan's document in `layout` as its page serves it, in `language`
    (default: its own)."""
    from workplans.tasks import workplan_render_pdf

    revision = document_revision(workplan, layout)
    document = _own_stored(workplan, layout, revision)
    kind = f"workplan-{layout}"
    args = (workplan.pk, layout)
    # Current in another language when rendered from the same revision.
    row = SimpleNamespace(pk=workplan.pk, revision=revision)
    return in_language(document, language, kind, row, workplan_render_pdf, args=args)


def _own_stored(workplan: WorkPlan, layout: str, revision: int) -> StoredDocument:
    from workplans.tasks import workplan_render_pdf

    document = WorkPlanDocument.objects.filter(workplan=workplan, layout=layout).first()
    return StoredDocument(
        storage=WorkPlanDocument._meta.get_field("file").storage,
        name=document.file.name if document and document.file else "",
        current=document is not None and document.revision == revision,
        filename=workplan_filename(workplan, layout),
        render_key=(
            f"workplans:pdf-render-requested:{workplan.pk}:"
            f"{workplan.created_at.timestamp()}:{revision}:{layout}"
        ),
        render=lambda: workplan_render_pdf.delay(workplan.pk, layout),
        reload=lambda: workplan_stored(
            WorkPlan.objects.select_related("convention").get(pk=workplan.pk), layout
        ),
    )


def layout_label(layout: str) -> str:
    return {
        WorkPlanDocument.Layout.TABLE: _("four-column table"),
        WorkPlanDocument.Layout.OUTLINE: _("numbered outline"),
        WorkPlanDocument.Layout.WITH_BUDGET: _("work plan and budget"),
    }[layout]
