"""What every work-plan service does the same way: who may act (the workflow
table, on ism.workflow's types), refusing edits outside a draft, recording a
change, keeping typed text on one line. Who is staff, locking and recording a
change (revision and audit event) are ism.workflow's, shared with the budgets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ism.workflow import (
    MANAGE,
    REVIEW,
    Workflow,
    either,
    lock,
    require_staff,
    status_phrase,
    step,
)
from workplans.models import WorkPlan

_S = WorkPlan.Status
# What a plan must be for a step, as said after "it must be".
_MUST_BE = {
    _S.DRAFT: gettext_lazy("a draft"),
    _S.IN_REVIEW: gettext_lazy("in review"),
    _S.CHANGES_REQUESTED: gettext_lazy("sent back for changes"),
    _S.APPROVED: gettext_lazy("approved"),
    _S.ADOPTED: gettext_lazy("adopted"),
}
# The review is a conversation between the Coordinating Committee and the ISU:
# members of other committees, other conventions' staff, focal points and the
# public take no part in it.
PARTICIPANT = either(
    REVIEW,
    MANAGE,
    message=gettext_lazy(
        "Only the Coordinating Committee and the ISU take part in the review."
    ),
)
# The plan's workflow (see plans.py): which step from which status, by whom. The
# services refuse by it and the pages show their buttons by it. Statements change
# only in a draft or after the committee asked for changes: what the committee
# reviews, approves and the Meeting adopts is what was frozen at submission.
WORKFLOW = Workflow(
    gettext_lazy("work plan"),
    {
        "edit": step(
            *WorkPlan.EDITABLE_STATUSES, who=MANAGE, done=gettext_lazy("edited")
        ),
        "submit": step(
            *WorkPlan.EDITABLE_STATUSES,
            who=MANAGE,
            done=gettext_lazy("submitted for review"),
        ),
        "approve": step(_S.IN_REVIEW, who=REVIEW, done=gettext_lazy("approved")),
        "request_changes": step(
            _S.IN_REVIEW, who=REVIEW, done=gettext_lazy("sent back")
        ),
        "adopt": step(_S.APPROVED, who=MANAGE, done=gettext_lazy("adopted")),
        # Comment, answer, resolve: while the committee has the plan and while
        # the ISU answers its request for changes.
        "discuss": step(
            _S.IN_REVIEW,
            _S.CHANGES_REQUESTED,
            who=PARTICIPANT,
            done=gettext_lazy("commented on"),
        ),
    },
    must_be=_MUST_BE,
)


def require_editable(workplan: WorkPlan) -> None:
    """Statements change only where the table lets a plan be edited."""
    if workplan.status not in WORKFLOW["edit"].sources:
        raise ValidationError(
            _("The work plan is %(status)s: its statements can no longer be edited.")
            % {"status": status_phrase(workplan)}
        )


def edit_begin(workplan: WorkPlan, actor) -> None:
    """The start of every change to what a plan says: ISU staff only, the plan's
    row locked (two edits of one plan run one after the other, each seeing the
    other's revision) and, read under that lock, a status that still lets the
    plan be edited."""
    require_staff(actor, workplan.convention)
    lock(workplan)
    require_editable(workplan)


def documents_refresh(workplan_id: int) -> None:
    """Render the plan's documents after commit (both layouts), so a task never
    reads an uncommitted or rolled-back plan."""

    def send() -> None:
        from workplans.documents import PLAN_LAYOUTS
        from workplans.tasks import workplan_render_pdf

        for layout in PLAN_LAYOUTS:
            workplan_render_pdf.delay(workplan_id, layout)

    transaction.on_commit(send)


def one_line(value: str | None) -> str:
    """Text as a plan keeps it: on one line, each run of white space (a line break
    pasted from a document, a double space) one space."""
    return " ".join((value or "").split())


def required_line(errors: dict, field: str, value: str | None, message) -> str:
    """`value` on one line (one_line); where that leaves nothing, `message` is the
    error of `field` in `errors`, which the service raises with the others."""
    text = one_line(value)
    if not text:
        errors[field] = message
    return text
