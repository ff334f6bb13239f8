"""The work plan document against bare WeasyPrint rendering the same HTML.

A 10-page document: the APMBC 2026 plan's nine thematic areas followed by the
first five again (fourteen areas, 10 pages of the four-column table on this
machine's fonts), so the table's cost per page is measured, not a one-page
render's fixed costs. The issue's goal: ISM within 1.1x of the bare render.
"""

import io
from pathlib import Path

from bench.harness import Pair, benchmark, demo_database

YEAR = 2099  # a plan of its own, beside the demo's 2026 plan
AREAS = 14


def _pages_and_text(pdf: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    return len(reader.pages), text


def _ten_page_plan():
    from ism.demo import reference
    from ism.models import Convention
    from workplans import services
    from workplans.documents import document_queryset
    from workplans.models import WorkPlan

    convention = Convention.objects.get(code="APMBC")
    plan = WorkPlan.objects.filter(convention=convention, start_year=YEAR).first()
    if plan is None:
        data = reference("apmbc-2026-workplan.json")
        data = dict(data, year=YEAR, areas=(data["areas"] * 2)[:AREAS])
        plan = services.workplan_import(convention=convention, data=data, actor=None)
    return document_queryset().get(pk=plan.pk)


@benchmark(
    "pdf.workplan",
    "a 10-page work plan, four-column table (tree, numbering, template, WeasyPrint) "
    "vs HTML(string=the same html).write_pdf() with WeasyPrint's default setup",
)
def workplan_pdf() -> Pair:
    from django.conf import settings
    from weasyprint import CSS, HTML

    from ism.documents import PDF_STYLESHEET
    from workplans.documents import workplan_html, workplan_pdf_bytes

    demo_database()
    plan = _ten_page_plan()
    html = workplan_html(plan, "table")
    base_url = Path(settings.BASE_DIR, "static").as_uri() + "/"

    def bare() -> bytes:
        # What a project without ISM's set-up does on every render: a new
        # FontConfiguration (WeasyPrint's default) and the stylesheet parsed anew.
        return HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[CSS(filename=str(PDF_STYLESHEET))], pdf_tags=True
        )

    def ism() -> bytes:
        # The whole path the render task takes: the tree from the prefetched rows,
        # numbering, the template, then WeasyPrint with the per-process fonts and
        # stylesheet.
        return workplan_pdf_bytes(plan, "table")

    # Both sides must produce the same document: the same pages, the last area.
    last = plan.areas.all()[AREAS - 1].title
    pages = set()
    for side in (bare, ism):
        count, text = _pages_and_text(side())
        if last not in text:
            raise RuntimeError(f"{side.__name__}: the PDF lacks the area {last!r}")
        pages.add(count)
    if len(pages) != 1:
        raise RuntimeError(f"the two sides differ in length: {sorted(pages)} pages")
    (count,) = pages
    if not 9 <= count <= 11:
        raise RuntimeError(f"the document has {count} pages, not about 10")
    return Pair(baseline=bare, subject=ism)
