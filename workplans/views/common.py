"""What the work plan pages share: looking a plan up through the access policy,
what the user may do with it, and going back where a form came from."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ism.access import can_audit, can_manage, can_review, get_visible_or_404, visible
from workplans.models import REVIEWED_STATUSES, WorkPlan
from workplans.selectors import workplan_list, workplan_tree_queryset
from workplans.services.base import WORKFLOW

Status = WorkPlan.Status


def plan_or_404(request, pk: int) -> WorkPlan:
    """The plan, if the user may see it; a plan they may not see does not exist."""
    return get_visible_or_404(request.user, workplan_list(user=request.user), pk=pk)


def tree_plan_or_404(request, pk: int) -> WorkPlan:
    """The plan with every row of its tree prefetched."""
    return get_visible_or_404(
        request.user,
        workplan_tree_queryset(user=request.user).prefetch_related("versions"),
        pk=pk,
    )


@dataclass(frozen=True)
class Allowed:
    """What this user may do with this plan now (the services decide again)."""

    manage: bool
    review: bool
    edit: bool
    submit: bool
    approve: bool
    request_changes: bool
    adopt: bool
    discuss: bool  # comment, answer, resolve
    see_review: bool
    record_actuals: bool
    see_history: bool


def allowed(user, workplan: WorkPlan) -> Allowed:
    manage = can_manage(user, workplan.convention_id)
    review = can_review(user, workplan.convention_id)
    status = workplan.status
    audit = can_audit(user, workplan.convention_id)
    return Allowed(
        manage=manage,
        review=review,
        # One field per step of the workflow table, as the services read it.
        **WORKFLOW.available(workplan, user),
        see_review=(manage or review or audit) and status in REVIEWED_STATUSES,
        record_actuals=manage,
        see_history=manage or audit,
    )


def safe_next(request, default: str) -> str:
    """Where a form asked to go back to, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path of ours: redirect() reads any other word ("²") as a view's name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def edit_url(workplan_id: int, area_id: int | None = None, anchor: str = "") -> str:
    url = reverse("workplans:edit", args=[workplan_id])
    if area_id:
        url += f"?area={area_id}"
    if anchor:
        url += f"#{anchor}"
    return url


def budget_lines(workplan: WorkPlan) -> list:
    """The lines of the budget the plan is linked to, none without one."""
    if workplan.budget_id is None:
        return []
    return list(workplan.budget.lines.all())


def budget_to_print(user, plan):
    """The budget the work plan and budget document prints after the plan, if
    the user may read it (a plan can be public before its budget is)."""
    from budgets.models import Budget
    from workplans.documents import budget_of

    budget = budget_of(plan, prefetch=False)
    if budget and visible(user, Budget.objects.filter(pk=budget.pk)).exists():
        return budget
    return None
