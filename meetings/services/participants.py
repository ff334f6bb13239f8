"""Delegations and participants. A State's focal point registers their own State's
delegation and its people (never another State's); ISU staff register anyone,
organisations included."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.access import can_manage, require_act_for_state
from ism.audit import (
    actor_or_none,
    assign,
    changes_since,
    delete_and_record,
    save_and_record,
)
from ism.concurrency import require_fields_unchanged
from ism.models import State
from meetings import rules
from meetings.models import Delegation, Meeting, Participant
from meetings.services.base import locked

PARTICIPANT_FIELDS = [
    "honorific",
    "given_name",
    "family_name",
    "function",
    "gender",
    "email",
    "is_head",
    "consent_to_publication",
]


def _require_registration(actor, meeting: Meeting, state: State | None) -> None:
    """Staff of the convention register anyone, at any time (the list of
    participants is completed after the fact); a focal point registers their own
    State, for an open meeting whose registration has not closed (meetings.rules:
    it closes at the deadline, or when the meeting opens)."""
    if can_manage(actor, meeting.convention_id):
        return
    if state is None:
        raise PermissionDenied(_("Only ISU staff register organisations."))
    require_act_for_state(actor, state, meeting.convention_id)
    if not meeting.is_public_kind:
        raise PermissionDenied(
            _("Delegations to this meeting are registered by the ISU.")
        )
    today = timezone.localdate()
    if not rules.registration_open(meeting, today):
        raise ValidationError(rules.registration_message(meeting, today))


@transaction.atomic
def delegation_register(
    *, meeting: Meeting, actor, state: State | None = None, organisation: str = ""
) -> Delegation:
    """The delegation of `state` (or of an organisation) to `meeting`; registering
    it again returns the one there is."""
    organisation = (organisation or "").strip()
    _require_registration(actor, meeting, state)
    lookup = {"state": state} if state is not None else {"organisation": organisation}
    existing = Delegation.objects.filter(meeting=meeting, **lookup).first()
    if existing:
        return existing
    delegation = Delegation(
        meeting=meeting,
        state=state,
        organisation="" if state is not None else organisation,
        registered_by=actor_or_none(actor),
    )
    delegation.full_clean()
    save_and_record(
        delegation,
        {},
        actor=actor,
        verb="delegation registered",
        convention=meeting.convention,
        state=state,
    )
    return delegation


def _apply(participant: Participant, data: dict) -> dict:
    typed = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    before = assign(participant, typed, PARTICIPANT_FIELDS)
    if (
        participant.is_head
        and Participant.objects.filter(delegation=participant.delegation, is_head=True)
        .exclude(pk=participant.pk)
        .exists()
    ):
        raise ValidationError(
            {"is_head": _("The delegation already has a head of delegation.")}
        )
    participant.full_clean()
    changes = changes_since(before, participant)
    # The e-mail address is the ISU's working detail: keep it out of the history
    # every reader of the delegation sees.
    if "email" in changes:
        changes["email"] = ["…", "…"]
    return changes


@transaction.atomic
def participant_add(*, delegation: Delegation, data: dict, actor) -> Participant:
    meeting = delegation.meeting
    _require_registration(actor, meeting, delegation.state)
    participant = Participant(
        delegation=delegation,
        registered_by=actor_or_none(actor),
    )
    changes = _apply(participant, data)
    save_and_record(
        participant,
        changes,
        actor=actor,
        verb="participant registered",
        convention=meeting.convention,
        state=delegation.state,
    )
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, data: dict, actor) -> Participant:
    delegation = participant.delegation
    _require_registration(actor, delegation.meeting, delegation.state)
    participant = locked(participant)
    require_fields_unchanged(data, participant, PARTICIPANT_FIELDS)
    changes = _apply(participant, data)
    save_and_record(
        participant,
        changes,
        actor=actor,
        verb="participant changed",
        convention=delegation.meeting.convention,
        state=delegation.state,
    )
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, actor) -> None:
    delegation = participant.delegation
    _require_registration(actor, delegation.meeting, delegation.state)
    if hasattr(participant, "sponsorship_application"):
        raise ValidationError(
            _(
                "%(name)s has applied for sponsorship and stays on the list; "
                "write to the ISU about the application."
            )
            % {"name": participant.full_name}
        )
    delete_and_record(
        participant,
        actor=actor,
        verb="participant removed",
        gone={"name": participant.full_name},
        convention=delegation.meeting.convention,
        state=delegation.state,
    )
