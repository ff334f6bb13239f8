"""A budget's page: the budget as the published document lays it out, the
workflow steps the user may take, the review thread and the history; and the
comparison with the previous year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from budgets import selectors, services
from budgets.calculations import compare
from budgets.forms import (
    AdoptForm,
    CirculateForm,
    CommentForm,
    RequestChangesForm,
    ReturnToDraftForm,
)
from budgets.models import Budget, BudgetComment
from budgets.services.base import WORKFLOW
from ism.access import (
    can_manage,
    can_review,
    get_visible_or_404,
    visible,
)
from ism.forms import add_service_errors
from ism.selectors import history_visible

Status = Budget.Status


@dataclass(frozen=True)
class Action:
    """A step on the detail page: its form and the service. The form's fields are
    the service's keyword arguments. Who may take it from which status is the
    workflow table's (budgets.services.base.WORKFLOW)."""

    form: type[django_forms.Form] | None
    service: Callable
    done: str

    def run(self, budget: Budget, user, data: dict):
        return self.service(budget=budget, actor=user, **data)


ACTIONS: dict[str, Action] = {
    "submit": Action(
        None,
        services.budget_submit,
        gettext_lazy("Submitted to the Coordinating Committee."),
    ),
    "return": Action(
        ReturnToDraftForm,
        services.budget_return_to_draft,
        gettext_lazy("Returned to draft."),
    ),
    "approve": Action(
        None,
        services.budget_approve,
        gettext_lazy("Approved on behalf of the Coordinating Committee."),
    ),
    "request-changes": Action(
        RequestChangesForm,
        services.budget_request_changes,
        gettext_lazy("Changes requested: the budget is a draft again."),
    ),
    "comment": Action(
        CommentForm, services.budget_comment_add, gettext_lazy("Comment added.")
    ),
    "circulate": Action(
        CirculateForm,
        services.budget_circulate,
        gettext_lazy("Recorded as circulated to States."),
    ),
    "adopt": Action(
        AdoptForm, services.budget_adopt, gettext_lazy("Recorded as adopted.")
    ),
    "revise": Action(
        None,
        services.budget_revise,
        gettext_lazy("A revision was created as a new draft version."),
    ),
}


def _require(action: str, user, budget: Budget) -> None:
    """The 403 before the form is read; the service asks the same question."""
    step = action.replace("-", "_")
    if step in WORKFLOW.transitions:
        WORKFLOW.require_actor(step, user, budget.convention_id)
    elif not (
        can_manage(user, budget.convention_id) or can_review(user, budget.convention_id)
    ):
        raise PermissionDenied(
            _("Only ISU staff and the Coordinating Committee comment on budgets.")
        )


def _available_actions(user, budget: Budget) -> dict[str, bool]:
    """What this user's buttons are: the workflow table's steps, and comments."""
    actions = WORKFLOW.available(budget, user)
    # Staff comment on drafts too; the committee once it has the budget.
    manage = can_manage(user, budget.convention_id)
    actions["comment"] = manage or (
        can_review(user, budget.convention_id) and budget.status != Status.DRAFT
    )
    # In any status: a budget is translated once circulated or adopted too.
    actions["translate"] = manage
    return actions


def _action_forms(budget: Budget, today: dt.date) -> dict[str, django_forms.Form]:
    return {
        "return": ReturnToDraftForm(prefix="return"),
        "request_changes": RequestChangesForm(prefix="request-changes"),
        "comment": CommentForm(prefix="comment"),
        "circulate": CirculateForm(prefix="circulate", initial={"on": today}),
        "adopt": AdoptForm(
            prefix="adopt",
            initial={
                "on": today,
                "meeting": budget.meeting,
                "document_symbol": budget.document_symbol,
            },
        ),
    }


def _detail_context(request, budget: Budget, *, bound=None, errors=()) -> dict:
    user = request.user
    view = selectors.budget_view(budget)
    previous = view.previous
    if (
        previous is not None
        and not visible(user, Budget.objects.filter(pk=previous.pk)).exists()
    ):
        previous = None  # a year the user may not see is not shown, even as a link
    # One day for the page: the circulation warning and the forms' default day.
    today = timezone.localdate()
    action_forms = _action_forms(budget, today)
    action_forms.update(bound or {})
    return {
        "budget": budget,
        "view": view,
        "figures": view.figures,
        "line_rows": list(zip(budget.lines.all(), view.figures.lines, strict=True)),
        "missions": [
            (m, m.unit_cost * m.count if m.unit_cost is not None else None)
            for m in budget.missions.all()
        ],
        "previous": previous,
        "circulation": selectors.circulation_of(budget, today=today),
        "actions": _available_actions(user, budget),
        "forms": action_forms,
        "action_errors": list(errors),
        "comments": list(
            visible(user, BudgetComment.objects.filter(budget=budget)).select_related(
                "author"
            )
        ),
        "history": history_visible(user=user, obj=budget)[:50],
    }


def _visible_budget(request, pk: int) -> Budget:
    return get_visible_or_404(
        request.user, selectors.budget_detail_queryset(user=request.user), pk=pk
    )


@login_not_required
@require_GET
def budget_detail(request, pk: int):
    """Anyone may open a public (circulated, adopted) budget; the policy hides the
    rest: a draft is a 404 to those who may not see it."""
    budget = _visible_budget(request, pk)
    return render(request, "budgets/detail.html", _detail_context(request, budget))


@require_POST
def budget_action(request, pk: int, action: str):
    spec = ACTIONS[action]
    budget = _visible_budget(request, pk)
    _require(action, request.user, budget)
    form = spec.form(request.POST, prefix=action) if spec.form else None
    errors: list[str] = []
    if form is None or form.is_valid():
        try:
            result = spec.run(budget, request.user, form.cleaned_data if form else {})
        except ValidationError as exc:
            if form is None:
                errors = exc.messages
            else:
                add_service_errors(form, exc)
        else:
            messages.success(request, spec.done)
            if action == "revise":
                return redirect("budgets:edit", pk=result.pk)
            url = reverse("budgets:detail", args=[budget.pk])
            return redirect(url + ("#comments" if action == "comment" else ""))
    # Nothing changed: the page again, with what was typed and why it was refused.
    bound = {action.replace("-", "_"): form} if form else {}
    return render(
        request,
        "budgets/detail.html",
        _detail_context(request, budget, bound=bound, errors=errors),
        status=400,
    )


@login_not_required
@require_GET
def budget_compare(request, pk: int):
    budget = _visible_budget(request, pk)
    view = selectors.budget_view(budget)
    previous, variances = view.previous, view.variances
    if (
        previous is not None
        and not visible(request.user, Budget.objects.filter(pk=previous.pk)).exists()
    ):
        previous, variances = None, compare(view.figures, None)
    return render(
        request,
        "budgets/compare.html",
        {"budget": budget, "previous": previous, "variances": variances},
    )
