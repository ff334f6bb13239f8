"""The life of a budget: draft → submitted to the Coordinating Committee →
approved by it → circulated to States → adopted by the Meeting of the States
Parties; back to draft with a reason; comments between committee and ISU.

The sequence follows the ISU mandates: the annual work plan and budget is
reviewed and approved by the Coordinating Committee, then circulated to all
States Parties 60 days before the Meeting (CCM/CONF/2021/6, para 83), which
adopts it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgets.calculations import figures
from budgets.models import Budget, BudgetComment
from budgets.services.base import WORKFLOW, record_change, sync
from ism.access import can_manage, can_review, visible
from ism.audit import audit_record
from ism.dates import long_date
from ism.workflow import lock

Status = Budget.Status


def _text(value, key: str, message: str, max_length: int | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({key: message})
    value = value.strip()
    if max_length is not None and len(value) > max_length:
        raise ValidationError({key: _("At most %(n)d characters.") % {"n": max_length}})
    return value


def _date(value, key: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError({key: _("Enter a date.")})
    return value


def _move(
    locked: Budget,
    *,
    actor,
    to: str,
    verb: str,
    changes: dict | None = None,
    update_fields: tuple[str, ...] = (),
) -> None:
    """Change the status; the document shows it (a draft is marked as one, an
    adopted budget names its meeting), so this is a new revision too."""
    old = locked.status
    locked.status = to
    record_change(
        locked,
        actor=actor,
        verb=verb,
        changes={"status": [old, to], **(changes or {})},
        update_fields=["status", *update_fields],
    )


@transaction.atomic
def budget_submit(*, budget: Budget, actor) -> Budget:
    """ISU staff submit a draft to the Coordinating Committee."""
    locked = WORKFLOW.begin("submit", budget, actor)
    if not figures(locked).total.amount:
        raise ValidationError(
            {"__all__": _("The budget is empty: enter its staff costs and lines.")}
        )
    _move(locked, actor=actor, to=Status.SUBMITTED, verb="submitted")
    return sync(budget, locked)


@transaction.atomic
def budget_return_to_draft(*, budget: Budget, actor, reason: str) -> Budget:
    """ISU staff take a submitted or approved budget back to edit it; why is part
    of the record the committee sees."""
    WORKFLOW.require_actor("return", actor, budget.convention)
    reason = _text(reason, "reason", _("Say why the budget goes back to draft."))
    locked = lock(budget)
    WORKFLOW.require_status("return", locked)
    _move(
        locked,
        actor=actor,
        to=Status.DRAFT,
        verb="returned to draft",
        changes={"reason": [None, reason]},
    )
    return sync(budget, locked)


@transaction.atomic
def budget_approve(*, budget: Budget, actor) -> Budget:
    """A member of the Coordinating Committee approves a submitted budget."""
    locked = WORKFLOW.begin("approve", budget, actor)
    _move(locked, actor=actor, to=Status.APPROVED, verb="approved")
    return sync(budget, locked)


@transaction.atomic
def budget_request_changes(*, budget: Budget, actor, comment: str) -> Budget:
    """A member of the Coordinating Committee sends a submitted budget back to the
    ISU with what should change, as a comment in the budget's thread."""
    WORKFLOW.require_actor("request_changes", actor, budget.convention)
    comment = _text(comment, "comment", _("Say what should change."))
    locked = lock(budget)
    WORKFLOW.require_status("request_changes", locked)
    posted = _comment_create(locked, actor, comment)
    _move(
        locked,
        actor=actor,
        to=Status.DRAFT,
        verb="changes requested",
        changes={"comment": [None, posted.text]},
    )
    return sync(budget, locked)


def _comment_create(budget: Budget, actor, text: str) -> BudgetComment:
    if actor is None:
        raise PermissionDenied("A comment needs an author.")
    return BudgetComment.objects.create(budget=budget, author=actor, text=text)


@transaction.atomic
def budget_comment_add(*, budget: Budget, actor, text: str) -> BudgetComment:
    """Comment on a budget: its ISU staff at any stage; members of the convention's
    Coordinating Committee once it has been submitted to them."""
    convention = budget.convention
    is_staff = can_manage(actor, convention)
    is_reviewer = (
        can_review(actor, convention)
        and budget.status != Status.DRAFT
        and visible(actor, Budget.objects.filter(pk=budget.pk)).exists()
    )
    if not (is_staff or is_reviewer):
        raise PermissionDenied(
            _("Only the ISU and the Coordinating Committee comment on a budget.")
        )
    text = _text(text, "text", _("Write a comment."))
    comment = _comment_create(budget, actor, text)
    audit_record(
        actor=actor,
        verb="commented",
        obj=budget,
        changes={"comment": [None, text]},
    )
    return comment


