"""The work plan document through the render task against warm bare WeasyPrint
rendering the same HTML.

A 10-page document: the APMBC 2026 plan's nine thematic areas followed by the
first five again (fourteen areas, 10 pages of the four-column table on this
machine's fonts), so the table's cost per page is measured, not a one-page
render's fixed costs. The issue's goal: ISM within 1.1x of the bare render.

ISM's side is the Celery task run in this process (`workplan_render_pdf(pk,
"table")`): it reads the plan and its tree from the database, numbers it, builds
the context and the template, renders with the per-process fonts and stylesheet
and stores the file under the compare-and-set of ism.stored_documents. The
revision moved before each call (bench/bare_pdf.py) is what an edit does.
"""

from bench import bare_pdf
from bench.harness import Goal, Pair, benchmark, demo_database

YEAR = 2099  # a plan of its own, beside the demo's 2026 plan
AREAS = 14
LAYOUT = "table"


def _ten_page_plan():
    from ism.demo import reference
    from ism.models import Convention
    from workplans import services
    from workplans.models import WorkPlan

    convention = Convention.objects.get(code="APMBC")
    plan = WorkPlan.objects.filter(convention=convention, start_year=YEAR).first()
    if plan is None:
        data = reference("apmbc-2026-workplan.json")
        data = dict(data, year=YEAR, areas=(data["areas"] * 2)[:AREAS])
        plan = services.workplan_import(convention=convention, data=data, actor=None)
    return plan


@benchmark(
    "pdf.workplan",
    "a 10-page work plan, four-column table, through the render task (read, tree, "
    "numbering, template, WeasyPrint, store) vs warm bare WeasyPrint of the same HTML",
    goal=Goal(max_ratio=1.1),
)
def workplan_pdf() -> Pair:
    from workplans.documents import document_queryset, workplan_html
    from workplans.models import WorkPlan, WorkPlanDocument
    from workplans.tasks import workplan_render_pdf

    demo_database()
    pk = _ten_page_plan().pk
    last = WorkPlan.objects.get(pk=pk).areas.order_by("order")[AREAS - 1].title

    def stored() -> bytes:
        document = WorkPlanDocument.objects.get(workplan_id=pk, layout=LAYOUT)
        with document.file.open("rb") as handle:
            return handle.read()

    def check(side: str, pages: int, text: str) -> None:
        # The same document on both sides: about 10 pages, down to the last area.
        if last not in text or not 9 <= pages <= 11:
            raise RuntimeError(f"{side}: {pages} pages, not 10 down to {last!r}")

    return bare_pdf.task_pair(
        model=WorkPlan,
        pk=pk,
        task=lambda: workplan_render_pdf(pk, LAYOUT),
        html=workplan_html(document_queryset().get(pk=pk), LAYOUT),
        stored=stored,
        check=check,
    )
