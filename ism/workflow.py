"""Which step a reviewed document (a budget, a work plan) may take from which
status, and who may take it: one table per workflow, read by the services to
refuse and by the pages to show buttons, so a button is offered exactly when
the service would accept it.

Who may act is a question of the access policy (`ism.access`): a row names it
(`MANAGE`, `REVIEW`), it does not answer it. The helpers every such service
shares — lock the row, refuse from the wrong status, record a change — live
here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.access import can_manage, can_review, require_manage, require_review
from ism.audit import audit_record

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Question:
    """An access question as a pair: `can` for the page (a bool), `require` for
    the service (raises PermissionDenied with the policy's message)."""

    can: Callable[[Any, Any], bool]
    require: Callable[[Any, Any], None]


MANAGE = Question(can_manage, require_manage)  # ISU staff of the convention
REVIEW = Question(can_review, require_review)  # its Coordinating Committee


def _require_either(*questions: Question, message: Any) -> Callable[[Any, Any], None]:
    def require(user, convention) -> None:
        if not any(q.can(user, convention) for q in questions):
            raise PermissionDenied(str(message))

    return require


def either(*questions: Question, message: Any) -> Question:
    """Anyone one of the questions lets in (e.g. the ISU or the committee)."""
    return Question(
        lambda user, convention: any(q.can(user, convention) for q in questions),
        _require_either(*questions, message=message),
    )


@dataclass(frozen=True)
class Transition:
    """One step: from which statuses, who, and how a refusal names it
    ("submitted" in "cannot be submitted")."""

    sources: frozenset[str]
    who: Question
    done: Any  # a lazy participle


def step(*sources: str, who: Question, done: Any) -> Transition:
    return Transition(frozenset(sources), who, done)


class Workflow:
    """A table {action: Transition} for one kind of object, with how a refusal
    speaks of it: its noun ("budget") and what each status must be called after
    "it must be" ("a draft")."""

    def __init__(
        self, noun: Any, transitions: dict[str, Transition], must_be: dict[str, Any]
    ):
        self.noun = noun
        self.transitions = transitions
        self.must_be = must_be

    def __getitem__(self, action: str) -> Transition:
        return self.transitions[action]

    def allows(self, action: str, obj, user) -> bool:
        """The page's question: may this user take this step now?"""
        transition = self.transitions[action]
        return obj.status in transition.sources and transition.who.can(
            user, obj.convention_id
        )

    def available(self, obj, user) -> dict[str, bool]:
        """Every step of the table and whether the user may take it now."""
        return {action: self.allows(action, obj, user) for action in self.transitions}

    def require_actor(self, action: str, actor, convention) -> None:
        """The service's access check. actor=None is ISM itself (a management
        command, the demo loader); pages and the API always pass the request's
        user, which is never None (AnonymousUser at worst)."""
        if actor is not None:
            self.transitions[action].who.require(actor, convention)

    def begin(self, action: str, obj: M, actor) -> M:
        """The start of every step: who may take it, the object's row locked, and
        its status, read under that lock, one the step starts from (two steps of
        one document run one after the other; the second sees the first's
        status). The caller's instance is refreshed; the locked row is returned."""
        self.require_actor(action, actor, obj.convention)
        locked = lock(obj)
        self.require_status(action, obj)
        return locked

    def require_status(self, action: str, obj) -> None:
        """Refuse the step from a status the table does not start it from."""
        transition = self.transitions[action]
        require_status(
            obj,
            self.noun,
            sorted(transition.sources, key=list(self.must_be).index),
            action=transition.done,
            must_be=self.must_be,
        )


def require_staff(actor, convention) -> None:
    """ISU staff of the convention, for a step outside a workflow table (creating
    a document, recording an actual). actor=None is ISM itself (a management
    command, the demo loader); pages and the API always pass the request's user,
    which is never None (AnonymousUser at worst), so None cannot come from
    outside."""
    if actor is not None:
        require_manage(actor, convention)


def status_phrase(obj) -> str:
    """ "submitted to the Coordinating Committee": the status label inside a
    sentence (only its first letter lowered; committees keep their capitals)."""
    label = str(obj.get_status_display())
    return label[:1].lower() + label[1:]


def require_status(
    obj, noun: Any, allowed: Iterable[str], *, action: Any, must_be: dict[str, Any]
) -> None:
    """ "This budget is submitted to the Coordinating Committee and cannot be
    edited: it must be a draft." — one wording for every reviewed document."""
    allowed = list(allowed)
    if obj.status not in allowed:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "This %(noun)s is %(status)s and cannot be %(action)s: it must "
                    "be %(allowed)s."
                )
                % {
                    "noun": noun,
                    "status": status_phrase(obj),
                    "action": action,
                    "allowed": _(" or ").join(str(must_be[s]) for s in allowed),
                }
            }
        )


def lock(obj: M, *, related: tuple[str, ...] = ("convention",)) -> M:
    """The object's row, locked until the transaction ends, so two saves or two
    transitions of one document run one after the other and each sees the
    other's status and revision (SQLite: the IMMEDIATE transaction holds the
    write lock). The caller's instance gets the fresh state too, since callers
    keep using the instance they passed in. `related`: what the caller reads of
    it next, fetched with it."""
    model = type(obj)
    locked = (
        model.objects.select_for_update(of=("self",))
        .select_related(*related)
        .get(pk=obj.pk)
    )
    sync(obj, locked)
    return locked


def sync(target: M, source: M) -> M:
    """Copy the stored state of `source` (the row a service locked and changed)
    onto `target`, the caller's instance, so code that keeps using the instance
    it passed in sees the new status and revision. Returns `target`."""
    if target is not source:
        for f in type(source)._meta.concrete_fields:
            setattr(target, f.attname, getattr(source, f.attname))
    return target


def record_change(obj, *, actor, verb: str, changes: dict) -> None:
    """A change to what a reviewed document says, already saved by the caller: a
    new revision (its stored documents are now out of date) and an audit event,
    both in the change's transaction so neither outlives a rolled-back change.

    A work plan's areas, results and indicators are recorded on the plan itself,
    naming the statement, so the plan's history tells its whole story."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_change() must run inside the change's transaction")
    type(obj).objects.filter(pk=obj.pk).update(
        revision=F("revision") + 1, updated_at=timezone.now()
    )
    obj.revision += 1
    audit_record(actor=actor, verb=verb, obj=obj, changes=changes)


def move_to(
    obj: Model,
    status: str,
    *,
    actor,
    verb: str,
    also: Iterable[str] = (),
    changes: dict | None = None,
) -> None:
    """A step of a workflow, in the caller's transaction: `obj` moved to `status`
    and saved with the fields the caller set for the step (`also`), and the step
    recorded naming the status it left and what came with it (`changes`: the
    version, the note…)."""
    before = obj.status
    obj.status = status
    obj.save(update_fields=["status", *also, "updated_at"])
    audit_record(
        actor=actor,
        verb=verb,
        obj=obj,
        changes={"status": [before, status], **(changes or {})},
    )
