"""The lists of budgets (the user's, and the public one) and creating a budget."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from budgets import selectors, services
from budgets.calculations import figures
from budgets.forms import BudgetCreateForm, next_budget_defaults
from budgets.models import Budget
from ism import params
from ism.access import managed_conventions
from ism.forms import save_posted
from ism.pages import create_page

PAGE_SIZE = 25
Status = Budget.Status


# --- Lists ------------------------------------------------------------------------


def _with_totals(budgets) -> list[tuple]:
    """(convention, [(budget, figures), ...]) per convention, from prefetched rows."""
    rows = [
        (
            budget,
            figures(
                budget,
                positions=budget.positions.all(),
                lines=budget.lines.all(),
                missions=budget.missions.all(),
            ),
        )
        for budget in budgets
    ]
    return [
        (convention, list(group))
        for convention, group in groupby(rows, key=lambda row: row[0].convention)
    ]


def _paged(request, queryset):
    queryset = queryset.prefetch_related("positions", "lines", "missions")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, _with_totals(page.object_list)


@require_GET
def budget_index(request):
    page, groups = _paged(request, selectors.budget_list(user=request.user))
    managed = list(managed_conventions(request.user))
    return render(
        request,
        "budgets/index.html",
        {
            "page": page,
            "groups": groups,
            "managed": managed,
            "managed_ids": {c.pk for c in managed},
        },
    )


@login_not_required
@require_GET
def budget_public_list(request):
    """What any visitor may read: the access policy's view for an anonymous user,
    whoever is logged in, so the public page shows the same to everyone."""
    public = selectors.budget_list(user=AnonymousUser()).filter(
        status__in=[Status.CIRCULATED, Status.ADOPTED]
    )
    page, groups = _paged(request, public)
    return render(request, "budgets/public_list.html", {"page": page, "groups": groups})


# --- Creating ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def budget_new(request):
    conventions = managed_conventions(request.user)
    if not conventions.exists():
        raise PermissionDenied(_("Only ISU staff create budgets."))
    chosen = conventions
    code = params.query_code(request, "convention").upper()
    if code:
        chosen = conventions.filter(code=code)
    form = BudgetCreateForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial=next_budget_defaults(chosen),
    )
    budget = save_posted(
        request,
        form,
        lambda data: services.budget_create(
            convention=data["convention"],
            year=data["year"],
            actor=request.user,
            copy_from=data["copy_from"],
        ),
    )
    if budget:
        messages.success(
            request,
            _("%(budget)s created as a draft.") % {"budget": budget},
        )
        return redirect("budgets:edit", pk=budget.pk)
    return create_page(
        request, "budgets/create.html", form, _("Create the draft"), "budgets:index"
    )
