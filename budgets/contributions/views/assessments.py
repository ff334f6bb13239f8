"""Assessing a year: the form, the preview of every State's amount (nothing is
saved), then the confirmation that issues the invoices. The confirmation carries
the preview's fingerprint: if anything changed in between, nothing is issued and
the new figures are shown."""

from __future__ import annotations

import contextlib
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgets.calculations import figures
from budgets.contributions import services
from budgets.contributions.forms import AssessmentForm
from budgets.contributions.services.assessments import adopted_budget
from budgets.contributions.services.scale import scale_for
from budgets.contributions.views.payments import managed_convention
from budgets.models import Assessment, Invoice
from ism.forms import add_service_errors
from ism.models import Convention


def _initial(convention: Convention) -> dict:
    """Next year unless this year is not assessed yet; the adopted budget's total;
    the convention's floor and ceiling; the scale covering the year."""
    year = timezone.localdate().year
    if Assessment.objects.filter(
        convention=convention, year=year, status=Assessment.Status.ISSUED
    ).exists():
        year += 1
    budget = adopted_budget(convention, year)
    method = (
        Assessment.Method.MIXED
        if convention.financing_model == Convention.Financing.MIXED
        else Assessment.Method.ASSESSED
    )
    return {
        "year": year,
        "amount": figures(budget).total.amount if budget else None,
        "method": method,
        "scale": scale_for(year),
        "floor": convention.assessment_floor,
        "ceiling": (convention.assessment_ceiling * 100).normalize()
        if convention.assessment_ceiling
        else None,
    }


@require_http_methods(["GET", "POST"])
def assessment_new(request, code: str):
    convention = managed_convention(request.user, code)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        convention=convention,
        initial=_initial(convention),
    )
    if form.initial.get("amount") is None:
        form.fields["amount"].help_text = _(
            "In %(c)s. No adopted budget of %(year)s is recorded: enter the amount."
        ) % {"c": convention.currency, "year": form.initial["year"]}
    context = {"convention": convention, "form": form, "preview": None}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            arguments = form.service_arguments()
            try:
                if step == "issue":
                    assessment = services.assessment_issue(
                        **arguments,
                        issue_date=form.cleaned_data.get("issue_date"),
                        due_date=form.cleaned_data.get("due_date"),
                        digest=request.POST.get("digest", ""),
                        actor=request.user,
                    )
                    count = Invoice.objects.filter(assessment=assessment).count()
                    messages.success(
                        request,
                        _("%(count)d invoices issued for %(year)s.")
                        % {"count": count, "year": assessment.year},
                    )
                    url = f"?year={assessment.year}"
                    return redirect(
                        _status_url(convention) + url,
                    )
                context["preview"] = services.assessment_preview(
                    **arguments, actor=request.user
                )
                status = 200
            except ValidationError as exc:
                add_service_errors(form, exc)
                # Figures that changed since the preview: show the new ones.
                if step == "issue":
                    with contextlib.suppress(ValidationError):
                        context["preview"] = services.assessment_preview(
                            **arguments, actor=request.user
                        )
    if context["preview"] is not None:
        context["total_matches"] = (
            context["preview"].total.amount == context["preview"].amount.amount
        )
        context["voluntary_convention"] = (
            convention.financing_model == Convention.Financing.VOLUNTARY
        )
    context["zero"] = Decimal(0)
    return render(
        request, "budgets/contributions/assessment_form.html", context, status=status
    )


def _status_url(convention) -> str:
    from django.urls import reverse

    return reverse("budgets:contributions-status", args=[convention.code])
