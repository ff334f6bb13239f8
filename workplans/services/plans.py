"""A work plan's life: created as a draft by the ISU, submitted to the
Coordinating Committee (which freezes a version), sent back for changes or
approved by the committee, adopted by the Meeting of the States Parties.

    draft ──submit──▶ in review ──approve──▶ approved ──adopt──▶ adopted
                        │    ▲
          request changes    submit (a new version)
                        ▼    │
                   changes requested
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ism.audit import actor_or_none, audit_record, changes_between, snapshot
from ism.concurrency import insert_or_refuse
from ism.mail import mail_enqueue
from ism.models import Committee, Convention, Role, RoleAssignment
from ism.workflow import move_to, record_change, require_staff
from workplans.models import (
    Result,
    ReviewComment,
    ReviewThread,
    WorkPlan,
    WorkPlanVersion,
)
from workplans.services.base import (
    WORKFLOW,
    documents_refresh,
    edit_begin,
    one_line,
    require_editable,
    required_line,
)

PLAN_FIELDS = ["title", "action_plan", *WorkPlan.DOCUMENT_FIELDS, "budget"]


def action_plans_of(convention: Convention, current: str = "") -> list[str]:
    """The action plans a plan of `convention` may carry out: the convention's
    own (its settings), those its other plans name, and the plan's current one."""
    names = [convention.action_plan_name, current]
    names += WorkPlan.objects.filter(convention=convention).values_list(
        "action_plan", flat=True
    )
    return sorted({name for name in names if name})


def _check_budget(convention: Convention, budget) -> None:
    if budget is not None and budget.convention_id != convention.pk:
        raise ValidationError({"budget": _("Choose a budget of this convention.")})


@transaction.atomic
def workplan_create(
    *,
    convention: Convention,
    kind: str,
    start_year: int,
    end_year: int | None = None,
    actor,
    title: str = "",
    action_plan: str | None = None,
    budget=None,
) -> WorkPlan:
    require_staff(actor, convention)
    if kind == WorkPlan.Kind.ANNUAL:
        end_year = start_year
    _check_budget(convention, budget)
    plan = WorkPlan(
        convention=convention,
        kind=kind,
        start_year=start_year,
        end_year=end_year if end_year is not None else start_year,
        title=one_line(title),
        action_plan=(
            convention.action_plan_name if action_plan is None else action_plan.strip()
        ),
        budget=budget,
    )
    plan.full_clean(validate_constraints=False)
    if WorkPlan.objects.filter(
        convention=convention,
        kind=plan.kind,
        start_year=plan.start_year,
        end_year=plan.end_year,
    ).exists():
        raise ValidationError(
            {
                "start_year": _(
                    "%(convention)s already has a %(kind)s work plan for %(period)s."
                )
                % {
                    "convention": convention.code,
                    "kind": plan.get_kind_display().lower(),
                    "period": plan.period_label,
                }
            }
        )
    # Two staff creating the same plan at once: the second is told, not crashed.
    insert_or_refuse(
        plan, {"start_year": _("This work plan was just created by someone else.")}
    )
    audit_record(
        actor=actor,
        verb="work plan created",
        obj=plan,
        changes={"period": [None, plan.period_label], "kind": [None, plan.kind]},
    )
    return plan


@transaction.atomic
def workplan_update(*, workplan: WorkPlan, data: dict, actor) -> WorkPlan:
    """Title, action plan, budget: part of what is reviewed, so draft only."""
    edit_begin(workplan, actor)
    before = snapshot(workplan, PLAN_FIELDS)
    for name in PLAN_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = (
                    value.strip()
                    if name in WorkPlan.NARRATIVE_FIELDS
                    else " ".join(value.split())
                )
            setattr(workplan, name, value)
    _check_budget(workplan.convention, workplan.budget)
    workplan.full_clean(validate_constraints=False)
    changes = changes_between(before, snapshot(workplan, PLAN_FIELDS))
    if not changes:
        return workplan
    if "budget" in changes:
        # Lines of a budget the plan no longer refers to cannot pay for its results.
        Result.budget_lines.through.objects.filter(result__workplan=workplan).exclude(
            budgetline__budget_id=workplan.budget_id
        ).delete()
    workplan.save(update_fields=[*PLAN_FIELDS, "updated_at"])
    record_change(workplan, actor=actor, verb="work plan changed", changes=changes)
    return workplan


