"""What every budget service does the same way: who may act, locking the budget,
recording a change (revision, audit event) and re-rendering the document after
commit. The workflow table and the locking are ism.workflow's, shared with the
work plans."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from budgets.models import Budget
from ism import workflow
from ism.workflow import MANAGE, REVIEW, Workflow, step


def sync(target: Budget, source: Budget) -> Budget:
    """The stored state of `source` on the caller's instance (ism.workflow.sync),
    and its prefetched rows dropped: they may be the ones the change replaced."""
    if target is not source:
        workflow.sync(target, source)
        getattr(target, "_prefetched_objects_cache", {}).clear()
    return target


# What a budget must be for an action, as said in a sentence.
_MUST_BE = {
    Budget.Status.DRAFT: gettext_lazy("a draft"),
    Budget.Status.SUBMITTED: gettext_lazy("submitted"),
    Budget.Status.APPROVED: gettext_lazy("approved"),
    Budget.Status.CIRCULATED: gettext_lazy("circulated"),
    Budget.Status.ADOPTED: gettext_lazy("adopted"),
}

_S = Budget.Status
# The budget's workflow: which step from which status, by whom. The services
# refuse by it and the detail page shows its buttons by it.
WORKFLOW = Workflow(
    gettext_lazy("budget"),
    {
        "edit": step(_S.DRAFT, who=MANAGE, done=gettext_lazy("edited")),
        "submit": step(_S.DRAFT, who=MANAGE, done=gettext_lazy("submitted")),
        "return": step(
            _S.SUBMITTED,
            _S.APPROVED,
            who=MANAGE,
            done=gettext_lazy("returned to draft"),
        ),
        "approve": step(_S.SUBMITTED, who=REVIEW, done=gettext_lazy("approved")),
        "request_changes": step(
            _S.SUBMITTED, who=REVIEW, done=gettext_lazy("sent back for changes")
        ),
        "circulate": step(_S.APPROVED, who=MANAGE, done=gettext_lazy("circulated")),
        "adopt": step(_S.CIRCULATED, who=MANAGE, done=gettext_lazy("adopted")),
        "revise": step(_S.ADOPTED, who=MANAGE, done=gettext_lazy("revised")),
    },
    must_be=_MUST_BE,
)


def require_status(budget: Budget, *allowed: str, action: str) -> None:
    """Refuse an action from the wrong status: "This budget is submitted to the
    Coordinating Committee and cannot be edited: it must be a draft." """
    workflow.require_status(
        budget, WORKFLOW.noun, allowed, action=action, must_be=_MUST_BE
    )


def pdf_render_enqueue(budget_id: int) -> None:
    """Render the document again once the change is committed: a task that ran
    before the commit would read the old budget, and one for a rolled-back change
    would render something that never existed."""
    transaction.on_commit(lambda: _send_render_task(budget_id))


def _send_render_task(budget_id: int) -> None:
    # Imported here: the task module imports the document code (WeasyPrint), which
    # pages that only save a budget need not load.
    from budgets.tasks import budget_render_pdf

    budget_render_pdf.delay(budget_id)


def record_change(
    budget: Budget,
    *,
    actor,
    verb: str,
    changes: dict,
    update_fields: list[str] | None = None,
) -> None:
    """A change to what the budget document says: saved, then a new revision and
    its audit event in this transaction (ism.workflow.record_change), document
    re-rendered after commit."""
    if update_fields is None:
        budget.full_clean(exclude=["pdf"], validate_unique=False)
        budget.save()
    else:
        budget.save(update_fields=[*update_fields, "updated_at"])
    workflow.record_change(budget, actor=actor, verb=verb, changes=changes)
    pdf_render_enqueue(budget.pk)
