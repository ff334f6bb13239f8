"""Meetings of the conventions: Meetings of the States Parties, Review Conferences,
intersessional meetings, committee meetings and the rest; their agendas, documents,
participants and the Sponsorship Programme."""

from django.db.models import Q

from ism.access import EVERY_ROW, Scope, register
from meetings.models.documents import UN_LANGUAGES, DocumentFile, MeetingDocument
from meetings.models.meeting import (
    AgendaItem,
    Meeting,
    agenda_sort_key,
    default_title,
    validate_agenda_number,
)
from meetings.models.participants import Delegation, Participant
from meetings.models.sponsorship import (
    KeyObligation,
    SponsorshipApplication,
    SponsorshipProgramme,
)

__all__ = [
    "UN_LANGUAGES",
    "AgendaItem",
    "Delegation",
    "DocumentFile",
    "KeyObligation",
    "Meeting",
    "MeetingDocument",
    "Participant",
    "SponsorshipApplication",
    "SponsorshipProgramme",
    "agenda_sort_key",
    "default_title",
    "validate_agenda_number",
]

# --- Who sees what (the policy itself is ism.access) ----------------------------------
_PUBLIC_KINDS = list(Meeting.PUBLIC_KINDS)

# Open meetings are public; working meetings (committees, workshops, bilateral) are
# for the ISU and, where a committee is named, that committee's members.
register(
    Meeting,
    Scope(
        convention="convention",
        committee="committee",
        public=Q(kind__in=_PUBLIC_KINDS),
    ),
)
register(
    AgendaItem,
    Scope(
        convention="meeting__convention",
        committee="meeting__committee",
        public=Q(meeting__kind__in=_PUBLIC_KINDS),
    ),
)
# A restricted document is for the convention's ISU staff (and auditors) and, for a
# committee meeting, that committee's members; a public one for whoever may see
# the meeting.
register(
    MeetingDocument,
    Scope(
        convention="meeting__convention",
        committee="meeting__committee",
        public=Q(is_public=True, meeting__kind__in=_PUBLIC_KINDS),
    ),
)
register(
    DocumentFile,
    Scope(
        convention="document__meeting__convention",
        committee="document__meeting__committee",
        public=Q(document__is_public=True, document__meeting__kind__in=_PUBLIC_KINDS),
    ),
)
# Who attends an open meeting is public; a State's focal points see (and keep) their
# own delegation in full.
register(
    Delegation,
    Scope(
        convention="meeting__convention",
        state="state",
        committee="meeting__committee",
        public=Q(meeting__kind__in=_PUBLIC_KINDS),
    ),
)
# People: only those who agreed to publication are public, and only their name,
# function and delegation are ever shown outside the ISU and their own State.
register(
    Participant,
    Scope(
        convention="delegation__meeting__convention",
        state="delegation__state",
        committee="delegation__meeting__committee",
        public=Q(
            consent_to_publication=True, delegation__meeting__kind__in=_PUBLIC_KINDS
        ),
    ),
)
# Focal points of the convention may read the programme (to apply to it).
register(SponsorshipProgramme, Scope(convention="convention", for_states=EVERY_ROW))
# An application belongs to its State: its focal points and the ISU see it, no other
# State ever does.
register(
    SponsorshipApplication,
    Scope(
        convention="programme__convention",
        state="participant__delegation__state",
    ),
)
register(KeyObligation, Scope(convention="convention"))