def _freeze(workplan: WorkPlan, *, actor, note: str) -> WorkPlanVersion:
    from workplans.selectors import workplan_tree, workplan_tree_queryset

    fresh = workplan_tree_queryset(user=None).get(pk=workplan.pk)
    tree = workplan_tree(fresh)
    from workplans.tree import snapshot as tree_snapshot

    number = (workplan.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    return WorkPlanVersion.objects.create(
        workplan=workplan,
        number=number,
        snapshot=tree_snapshot(tree),
        submitted_by=actor_or_none(actor),
        note=note,
    )


def _reviewers(convention: Convention):
    """Users on the convention's Coordinating Committee, with an address."""
    return [
        assignment.user
        for assignment in RoleAssignment.objects.filter(
            role=Role.COMMITTEE_MEMBER,
            committee__convention=convention,
            committee__kind=Committee.Kind.COORDINATING,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
    ]


def _staff(convention: Convention):
    return [
        assignment.user
        for assignment in RoleAssignment.objects.filter(
            role=Role.ISU_STAFF, convention=convention, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
    ]


def _notify(workplan: WorkPlan, version, event: str, users, subject, body):
    """One mail per person and event, keyed so a retried request never mails twice."""
    number = version.number if version else 0
    for user in users:
        mail_enqueue(
            key=f"workplan:{workplan.pk}:v{number}:{event}:{user.pk}",
            to=[user.email],
            subject=subject,
            body=body,
            convention=workplan.convention,
        )


@transaction.atomic
def workplan_submit(
    *, workplan: WorkPlan, actor, note: str = "", notify: bool = True
) -> WorkPlanVersion:
    """Send the plan to the Coordinating Committee: freeze what it says now as the
    next version, so what the committee reviews cannot change under it. The
    committee's members are mailed (notify=False: loading a plan that was
    submitted elsewhere, e.g. the demo's published one)."""
    WORKFLOW.begin("submit", workplan, actor)
    if not Result.objects.filter(workplan=workplan).exists():
        raise ValidationError(_("An empty work plan cannot be submitted."))
    version = _freeze(workplan, actor=actor, note=one_line(note))
    move_to(
        workplan,
        WorkPlan.Status.IN_REVIEW,
        actor=actor,
        verb="submitted to the Coordinating Committee",
        changes={"version": [None, version.number]},
    )
    if notify:
        _notify(
            workplan,
            version,
            "review",
            _reviewers(workplan.convention),
            _("%(plan)s is submitted for your review") % {"plan": workplan},
            _(
                "The ISU submitted version %(number)s of %(plan)s to the Coordinating "
                "Committee. Comment on any statement, then approve it or request "
                "changes in ISM."
            )
            % {"number": version.number, "plan": workplan},
        )
    documents_refresh(workplan.pk)
    return version


def _latest_version(workplan: WorkPlan) -> WorkPlanVersion | None:
    return workplan.versions.order_by("-number").first()


@transaction.atomic
def workplan_request_changes(*, workplan: WorkPlan, note: str, actor) -> ReviewThread:
    """The committee sends the plan back to the ISU, saying what to change; the
    note opens a thread on the plan as a whole."""
    WORKFLOW.begin("request_changes", workplan, actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what should change.")})
    version = _latest_version(workplan)
    thread = ReviewThread.objects.create(
        workplan=workplan, version=version, opened_by=actor
    )
    ReviewComment.objects.create(thread=thread, author=actor, text=note)
    move_to(
        workplan,
        WorkPlan.Status.CHANGES_REQUESTED,
        actor=actor,
        verb="changes requested",
        changes={"note": [None, note]},
    )
    _notify(
        workplan,
        version,
        "changes-requested",
        _staff(workplan.convention),
        _("Changes requested on %(plan)s") % {"plan": workplan},
        note,
    )
    return thread


def workplan_approve_refusal(workplan: WorkPlan) -> str | None:
    """Why the committee cannot approve yet, or None: the one rule the service
    refuses by, which the review page shows beside a disabled button."""
    open_threads = workplan.threads.filter(resolved_at__isnull=True).count()
    if not open_threads:
        return None
    return ngettext(
        "%(count)s comment thread is open: resolve it first.",
        "%(count)s comment threads are open: resolve them first.",
        open_threads,
    ) % {"count": open_threads}


@transaction.atomic
def workplan_approve(*, workplan: WorkPlan, actor) -> WorkPlan:
    """The committee approves the version under review. Every thread must be
    resolved first: an approval with open questions would leave them unanswered
    in the plan the Meeting adopts."""
    WORKFLOW.begin("approve", workplan, actor)
    refusal = workplan_approve_refusal(workplan)
    if refusal:
        raise ValidationError(refusal)
    version = _latest_version(workplan)
    move_to(
        workplan,
        WorkPlan.Status.APPROVED,
        actor=actor,
        verb="approved by the Coordinating Committee",
        changes={"version": [None, version.number if version else None]},
    )
    _notify(
        workplan,
        version,
        "approved",
        _staff(workplan.convention),
        _("%(plan)s is approved") % {"plan": workplan},
        _("The Coordinating Committee approved %(plan)s.") % {"plan": workplan},
    )
    return workplan


@transaction.atomic
def workplan_adopt(
    *,
    workplan: WorkPlan,
    adopted_on: dt.date,
    adopted_by: str,
    actor,
    decision: str = "",
) -> WorkPlan:
    """Record the Meeting's adoption; the plan becomes public."""
    WORKFLOW.begin("adopt", workplan, actor)
    errors = {}
    if adopted_on is None:
        errors["adopted_on"] = _("Enter the date of the Meeting's decision.")
    adopted_by = required_line(
        errors, "adopted_by", adopted_by, _("Name the Meeting that adopted it.")
    )
    if errors:
        raise ValidationError(errors)
    workplan.status = WorkPlan.Status.ADOPTED
    workplan.adopted_on = adopted_on
    workplan.adopted_by = adopted_by
    workplan.adoption_decision = one_line(decision)
    workplan.save(
        update_fields=[
            "status",
            "adopted_on",
            "adopted_by",
            "adoption_decision",
            "updated_at",
        ]
    )
    record_change(
        workplan,
        actor=actor,
        verb="adopted",
        changes={
            "status": [WorkPlan.Status.APPROVED, workplan.status],
            "adopted on": [None, adopted_on.isoformat()],
            "adopted by": [None, adopted_by],
        },
    )
    documents_refresh(workplan.pk)
    return workplan


def workplan_editable_or_error(workplan: WorkPlan) -> str | None:
    """Why the plan cannot be edited now, or None (for the pages)."""
    try:
        require_editable(workplan)
    except ValidationError as exc:
        return exc.messages[0]
    return None
