"""Meetings and their agendas: ISU staff of the convention create and change them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.access import require_manage
from ism.audit import (
    assign,
    audit_record,
    changes_since,
    delete_and_record,
    save_and_record,
    snapshot,
)
from ism.concurrency import require_fields_unchanged
from ism.models import Convention
from meetings.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    agenda_sort_key,
    default_titles,
)
from meetings.services.base import locked

# What a meeting is, as staff set it: the API gives the same facts in this order
# (meetings.api.MeetingSerializer), so a fact staff can set is one the API shows.
MEETING_FACTS = [
    "kind",
    "number",
    "title",
    "start",
    "end",
    "venue",
    "online",
    "committee",
    "presiding_officer",
    "status",
]
# What the meeting form edits and the service saves.
MEETING_FIELDS = [
    *MEETING_FACTS,
    "registration_deadline",
    "description",
    "illustrative",
]


def _today() -> dt.date:
    return timezone.localdate()


def _check_status(meeting: Meeting, *, today: dt.date) -> None:
    # A meeting is "held" once it has begun; marking a future one held would count
    # it in the work plan's "committee meetings supported" before it took place.
    # (Left planned, it becomes held by its dates alone: meetings.rules.)
    if meeting.status == Meeting.Status.HELD and meeting.start > today:
        raise ValidationError(
            {"status": _("A meeting that has not begun cannot be marked as held.")}
        )


def _apply(meeting: Meeting, data: dict, *, today: dt.date) -> dict:
    before = assign(meeting, data, MEETING_FIELDS)
    if meeting.start and not meeting.end:
        meeting.end = meeting.start
    kind = MeetingKind.objects.filter(
        convention_id=meeting.convention_id, code=meeting.kind
    ).first()
    if not (meeting.title or "").strip() and kind is not None:
        # The kind's title in every language ("Twenty-Sixth Meeting of the High
        # Contracting Parties", "Vingt-sixième Réunion …"): stored as the
        # title and its translations, which staff may then change.
        for field, title in default_titles(kind, meeting.number).items():
            setattr(meeting, field, title)
    if (
        meeting.number
        and Meeting.objects.filter(
            convention_id=meeting.convention_id,
            kind=meeting.kind,
            number=meeting.number,
        )
        .exclude(pk=meeting.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "number": _("The %(ordinal)s %(kind)s is already recorded.")
                % {"ordinal": meeting.ordinal, "kind": kind.label if kind else ""}
            }
        )
    meeting.full_clean()
    _check_status(meeting, today=today)
    return changes_since(before, meeting)


@transaction.atomic
def meeting_create(*, convention: Convention, data: dict, actor) -> Meeting:
    require_manage(actor, convention)
    meeting = Meeting(convention=convention)
    changes = _apply(meeting, data, today=_today())
    save_and_record(meeting, changes, actor=actor, verb="meeting created")
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, actor) -> Meeting:
    require_manage(actor, meeting.convention_id)
    meeting = locked(meeting)
    require_fields_unchanged(data, meeting, MEETING_FIELDS)
    changes = _apply(meeting, data, today=_today())
    save_and_record(meeting, changes, actor=actor, verb="meeting changed")
    return meeting


@transaction.atomic
def meeting_set_status(*, meeting: Meeting, status: str, actor) -> Meeting:
    """Staff's decision: held (once it has begun), cancelled, postponed, or planned
    again (its phase then follows its dates)."""
    require_manage(actor, meeting.convention_id)
    meeting = locked(meeting)
    if status not in Meeting.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == meeting.status:
        return meeting
    before = meeting.status
    meeting.status = status
    _check_status(meeting, today=_today())
    meeting.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb=f"meeting {Meeting.Status(status).value}",
        obj=meeting,
        changes={"status": [before, status]},
    )
    return meeting


@transaction.atomic
def agenda_item_save(
    *, meeting: Meeting, number: str, title: str, actor, item: AgendaItem | None = None
) -> AgendaItem:
    """Add an item to the agenda, or change one (number and title)."""
    require_manage(actor, meeting.convention_id)
    number = (number or "").strip()
    created = item is None
    item = AgendaItem(meeting=meeting) if created else locked(item)
    if item.meeting_id != meeting.pk:
        raise ValidationError(_("This agenda item is another meeting's."))
    before = snapshot(item, ["number", "title"])
    item.number, item.title = number, (title or "").strip()
    try:
        item.sort_key = agenda_sort_key(number)
    except ValueError:
        item.sort_key = ""  # full_clean reports the number's format below
    duplicate = (
        AgendaItem.objects.filter(meeting=meeting, number=number)
        .exclude(pk=item.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError(
            {"number": _("The agenda already has an item %(n)s.") % {"n": number}}
        )
    item.full_clean(exclude=["sort_key"])
    save_and_record(
        item,
        changes_since(before, item),
        actor=actor,
        verb="agenda item added" if created else "agenda item changed",
        convention=meeting.convention,
    )
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor) -> None:
    meeting = item.meeting
    require_manage(actor, meeting.convention_id)
    delete_and_record(
        item,
        actor=actor,
        verb="agenda item removed",
        gone={"number": item.number, "title": item.title},
        convention=meeting.convention,
    )
