"""Pages of the work plans: the list, a plan in either presentation with its
workflow, its settings, the progress view, versions and their comparison, and the
public pages of adopted plans.

Every write goes through workplans.services, which checks who may act (a refusal
is PermissionDenied, i.e. a 403) and validates; the pages turn form input into the
services' arguments and put their messages next to the right field.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ism.access import get_visible_or_404, managed_conventions, require_manage, visible
from ism.forms import add_service_errors, service_errors_on
from ism.pages import create_page, render_form
from ism.selectors import history_visible
from workplans import selectors, services
from workplans.diff import compare
from workplans.forms import (
    AdoptForm,
    RequestChangesForm,
    SubmitForm,
    WorkPlanCreateForm,
    WorkPlanSettingsForm,
)
from workplans.models import WorkPlan, WorkPlanDocument
from workplans.progress import STATUS_LABELS, Status
from workplans.services.plans import PLAN_FIELDS, action_plans_of
from workplans.sources import source_description
from workplans.tree import snapshot
from workplans.views.common import allowed, plan_or_404, tree_plan_or_404

PAGE_SIZE = 25
LAYOUTS = WorkPlanDocument.Layout


# The settings page's fields besides the budget.
SETTINGS_FIELDS = [name for name in PLAN_FIELDS if name != "budget"]


def _layout(request) -> str:
    value = request.GET.get("layout")
    return value if value in (LAYOUTS.TABLE, LAYOUTS.OUTLINE) else LAYOUTS.TABLE


# --- Lists ------------------------------------------------------------------------


@require_GET
def workplan_index(request):
    plans = selectors.workplan_list(user=request.user)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    groups = [
        (convention, list(rows))
        for convention, rows in groupby(page.object_list, key=lambda p: p.convention)
    ]
    return render(
        request,
        "workplans/index.html",
        {
            "page": page,
            "groups": groups,
            "managed": list(managed_conventions(request.user)),
        },
    )


@login_not_required
@require_GET
def workplan_public_list(request):
    """What any visitor may read, whoever is logged in: adopted plans."""
    plans = selectors.workplan_list(user=AnonymousUser())
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workplans/public_list.html", {"page": page})


# --- Creating and settings ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def workplan_create(request):
    conventions = list(managed_conventions(request.user))
    if not conventions:
        raise PermissionDenied(_("Only ISU staff create work plans."))
    initial = {"kind": WorkPlan.Kind.ANNUAL}
    wanted = request.GET.get("convention")
    for convention in conventions:
        if convention.code == wanted:
            initial["convention"] = str(convention.pk)
    form = WorkPlanCreateForm(
        request.POST or None, conventions=conventions, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors_on(form):
            plan = services.workplan_create(
                convention=data["convention"],
                kind=data["kind"],
                start_year=data["start_year"],
                end_year=data.get("end_year"),
                title=data.get("title", ""),
                actor=request.user,
            )
            messages.success(
                request, _("%(plan)s created. Add its thematic areas.") % {"plan": plan}
            )
            return redirect("workplans:edit", pk=plan.pk)
    return create_page(
        request,
        "workplans/create.html",
        form,
        _("Create"),
        "workplans:index",
        fields="workplans/_form.html",
        warn=True,
    )


@require_http_methods(["GET", "POST"])
def workplan_settings(request, pk: int):
    plan = plan_or_404(request, pk)
    require_manage(request.user, plan.convention)
    if not plan.is_editable:
        # What the committee reviews and the Meeting adopts does not change.
        messages.error(
            request, _("The settings change only while the work plan is a draft.")
        )
        return redirect(plan)
    from budgets.models import Budget

    budgets = list(
        visible(request.user, Budget.objects.select_related("convention")).filter(
            convention=plan.convention
        )
    )
    form = WorkPlanSettingsForm(
        request.POST or None,
        budgets=budgets,
        action_plans=action_plans_of(plan.convention, plan.action_plan),
        initial={
            **{name: getattr(plan, name) for name in SETTINGS_FIELDS},
            "budget": str(plan.budget_id or ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.workplan_update(
                workplan=plan, data=form.cleaned_data, actor=request.user
            )
            messages.success(request, _("Settings saved."))
            return redirect(plan)
    return render_form(
        request,
        "workplans/settings.html",
        {"form": form, "workplan": plan},
    )


# --- A plan and its workflow ----------------------------------------------------------


def render_detail(request, pk: int, *, forms=None, errors=(), status=200):
    plan = tree_plan_or_404(request, pk)
    tree = selectors.workplan_tree(plan)
    may = allowed(request.user, plan)
    threads = (
        selectors.workplan_threads(user=request.user, workplan=plan)
        if may.see_review
        else None
    )
    forms = forms or {}
    return render(
        request,
        "workplans/detail.html",
        {
            "workplan": plan,
            "tree": tree,
            "costs": selectors.result_costs(tree, user=request.user),
            "may": may,
            "layout": _layout(request),
            "layouts": LAYOUTS.choices,
            # The plan's own budget: the link costs no query; the document's
            # view checks the budget can be read (404 else).
            "with_budget": plan.budget_id is not None,
            "threads": threads,
            "versions": list(plan.versions.all()),
            "forms": {
                "submit": forms.get("submit") or SubmitForm(prefix="submit"),
                "request_changes": forms.get("request_changes")
                or RequestChangesForm(prefix="changes"),
                "adopt": forms.get("adopt") or AdoptForm(prefix="adopt"),
            },
            "action_errors": errors,
            "history": history_visible(user=request.user, obj=plan)[:50]
            if may.see_history
            else [],
        },
        status=status,
    )


@require_GET
def workplan_detail(request, pk: int):
    return render_detail(request, pk)


def _workflow(request, pk, *, form_class=None, prefix=None, key=None, run):
    """POST of one workflow step: validate the form, call the service, go back to
    the plan; on a refusal, the plan again with the message (400)."""
    plan = plan_or_404(request, pk)
    form = form_class(request.POST, prefix=prefix) if form_class else None
    if form is not None and not form.is_valid():
        return render_detail(request, pk, forms={key: form}, status=400)
    try:
        message = run(plan, form.cleaned_data if form else {})
    except ValidationError as exc:
        if form is not None:
            add_service_errors(form, exc)
            return render_detail(request, pk, forms={key: form}, status=400)
        return render_detail(request, pk, errors=exc.messages, status=400)
    messages.success(request, message)
    return redirect(plan)


@require_POST
def workplan_submit(request, pk: int):
    def run(plan, data):
        version = services.workplan_submit(
            workplan=plan, note=data.get("note", ""), actor=request.user
        )
        return _("Version %(number)s submitted to the Coordinating Committee.") % {
            "number": version.number
        }

    return _workflow(
        request, pk, form_class=SubmitForm, prefix="submit", key="submit", run=run
    )


@require_POST
def workplan_approve(request, pk: int):
    def run(plan, data):
        services.workplan_approve(workplan=plan, actor=request.user)
        return _("The work plan is approved.")

    return _workflow(request, pk, run=run)


@require_POST
def workplan_request_changes(request, pk: int):
    def run(plan, data):
        services.workplan_request_changes(
            workplan=plan, note=data["note"], actor=request.user
        )
        return _("The work plan is sent back to the ISU with your request.")

    return _workflow(
        request,
        pk,
        form_class=RequestChangesForm,
        prefix="changes",
        key="request_changes",
        run=run,
    )


@require_POST
def workplan_adopt(request, pk: int):
    def run(plan, data):
        services.workplan_adopt(
            workplan=plan,
            adopted_on=data["adopted_on"],
            adopted_by=data["adopted_by"],
            decision=data.get("decision", ""),
            actor=request.user,
        )
        return _("The adoption is recorded; the work plan is now public.")

    return _workflow(
        request, pk, form_class=AdoptForm, prefix="adopt", key="adopt", run=run
    )


# --- Progress ------------------------------------------------------------------------


@require_GET
def workplan_progress(request, pk: int):
    """Indicators per area: target, actual to date, status."""
    plan = tree_plan_or_404(request, pk)
    tree = selectors.workplan_tree(plan)
    counts = Counter(item.progress.status for _a, _n, item in tree.indicators)
    summary = [
        (status, STATUS_LABELS[status], counts[status])
        for status in (
            Status.ON_TRACK,
            Status.AT_RISK,
            Status.OFF_TRACK,
            Status.NO_DATA,
            Status.NOT_AVAILABLE,
            Status.NOT_STARTED,
        )
        if counts[status]
    ]
    sources = {
        item.indicator.pk: source_description(item.indicator)
        for _a, _n, item in tree.indicators
        if item.indicator.is_computed
    }
    return render(
        request,
        "workplans/progress.html",
        {
            "workplan": plan,
            "tree": tree,
            "summary": summary,
            "sources": sources,
            "may": allowed(request.user, plan),
            "areas": [a for a in tree.areas if any(n.indicators for n in a.results)],
        },
    )


# --- Versions ---------------------------------------------------------------------


CURRENT = "current"


@require_GET
def workplan_versions(request, pk: int):
    """The frozen versions, and what changed between any two of them (or between a
    version and the plan as it stands)."""
    plan = tree_plan_or_404(request, pk)
    may = allowed(request.user, plan)
    if not (may.manage or may.see_review):
        raise PermissionDenied(_("Versions belong to the ISU and the committee."))
    versions = list(selectors.version_list(user=request.user, workplan=plan))
    by_number = {str(v.number): v for v in versions}
    choices = [(str(v.number), _("Version %(n)s") % {"n": v.number}) for v in versions]
    if may.manage:
        choices.append((CURRENT, _("The plan as it stands")))
    a = request.GET.get("a") or (choices[-2][0] if len(choices) >= 2 else "")
    b = request.GET.get("b") or (choices[-1][0] if choices else "")
    diff = None
    error = ""

    def snap(which):
        if which == CURRENT and may.manage:
            return snapshot(selectors.workplan_tree(plan))
        if which in by_number:
            return by_number[which].snapshot
        return None

    if a and b:
        older, newer = snap(a), snap(b)
        if older is None or newer is None:
            error = _("Choose two versions of this plan.")
        elif a == b:
            error = _("Choose two different versions.")
        else:
            diff = compare(older, newer)
    return render(
        request,
        "workplans/versions.html",
        {
            "workplan": plan,
            "versions": versions,
            "choices": choices,
            "a": a,
            "b": b,
            "diff": diff,
            "error": error,
            "may": may,
        },
        status=400 if error else 200,
    )


# --- Public -----------------------------------------------------------------------


@login_not_required
@require_GET
def workplan_public(request, pk: int):
    """An adopted plan, for anyone. Drafts and plans in review are a 404 here,
    whoever asks: the public page shows what the public may see."""
    plan = get_visible_or_404(
        AnonymousUser(),
        selectors.workplan_tree_queryset(user=AnonymousUser()),
        pk=pk,
    )
    tree = selectors.workplan_tree(plan)
    return render(
        request,
        "workplans/public_detail.html",
        {
            "workplan": plan,
            "tree": tree,
            "costs": selectors.result_costs(tree, user=None),
            "layout": _layout(request),
            "layouts": LAYOUTS.choices,
        },
    )
