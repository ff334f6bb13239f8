"""Writes to the core: each one validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime as dt

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ism.audit import audit_record, save_and_record
from ism.concurrency import require_fields_unchanged
from ism.models import Committee, CommitteeChair, State
from ism.models.bank import BANK_FIELDS
from ism.models.core import PLAN_AND_REPORTING_FIELDS
from ism.un_members import UN_MEMBER_ALPHA3, UN_OBSERVER_ALPHA3
from ism.vocabulary import rows_sync, with_translations


def states_sync() -> int:
    """Create or update every UN member and observer State from ISO 3166 (pycountry).

    Idempotent: run again, nothing changes. Returns the number of States created.
    """
    states = {}
    for alpha3 in sorted(UN_MEMBER_ALPHA3 | UN_OBSERVER_ALPHA3):
        country = pycountry.countries.get(alpha_3=alpha3)
        states[alpha3] = {
            "iso2": country.alpha_2,
            "name": getattr(country, "common_name", None) or country.name,
            "official_name": getattr(country, "official_name", "") or country.name,
            "un_status": (
                State.UNStatus.MEMBER
                if alpha3 in UN_MEMBER_ALPHA3
                else State.UNStatus.OBSERVER
            ),
        }
    with transaction.atomic():
        return rows_sync(State, states, key="iso3")


@transaction.atomic
def committee_chair_change(
    *, committee: Committee, state: State, start: dt.date, actor, note: str = ""
) -> CommitteeChair:
    """Hand the chair to `state` from `start`; the sitting chair's term ends the day
    before. The new chair must be a member of the committee on that date."""
    is_member = committee.memberships.filter(
        state=state, term_start__lte=start, term_end__gte=start
    ).exists()
    if not is_member:
        raise ValidationError(
            {"state": f"{state} is not a member of {committee.name} on {start}."}
        )
    current = (
        committee.chairs.select_for_update()
        .filter(Q(end__isnull=True) | Q(end__gte=start), start__lt=start)
        .order_by("-start")
        .first()
    )
    if current is not None:
        current.end = start - dt.timedelta(days=1)
        current.save(update_fields=["end"])
    chair = CommitteeChair.objects.create(
        committee=committee, state=state, start=start, note=note
    )
    audit_record(
        actor=actor,
        verb="chair changed",
        obj=committee,
        changes={
            "chair": [str(current.state) if current else None, str(state)],
            "from": [None, start.isoformat()],
        },
    )
    return chair


CONVENTION_EDITABLE = [
    "host",
    "iati_org_ref",
    *PLAN_AND_REPORTING_FIELDS,
    "assessment_floor",
    "assessment_ceiling",
    # What a party is called, in the original and each language (issue 17).
    *with_translations("party_singular", "party_plural", "party_of"),
    *BANK_FIELDS,
]


def _apply(obj, data: dict, fields: list[str]) -> dict:
    """Set `fields` of `obj` from `data`, validate the row; return what changed."""
    from ism.audit import changes_between, snapshot

    before = snapshot(obj, fields)
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    obj.full_clean()
    return changes_between(before, snapshot(obj, fields))


@transaction.atomic
def convention_update(*, convention, data: dict, actor):
    """ISU staff update their convention's settings (the caller checked access)."""
    from ism.access import require_manage

    require_manage(actor, convention)
    convention = type(convention).objects.select_for_update().get(pk=convention.pk)
    require_fields_unchanged(data, convention, CONVENTION_EDITABLE)
    changes = _apply(convention, data, CONVENTION_EDITABLE)
    save_and_record(
        convention, changes, actor=actor, verb="settings changed", convention=convention
    )
    return convention


@transaction.atomic
def state_contact_save(*, state, convention, data: dict, actor):
    """A State's focal point (or the convention's ISU staff) records where the ISU
    writes to the State."""
    from django.core.exceptions import PermissionDenied

    from ism.access import can_edit_state_data
    from ism.models import StateContact

    if not can_edit_state_data(actor, state, convention):
        raise PermissionDenied("Only the State's focal point or ISU staff may do this.")
    contact = StateContact.objects.select_for_update().filter(
        state=state, convention=convention
    ).first() or StateContact(state=state, convention=convention)
    created = contact.pk is None
    changes = _apply(
        contact, data, ["recipient", "address", "emails", "working_language"]
    )
    save_and_record(
        contact,
        changes,
        actor=actor,
        verb="contact created" if created else "contact changed",
    )
    return contact
