"""An indicator's page: its definition (edited with the plan, in a draft), its
progress, and the actuals per period (recorded by the ISU at any time; computed
by ISM where ISM can count)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ism.access import get_visible_or_404, require_manage
from ism.forms import service_errors_on, service_errors_to_messages
from ism.models import Committee
from ism.pages import render_form
from workplans import services
from workplans.forms import ActualForm, IndicatorForm
from workplans.models import Actual, Indicator, Result
from workplans.progress import indicator_progress
from workplans.services.chain import label_of
from workplans.services.indicators import default_period
from workplans.sources import computed_actuals, source_description
from workplans.views.common import allowed, edit_url


def _committees(plan):
    return Committee.objects.filter(convention=plan.convention).order_by("name")


def _label(result: Result) -> str:
    return label_of(result)


def _indicator_data(form: IndicatorForm) -> dict:
    """The indicator's fields and the version the page was loaded from."""
    return {
        name: form.cleaned_data.get(name) for name in [*form.Meta.fields, "version"]
    }


@require_http_methods(["GET", "POST"])
def indicator_add(request, pk: int):
    result = get_visible_or_404(
        request.user,
        Result.objects.select_related("workplan__convention", "area"),
        pk=pk,
    )
    plan = result.workplan
    require_manage(request.user, plan.convention)
    start, end = default_period(result)
    form = IndicatorForm(
        request.POST or None,
        committees=_committees(plan),
        initial={
            "period_start": start,
            "period_end": end,
            "qualifier": Indicator.Qualifier.UP_TO,
        },
    )
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.indicator_add(
                result=result, data=_indicator_data(form), actor=request.user
            )
            messages.success(request, _("Indicator added."))
            return redirect(edit_url(plan.pk, result.area_id, f"r{result.pk}"))
    return render_form(
        request,
        "workplans/indicator_form.html",
        {
            "form": form,
            "workplan": plan,
            "result": result,
            "label": _label(result),
        },
    )


def _indicator(request, pk: int) -> Indicator:
    return get_visible_or_404(
        request.user,
        Indicator.objects.select_related(
            "result__workplan__convention", "result__area", "source_committee"
        ).prefetch_related("actuals__recorded_by"),
        pk=pk,
    )


def render_indicator(request, indicator, *, form=None, actual_form=None, status=200):
    plan = indicator.result.workplan
    may = allowed(request.user, plan)
    computed = None
    today = timezone.localdate()  # once: what is counted and its status agree
    if indicator.is_computed:
        computed = computed_actuals(
            [indicator], convention=plan.convention, as_of=today
        ).get(indicator.pk)
        progress = indicator_progress(indicator, computed, as_of=today)
    else:
        progress = indicator_progress(
            indicator, list(indicator.actuals.all()), as_of=today
        )
    if form is None and may.edit:
        form = IndicatorForm(instance=indicator, committees=_committees(plan))
    if actual_form is None and may.record_actuals and not indicator.is_computed:
        actual_form = ActualForm(
            initial={
                "period_start": indicator.period_start,
                "period_end": indicator.period_end,
            }
        )
    return render(
        request,
        "workplans/indicator.html",
        {
            "indicator": indicator,
            "workplan": plan,
            "result": indicator.result,
            "label": _label(indicator.result),
            "progress": progress,
            "computed": computed,
            "source_note": source_description(indicator),
            "actuals": list(indicator.actuals.all()),
            "form": form,
            "actual_form": actual_form,
            "may": may,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def indicator_detail(request, pk: int):
    indicator = _indicator(request, pk)
    if request.method == "GET":
        return render_indicator(request, indicator)
    plan = indicator.result.workplan
    require_manage(request.user, plan.convention)
    form = IndicatorForm(request.POST, instance=indicator, committees=_committees(plan))
    if form.is_valid():
        with service_errors_on(form):
            services.indicator_update(
                indicator=indicator, data=_indicator_data(form), actor=request.user
            )
            messages.success(request, _("Indicator saved."))
            return redirect("workplans:indicator", pk=pk)
    indicator = _indicator(request, pk)  # as stored, beside what was typed
    return render_indicator(request, indicator, form=form, status=400)


@require_POST
def indicator_delete(request, pk: int):
    indicator = _indicator(request, pk)
    result = indicator.result
    with service_errors_to_messages(request):
        services.indicator_delete(indicator=indicator, actor=request.user)
        messages.success(request, _("Indicator deleted."))
        return redirect(edit_url(result.workplan_id, result.area_id, f"r{result.pk}"))
    return redirect("workplans:indicator", pk=pk)


@require_POST
def actual_add(request, pk: int):
    indicator = _indicator(request, pk)
    require_manage(request.user, indicator.result.workplan.convention)
    form = ActualForm(request.POST)
    if form.is_valid():
        with service_errors_on(form):
            services.actual_record(
                indicator=indicator, actor=request.user, **form.cleaned_data
            )
            messages.success(request, _("Actual recorded."))
            return redirect(reverse("workplans:indicator", args=[pk]) + "#actuals")
    return render_indicator(request, indicator, actual_form=form, status=400)


@require_POST
def actual_delete(request, pk: int):
    actual = get_visible_or_404(
        request.user,
        Actual.objects.select_related("indicator__result__workplan__convention"),
        pk=pk,
    )
    indicator_id = actual.indicator_id
    services.actual_delete(actual=actual, actor=request.user)
    messages.success(request, _("Actual deleted."))
    return redirect(reverse("workplans:indicator", args=[indicator_id]) + "#actuals")
