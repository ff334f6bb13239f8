"""Downloads of a work plan: the PDF in either layout, the Excel logframe and the
IATI results XML.

Each is looked up through the access policy, so a plan the user may not see is a
404, and an adopted plan can be downloaded without logging in, like its public
page. The PDF is rendered by a task and stored privately; until the stored one is
current the page says it is being prepared and asks again.
"""

from __future__ import annotations

import io
import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from ism.access import get_visible_or_404
from workplans import selectors
from workplans.documents import document_is_current, layout_label, workplan_filename
from workplans.exports import (
    CONTENT_TYPE,
    XML_CONTENT_TYPE,
    iati_results_xml,
    logframe_workbook,
)
from workplans.models import WorkPlan, WorkPlanDocument

logger = logging.getLogger(__name__)

POLL_SECONDS = 2
# A render asked for is not asked again within this time: a page left open polls
# every two seconds and must not queue a render each time.
RENDER_REQUEST_TTL = 60


def request_render(workplan: WorkPlan, layout: str) -> bool:
    """Queue the render of the plan's current revision unless recently queued."""
    from workplans.tasks import workplan_render_pdf

    key = (
        f"workplans:pdf-render-requested:{workplan.pk}:"
        f"{workplan.created_at.timestamp()}:{workplan.revision}:{layout}"
    )
    if not cache.add(key, True, RENDER_REQUEST_TTL):
        return False
    try:
        # Straight away: this request writes nothing, the revision is committed.
        workplan_render_pdf.delay(workplan.pk, layout)
    except (BrokerError, OSError):
        logger.exception("could not queue the PDF of work plan %s", workplan.pk)
        cache.delete(key)
        return False
    return True


def _document(workplan: WorkPlan, layout: str) -> WorkPlanDocument | None:
    return WorkPlanDocument.objects.filter(workplan=workplan, layout=layout).first()


@login_not_required  # the access policy decides, as for the plan's pages
def workplan_pdf(request, pk: int, layout: str):
    if layout not in WorkPlanDocument.Layout.values:
        raise Http404("No such layout.")
    plan = get_visible_or_404(
        request.user, WorkPlan.objects.select_related("convention"), pk=pk
    )
    document = _document(plan, layout)
    if not document_is_current(plan, document):
        request_render(plan, layout)
        # Without a broker (development) the task ran in this request already.
        plan.refresh_from_db(fields=["revision"])
        document = _document(plan, layout)
    ready = document_is_current(plan, document)
    if ready and not request.htmx:
        try:
            return FileResponse(
                document.file.open("rb"),
                as_attachment=True,
                filename=workplan_filename(plan, layout),
                content_type="application/pdf",
            )
        except FileNotFoundError:
            ready = False  # replaced by a newer render between the check and here
    return render(
        request,
        "workplans/pdf_pending.html",
        {
            "workplan": plan,
            "ready": ready,
            "layout": layout_label(layout),
            "poll_seconds": POLL_SECONDS,
        },
        status=200 if ready else 202,
    )


def _tree(request, pk: int):
    plan = get_visible_or_404(
        request.user, selectors.workplan_tree_queryset(user=request.user), pk=pk
    )
    return plan, selectors.workplan_tree(plan)


@login_not_required
def workplan_xlsx(request, pk: int):
    """The Excel logframe: one row per indicator per reporting period."""
    plan, tree = _tree(request, pk)
    return FileResponse(
        io.BytesIO(logframe_workbook(tree)),
        as_attachment=True,
        filename=workplan_filename(plan, "logframe", "xlsx"),
        content_type=CONTENT_TYPE,
    )


@login_not_required
def workplan_iati(request, pk: int):
    """The results and indicators as IATI 2.03 XML."""
    plan, tree = _tree(request, pk)
    data = iati_results_xml(
        tree, generated=timezone.now().replace(microsecond=0).isoformat()
    )
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=workplan_filename(plan, "iati-results", "xml"),
        content_type=XML_CONTENT_TYPE,
    )