# The title block the States receive a budget with: its meeting and agenda item,
# and what identifies the document, a symbol or a date. The published budgets have
# one or the other: CCM/MSP/2023/2 gives no date, the APMBC 2026 budget (dated 8
# October 2025) no symbol (reference/*-budget.json).
TITLE_BLOCK = ("meeting", "agenda_item")
DOCUMENT_IDENTITY = ("document_symbol", "document_date")


def require_title_block(budget: Budget) -> None:
    """Refuse to send the States a budget that does not say which meeting and
    agenda item it is for and which document it is: each missing field named."""
    missing = {
        name: _("Enter the %(field)s on the edit page before circulating.")
        % {"field": Budget._meta.get_field(name).verbose_name}
        for name in TITLE_BLOCK
        if not getattr(budget, name)
    }
    if not any(getattr(budget, name) for name in DOCUMENT_IDENTITY):
        missing["document_symbol"] = _(
            "Enter the document symbol or the document date on the edit page "
            "before circulating."
        )
    if missing:
        raise ValidationError(missing)


@transaction.atomic
def budget_circulate(*, budget: Budget, actor, on: dt.date) -> Budget:
    """ISU staff record that the approved budget was circulated to the States
    Parties on `on`, with its title block."""
    WORKFLOW.require_actor("circulate", actor, budget.convention)
    on = _date(on, "on")
    locked = lock(budget)
    WORKFLOW.require_status("circulate", locked)
    require_title_block(locked)
    locked.circulated_on = on
    _move(
        locked,
        actor=actor,
        to=Status.CIRCULATED,
        verb="circulated",
        changes={"circulated_on": [None, on.isoformat()]},
        update_fields=("circulated_on",),
    )
    return sync(budget, locked)


@transaction.atomic
def budget_adopt(
    *,
    budget: Budget,
    actor,
    on: dt.date,
    meeting: str,
    decision: str,
    document_symbol: str,
) -> Budget:
    """ISU staff record the adoption by a Meeting of the States Parties: which
    meeting, on which day, by which decision, under which document symbol. An
    adopted revision supersedes the version it revises."""
    WORKFLOW.require_actor("adopt", actor, budget.convention)
    on = _date(on, "on")
    meeting = _text(meeting, "meeting", _("Name the meeting that adopted it."), 200)
    decision = (decision or "").strip()
    document_symbol = (document_symbol or "").strip()
    if len(decision) > 200:
        raise ValidationError({"decision": _("At most 200 characters.")})
    if len(document_symbol) > 60:
        raise ValidationError({"document_symbol": _("At most 60 characters.")})
    locked = lock(budget)
    WORKFLOW.require_status("adopt", locked)
    if locked.circulated_on and on < locked.circulated_on:
        raise ValidationError(
            {
                "on": _("Adoption cannot precede circulation (%(date)s).")
                % {"date": long_date(locked.circulated_on)}
            }
        )
    changes = {
        "adopted_on": [None, on.isoformat()],
        "adopted_by": [locked.adopted_by or None, meeting],
    }
    locked.adopted_on, locked.adopted_by = on, meeting
    if decision:
        changes["adoption_decision"] = [locked.adoption_decision or None, decision]
        locked.adoption_decision = decision
    if document_symbol and document_symbol != locked.document_symbol:
        changes["document_symbol"] = [locked.document_symbol or None, document_symbol]
        locked.document_symbol = document_symbol
    _move(
        locked,
        actor=actor,
        to=Status.ADOPTED,
        verb="adopted",
        changes=changes,
        update_fields=(
            "adopted_on",
            "adopted_by",
            "adoption_decision",
            "document_symbol",
        ),
    )
    if locked.revises_id is not None:
        previous = lock(locked.revises)
        if previous.status == Status.ADOPTED:
            _move(
                previous,
                actor=actor,
                to=Status.SUPERSEDED,
                verb="superseded",
                changes={"superseded_by": [None, str(locked)]},
            )
    return sync(budget, locked)
