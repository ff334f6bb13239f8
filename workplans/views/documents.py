"""Downloads of a work plan: the PDF in either layout, the Excel logframe and the
IATI results XML.

Each is looked up through the access policy, so a plan the user may not see is a
404, and an adopted plan can be downloaded without logging in, like its public
page. The PDF is rendered by a task and stored privately; until the stored one is
current the page says it is being prepared and asks again.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.access import can_manage, get_visible_or_404
from ism.document_languages import requested_language
from ism.pages import download
from ism.spreadsheets import XLSX_CONTENT_TYPE
from ism.stored_documents import serve_or_preparing
from workplans import selectors
from workplans.documents import (
    layout_label,
    workplan_filename,
    workplan_stored,
)
from workplans.exports import (
    XML_CONTENT_TYPE,
    IatiNotConfigured,
    iati_results_xml,
    logframe_workbook,
)
from workplans.models import WorkPlan, WorkPlanDocument
from workplans.views.common import budget_to_print


@login_not_required  # the access policy decides, as for the plan's pages
def workplan_pdf(request, pk: int, layout: str):
    if layout not in WorkPlanDocument.Layout.values:
        raise Http404("No such layout.")
    plan = get_visible_or_404(
        request.user, WorkPlan.objects.select_related("convention"), pk=pk
    )
    if layout == WorkPlanDocument.Layout.WITH_BUDGET:
        _require_budget(request.user, plan)
    return serve_or_preparing(
        request,
        # ?lang= one of the six; else the page's language.
        workplan_stored(
            plan, layout, requested_language(request, request.LANGUAGE_CODE)
        ),
        title=plan.display_title,
        what=_("The document (%(layout)s)") % {"layout": layout_label(layout)},
        back_url=plan.get_absolute_url()
        if request.user.is_authenticated
        else reverse("workplans:public", args=[plan.pk]),
        back_label=_("Back to the work plan"),
    )


def _require_budget(user, plan: WorkPlan) -> None:
    """The work plan and budget only with a budget of its year the user may
    read."""
    if budget_to_print(user, plan) is None:
        raise Http404(
            _("There is no budget of this work plan's year to print with it.")
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
    return download(
        logframe_workbook(tree),
        workplan_filename(plan, "logframe", "xlsx"),
        XLSX_CONTENT_TYPE,
    )


@login_not_required
def workplan_iati(request, pk: int):
    """The results and indicators as IATI 2.03 XML; a 409 that says what to set
    while the convention has no IATI organisation identifier."""
    plan, tree = _tree(request, pk)
    try:
        data = iati_results_xml(
            tree, generated=timezone.now().replace(microsecond=0).isoformat()
        )
    except IatiNotConfigured:
        context = {"plan": plan, "can_set": can_manage(request.user, plan.convention)}
        return render(
            request, "workplans/iati_not_configured.html", context, status=409
        )
    return download(
        data, workplan_filename(plan, "iati-results", "xml"), XML_CONTENT_TYPE
    )
