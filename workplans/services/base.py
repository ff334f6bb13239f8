"""What every work-plan service does the same way: who may act, locking the plan,
refusing edits outside a draft, recording a change (revision and audit event)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.access import can_manage, can_review, require_manage, require_review
from ism.audit import audit_record
from workplans.models import WorkPlan


def require_staff(actor, convention) -> None:
    """ISU staff of the convention. actor=None is ISM itself (the demo loader, a
    management command); pages and the API always pass the request's user."""
    if actor is not None:
        require_manage(actor, convention)


def require_reviewer(actor, convention) -> None:
    """A member of the convention's Coordinating Committee."""
    if actor is not None:
        require_review(actor, convention)


def require_participant(actor, convention) -> None:
    """The review is a conversation between the Coordinating Committee and the ISU:
    members of other committees, other conventions' staff, focal points and the
    public take no part in it."""
    if actor is None:
        return
    if not (can_review(actor, convention) or can_manage(actor, convention)):
        raise PermissionDenied(
            _("Only the Coordinating Committee and the ISU take part in the review.")
        )


def lock(workplan: WorkPlan) -> WorkPlan:
    """The plan's row, locked until the transaction ends, so two edits or two
    transitions of one plan run one after the other and each sees the other's
    status and revision. (SQLite: the IMMEDIATE transaction holds the write lock.)"""
    locked = (
        WorkPlan.objects.select_for_update(of=("self",))
        .select_related("convention")
        .get(pk=workplan.pk)
    )
    # Callers keep using the instance they passed: give it the fresh state.
    for f in WorkPlan._meta.concrete_fields:
        setattr(workplan, f.attname, getattr(locked, f.attname))
    return locked


def status_phrase(status: str) -> str:
    """ "in review by the Coordinating Committee": the label inside a sentence
    (only its first letter lowered; committees and meetings keep their capitals)."""
    label = str(WorkPlan.Status(status).label)
    return label[:1].lower() + label[1:]


def require_status(workplan: WorkPlan, *allowed: str, action: str) -> None:
    if workplan.status not in allowed:
        raise ValidationError(
            _(
                "A work plan that is %(status)s cannot be %(action)s; it must be "
                "%(allowed)s."
            )
            % {
                "status": status_phrase(workplan.status),
                "action": action,
                "allowed": _(" or ").join(status_phrase(s) for s in allowed),
            }
        )


def require_editable(workplan: WorkPlan) -> None:
    """Statements change only in a draft (or after the committee asked for
    changes): what the committee reviews, approves and the Meeting adopts is what
    was frozen when it was submitted."""
    if not workplan.is_editable:
        raise ValidationError(
            _("The work plan is %(status)s: its statements can no longer be edited.")
            % {"status": status_phrase(workplan.status)}
        )


def record_change(workplan: WorkPlan, *, actor, verb: str, changes: dict) -> None:
    """A change to what the plan says: a new revision (stored documents become
    out of date) and an audit event, in the caller's transaction.

    Events of the areas, results and indicators are recorded on the plan itself,
    naming the statement, so the plan's history tells its whole story."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_change() must run inside the change's transaction")
    WorkPlan.objects.filter(pk=workplan.pk).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )
    workplan.revision += 1
    audit_record(
        actor=actor,
        verb=verb,
        obj=workplan,
        convention=workplan.convention,
        changes=changes,
    )


def documents_refresh(workplan_id: int) -> None:
    """Render the plan's documents after commit (both layouts), so a task never
    reads an uncommitted or rolled-back plan."""

    def send() -> None:
        from workplans.models import WorkPlanDocument
        from workplans.tasks import workplan_render_pdf

        for layout in WorkPlanDocument.Layout.values:
            workplan_render_pdf.delay(workplan_id, layout)

    transaction.on_commit(send)
