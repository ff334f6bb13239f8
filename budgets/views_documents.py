"""Downloads of a budget: the PDF document and the Excel workbook.

Both are looked up through the access policy, so a budget the user may not see is a
404, and a published budget can be downloaded without logging in, like its page.
"""

from __future__ import annotations

import io
import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import FileResponse
from django.shortcuts import render
from kombu.exceptions import OperationalError as BrokerError

from budgets import selectors
from budgets.documents import budget_filename
from budgets.exports import CONTENT_TYPE as XLSX_CONTENT_TYPE
from budgets.exports import budget_workbook
from budgets.models import Budget
from ism.access import get_visible_or_404

logger = logging.getLogger(__name__)

# The pending page asks again this often (seconds).
POLL_SECONDS = 2
# A render asked for is not asked for again within this time: a page left open
# polls every two seconds and must not queue a render each time.
RENDER_REQUEST_TTL = 60


def pdf_is_available(budget: Budget) -> bool:
    """The stored document is of the current revision and its file is there."""
    return budget.pdf_is_current and budget.pdf.storage.exists(budget.pdf.name)


def request_render(budget: Budget) -> bool:
    """Queue the render of the budget's current revision unless recently queued.
    Returns True when it queued one."""
    from budgets.tasks import budget_render_pdf

    # created_at as well as pk: a key must never outlive its budget's id.
    key = (
        f"budgets:pdf-render-requested:{budget.pk}:"
        f"{budget.created_at.timestamp()}:{budget.revision}"
    )
    if not cache.add(key, True, RENDER_REQUEST_TTL):
        return False

    # Straight away, not on commit: the revision to render is committed already
    # (this request writes nothing).
    try:
        budget_render_pdf.delay(budget.pk)
    except (BrokerError, OSError):
        # The page still says the document is being prepared; a later poll tries
        # again.
        logger.exception("could not queue the PDF of budget %s", budget.pk)
        cache.delete(key)
        return False
    return True


def _pdf_attachment(budget: Budget) -> FileResponse:
    return FileResponse(
        budget.pdf.open("rb"),
        as_attachment=True,
        filename=budget_filename(budget, "pdf"),
        content_type="application/pdf",
    )


@login_not_required  # the access policy decides, as for the budget's page
def budget_pdf(request, pk: int):
    """The budget document. When the stored one is not current: a page saying it
    is being prepared (202), which asks again every two seconds with htmx and
    offers the document once it is there."""
    budget = get_visible_or_404(
        request.user, selectors.budget_list(user=request.user), pk=pk
    )
    if not pdf_is_available(budget):
        request_render(budget)
        # Without a broker (development) the task ran in this request already.
        budget.refresh_from_db(fields=["pdf", "pdf_revision", "revision"])
    ready = pdf_is_available(budget)
    if ready and not request.htmx:
        try:
            return _pdf_attachment(budget)
        except FileNotFoundError:
            ready = False  # replaced by a newer render between the check and here
    return render(
        request,
        "budgets/pdf_pending.html",
        {"budget": budget, "ready": ready, "poll_seconds": POLL_SECONDS},
        status=200 if ready else 202,
    )


@login_not_required  # the access policy decides, as for the budget's page
def budget_xlsx(request, pk: int):
    """The budget as an Excel workbook, with the figures of the page."""
    budget = get_visible_or_404(
        request.user, selectors.budget_detail_queryset(user=request.user), pk=pk
    )
    data = budget_workbook(selectors.budget_view(budget))
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=budget_filename(budget, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )
