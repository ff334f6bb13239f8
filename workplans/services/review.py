"""The review conversation: members of the Coordinating Committee comment on any
statement of a submitted plan, the ISU answers, either side resolves a thread
(or reopens it). Every step is audited on the plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.audit import audit_record
from workplans.models import Result, ReviewComment, ReviewThread, WorkPlan
from workplans.services.base import WORKFLOW
from workplans.services.chain import label_of


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("Keep a comment under 5,000 characters.")})
    return text


def _audit(thread: ReviewThread, *, actor, verb: str, changes: dict) -> None:
    audit_record(
        actor=actor,
        verb=verb,
        obj=thread.workplan,
        convention=thread.workplan.convention,
        changes={"on": [None, thread.statement_label or _("the work plan")], **changes},
    )


@transaction.atomic
def thread_open(
    *, workplan: WorkPlan, text: str, actor, result: Result | None = None
) -> ReviewThread:
    """A new thread on `result` (or on the plan as a whole) with its first comment."""
    WORKFLOW.begin("discuss", workplan, actor)
    if result is not None and result.workplan_id != workplan.pk:
        raise ValidationError({"result": _("Choose a statement of this work plan.")})
    text = _clean(text)
    thread = ReviewThread.objects.create(
        workplan=workplan,
        result=result,
        result_key=result.key if result else None,
        statement_label=label_of(result) if result else "",
        statement_text=result.text if result else "",
        version=workplan.versions.order_by("-number").first(),
        opened_by=actor,
    )
    ReviewComment.objects.create(thread=thread, author=actor, text=text)
    _audit(
        thread, actor=actor, verb="comment posted", changes={"comment": [None, text]}
    )
    return thread


def _thread_begin(thread: ReviewThread, actor) -> ReviewThread:
    """The start of every step in a thread: a participant in the review, a plan
    still under discussion, and the plan's row then the thread's locked, so an
    answer and a resolution of one thread run one after the other."""
    WORKFLOW.begin("discuss", thread.workplan, actor)
    fresh = ReviewThread.objects.select_for_update().get(pk=thread.pk)
    thread.resolved_at, thread.resolved_by_id = fresh.resolved_at, fresh.resolved_by_id
    return thread


@transaction.atomic
def comment_add(*, thread: ReviewThread, text: str, actor) -> ReviewComment:
    """An answer in a thread. Answering a resolved thread reopens it: a new
    question deserves an answer."""
    _thread_begin(thread, actor)
    text = _clean(text)
    comment = ReviewComment.objects.create(thread=thread, author=actor, text=text)
    changes: dict = {"comment": [None, text]}
    if not thread.is_open:
        thread.resolved_at = thread.resolved_by = None
        thread.save(update_fields=["resolved_at", "resolved_by"])
        changes["thread"] = ["resolved", "open"]
    _audit(thread, actor=actor, verb="comment answered", changes=changes)
    return comment


def _thread_mark(thread: ReviewThread, *, actor, resolved: bool) -> bool:
    """Resolve or reopen the thread; False when it already was."""
    if thread.is_open != resolved:
        return False
    thread.resolved_at = timezone.now() if resolved else None
    thread.resolved_by = actor if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    states = ["open", "resolved"] if resolved else ["resolved", "open"]
    verb = "thread resolved" if resolved else "thread reopened"
    _audit(thread, actor=actor, verb=verb, changes={"thread": states})
    return True


@transaction.atomic
def thread_resolve(*, thread: ReviewThread, actor) -> bool:
    _thread_begin(thread, actor)
    return _thread_mark(thread, actor=actor, resolved=True)


@transaction.atomic
def thread_reopen(*, thread: ReviewThread, actor) -> bool:
    _thread_begin(thread, actor)
    return _thread_mark(thread, actor=actor, resolved=False)
