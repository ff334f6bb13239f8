"""Meetings of the conventions: Meetings of the States Parties, Review Conferences,
intersessional meetings, committee meetings and the rest; their agendas, documents,
participants and the Sponsorship Programme."""

from django.db.models import Q

from ism.access import EVERY_ROW, Scope, register
from meetings.models.documents import UN_LANGUAGES, DocumentFile, MeetingDocument
from meetings.models.kinds import MeetingKind
from meetings.models.meeting import (
    AgendaItem,
    Meeting,
    agenda_sort_key,
    default_title,
    default_titles,
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
    "MeetingKind",
    "Participant",
    "SponsorshipApplication",
    "SponsorshipProgramme",
    "agenda_sort_key",
    "default_title",
    "default_titles",
    "validate_agenda_number",
]

# --- Who sees what (the policy itself is ism.access) ----------------------------------


def _by_meeting(path: str, *, public: Q | None = None, **scope) -> Scope:
    """A row's scope through its meeting (`path` from the row to it, "" for the
    meeting itself): the meeting's convention and committee, and everyone when
    the meeting is open (and `public` holds: a restricted document, a person
    who did not agree to be named, stays out)."""
    # Open: the meeting's kind is public (its MeetingKind row says so).
    open_meeting = Q(**{f"{path}kind_row__public": True})
    return Scope(
        convention=f"{path}convention",
        committee=f"{path}committee",
        public=open_meeting if public is None else public & open_meeting,
        **scope,
    )


# Open meetings are public; working meetings (committees, workshops, bilateral) are
# for the ISU and, where a committee is named, that committee's members.
register(Meeting, _by_meeting(""))
register(AgendaItem, _by_meeting("meeting__"))
# A restricted document is for the convention's ISU staff (and auditors) and, for a
# committee meeting, that committee's members; a public one for whoever may see
# the meeting.
register(MeetingDocument, _by_meeting("meeting__", public=Q(is_public=True)))
register(
    DocumentFile,
    _by_meeting("document__meeting__", public=Q(document__is_public=True)),
)
# Who attends an open meeting is public; a State's focal points see (and keep) their
# own delegation in full.
register(Delegation, _by_meeting("meeting__", state="state"))
# People: only those who agreed to publication are public, and only their name,
# function and delegation are ever shown outside the ISU and their own State.
register(
    Participant,
    _by_meeting(
        "delegation__meeting__",
        state="delegation__state",
        public=Q(consent_to_publication=True),
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
# A convention's vocabulary is public: its pages and documents print it.
register(MeetingKind, Scope(convention="convention", public=EVERY_ROW))
