"""The budget document through the render task against warm bare WeasyPrint
rendering the same HTML (bench/bare_pdf.py). The issue's goal: ISM within 1.1x.

ISM's side is the Celery task run in this process (`budget_render_pdf(pk)`): it
reads the budget, its positions, lines and missions, computes the figures, builds
the context and the template, renders with the per-process fonts and stylesheet
and stores the file. The revision moved before each call is what an edit does.
"""

from bench import bare_pdf
from bench.harness import Goal, Pair, benchmark, demo_database


@benchmark(
    "pdf.budget",
    "the APMBC 2026 budget document through the render task (read, figures, "
    "template, WeasyPrint, store) vs warm bare WeasyPrint of the same HTML",
    goal=Goal(max_ratio=1.1),
)
def budget_pdf() -> Pair:
    from budgets.documents import (
        PDF_TEMPLATE,
        budget_document_queryset,
        budget_pdf_context,
    )
    from budgets.models import Budget
    from budgets.tasks import budget_render_pdf
    from ism.document_languages import ORIGINAL_LANGUAGE
    from ism.documents import render_html

    demo_database()
    budget = budget_document_queryset().get(
        convention__code="APMBC", year=2026, version=1
    )
    language = ORIGINAL_LANGUAGE

    def stored() -> bytes:
        with Budget.objects.get(pk=budget.pk).pdf.open("rb") as handle:
            return handle.read()

    def check(side: str, _pages: int, text: str) -> None:
        if "769,221" not in text:
            raise RuntimeError(f"{side}: the PDF lacks the total 769,221")

    return bare_pdf.task_pair(
        model=Budget,
        pk=budget.pk,
        task=lambda: budget_render_pdf(budget.pk),
        html=render_html(
            PDF_TEMPLATE, budget_pdf_context(budget, language), language=language
        ),
        stored=stored,
        check=check,
    )
