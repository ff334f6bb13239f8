"""The budget document against bare WeasyPrint rendering the same HTML."""

import io
from pathlib import Path

from bench.harness import Pair, benchmark, demo_database


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@benchmark(
    "pdf.budget",
    "the APMBC 2026 budget document (figures, template, WeasyPrint) vs "
    "HTML(string=the same html).write_pdf() with WeasyPrint's default setup",
)
def budget_pdf() -> Pair:
    from django.conf import settings
    from weasyprint import CSS, HTML

    from budgets.documents import (
        PDF_TEMPLATE,
        budget_document_queryset,
        budget_pdf_bytes,
        budget_pdf_context,
        document_language,
    )
    from ism.documents import PDF_STYLESHEET, render_html

    demo_database()
    budget = budget_document_queryset().get(
        convention__code="APMBC", year=2026, version=1
    )
    language = document_language()
    html = render_html(
        PDF_TEMPLATE, budget_pdf_context(budget, language), language=language
    )
    base_url = Path(settings.BASE_DIR, "static").as_uri() + "/"

    def bare() -> bytes:
        # What a project without ISM's set-up does on every render: a new
        # FontConfiguration (WeasyPrint's default) and the stylesheet parsed anew.
        return HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[CSS(filename=str(PDF_STYLESHEET))], pdf_tags=True
        )

    def ism() -> bytes:
        # The whole path the render task takes: figures from the database, the
        # template, then WeasyPrint with the per-process fonts and stylesheet.
        return budget_pdf_bytes(budget, language)

    # Both sides must produce the same document, holding the published total.
    for side in (bare, ism):
        if "769,221" not in _text(side()):
            raise RuntimeError(f"{side.__name__}: the PDF lacks the total 769,221")
    return Pair(baseline=bare, subject=ism)
