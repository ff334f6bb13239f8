"""Audit events: services call `audit_record` inside the transaction of the change.

`changes` is the record, written as `plain` writes values; how a history table
shows it (labels, money, dates in words) is ism.history's alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet
from djmoney.money import Money

from ism.models import AuditEvent
from ism.money import CENT

M = TypeVar("M", bound=Model)


def plain(value: Any) -> Any:
    """How a value is written in the audit trail, by services, changes_between and
    the admin alike: amounts exact with two places ("50000.00"), other decimals
    as typed ("0.195", "0.6": 0.60 and 0.6 are one value, so no change), dates
    ISO, None as None (not "None"), anything else as its text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Money):
        return str(value.amount.quantize(CENT))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{"field": [old, new]} for every field whose value changed."""
    return {
        name: [plain(before.get(name)), plain(after.get(name))]
        for name in sorted(set(before) | set(after))
        if plain(before.get(name)) != plain(after.get(name))
    }


def snapshot(obj: Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def assign(obj: Model, data: dict, fields: list[str]) -> dict[str, Any]:
    """Set those of `fields` that `data` names (the others keep their value) and
    return what they held before, for changes_between once the row is judged."""
    before = snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    return before


def changes_since(before: dict[str, Any], obj: Model) -> dict[str, list]:
    """What changed on `obj` since `before` (a snapshot, or what assign returned),
    as changes_between writes it."""
    return changes_between(before, snapshot(obj, list(before)))


def actor_or_none(actor):
    """The user to record as having done something (recorded_by, submitted_by…):
    None for a run without one (a task, a command: actor=None) or a visitor who is
    not signed in."""
    return actor if actor is not None and actor.is_authenticated else None


def audit_record(**event) -> AuditEvent:
    """Record who did what to an object (audit_event's arguments: actor, verb,
    obj, changes, convention, state). Must run in the same transaction as the
    change, so that a change and its audit row are committed together or not at
    all."""
    (recorded,) = audit_record_many([audit_event(**event)])
    return recorded


def audit_event(
    *,
    actor,
    verb: str,
    obj: Model,
    changes: dict | None = None,
    convention=None,
    state=None,
) -> AuditEvent:
    """The event audit_record records, not saved yet: a service that changes many
    rows at once (an assessment's 200 invoices) records their events in one
    INSERT with audit_record_many."""
    from ism.models import Convention

    if convention is None:
        convention = (
            obj if isinstance(obj, Convention) else getattr(obj, "convention", None)
        )
    if state is None:
        state = getattr(obj, "state", None)
    return AuditEvent(
        actor=actor_or_none(actor),
        verb=verb,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
        convention=convention if hasattr(convention, "pk") else None,
        state=state if hasattr(state, "pk") else None,
    )


def audit_record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Save events made by audit_event, in the transaction of their changes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "audit_record() must be called inside the transaction that makes the change"
        )
    if len(events) == 1:
        events[0].save()
        return events
    return AuditEvent.objects.bulk_create(events)


def history_of(obj: Model) -> QuerySet[AuditEvent]:
    """The events recorded on `obj`, newest first. Callers already may see `obj`.
    Shown in words by ism.history.entries (every history table), never as
    stored."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).select_related("actor")


def create_and_record(
    model: type[M], *, actor, verb: str, changes: dict | None = None, **fields
) -> M:
    """Create a `model` row from `fields` and record `verb` on it with
    `changes`, in the caller's transaction: the row and its audit event are
    committed together or not at all."""
    obj = model.objects.create(**fields)
    audit_record(actor=actor, verb=verb, obj=obj, changes=changes)
    return obj


def save_and_record(obj: Model, changes: dict, *, actor, verb: str, **scope) -> bool:
    """Save `obj` and record `verb` with `changes`, in the caller's transaction,
    when it is new or something changed: saving a row as it was writes nothing
    and adds nothing to its history. True when it saved. `scope` is
    audit_record's (convention=, state=)."""
    if not obj._state.adding and not changes:
        return False
    obj.save()
    audit_record(actor=actor, verb=verb, obj=obj, changes=changes, **scope)
    return True


def delete_and_record(obj: Model, *, actor, verb: str, gone: dict, **scope) -> None:
    """Record `verb` with what goes (`gone`: {"title": value}, recorded as
    [value, None]), then delete `obj`, in the caller's transaction."""
    changes = {name: [plain(value), None] for name, value in gone.items()}
    audit_record(actor=actor, verb=verb, obj=obj, changes=changes, **scope)
    obj.delete()
