"""Demo data for meetings (called by `load_demo`): idempotent, and honest about
what is illustrative.

Facts: the 2025 meetings and events of the APMBC Committee on the Enhancement of
Cooperation and Assistance (ism/reference/apmbc-2025-cooperation-committee.json),
the Twenty-Second Meeting of the States Parties (Geneva, 1-5 December 2025) with
the agenda items and documents the seeds name, and the CCM's Eleventh Meeting of
States Parties (Geneva, 11-14 September 2023) with CCM/MSP/2023/2.

Illustrative, and flagged so on every page: the Twenty-Third Meeting's dates, the
2026 intersessional meetings, the Coordinating Committee's meeting dates, the
delegations, people, the Sponsorship Programme 2026 and its applications, the key
obligations, and every document file (placeholders).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from ism.demo import COOPERATION, COORDINATING, reference, state_by_name
from ism.models import Committee, Convention, State
from meetings.models import (
    AgendaItem,
    Delegation,
    DocumentFile,
    KeyObligation,
    Meeting,
    MeetingDocument,
    Participant,
    agenda_sort_key,
)

D = dt.date
GENEVA = "Geneva"
SOURCE = (
    "From the report of the Committee on the Enhancement of Cooperation and "
    "Assistance to the Twenty-Second Meeting (agenda item 9(c), 8 October 2025)."
)

_KINDS = {
    "committee meeting": Meeting.Kind.THEMATIC,
    "feedback": Meeting.Kind.THEMATIC,
    "workshop": Meeting.Kind.WORKSHOP,
    "bilateral": Meeting.Kind.BILATERAL,
    "intersessional meetings": Meeting.Kind.INTERSESSIONAL,
    "Meeting of the States Parties": Meeting.Kind.MSP,
}

MSP22_AGENDA = [
    ("9", "Consideration of the general status and operation of the Convention"),
    ("9(c)", "Cooperation and assistance"),
    ("9(h)", "Implementation support"),
    (
        "9(h)(i)",
        "Report on the activities, functioning and finances of the Implementation "
        "Support Unit, and the work plan and budget of the Unit for 2026",
    ),
]
MSP22_DOCUMENTS = [
    (
        "9(c)",
        "Conclusions and recommendations related to the mandate of the Committee on "
        "the Enhancement of Cooperation and Assistance: report on activities and "
        "priorities 2025-2026",
    ),
    ("9(h)(i)", "Implementation Support Unit 2026 budget and work plan"),
]

# Illustrative: dates the documents do not give.
COORDINATING_DATES = [
    D(2025, 2, 10),
    D(2025, 4, 7),
    D(2025, 9, 15),
    D(2025, 11, 3),
    D(2026, 1, 26),
    D(2026, 3, 16),
    D(2026, 5, 11),
    D(2026, 9, 14),
]
COOPERATION_2026_DATES = [D(2026, 1, 20), D(2026, 4, 20)]
INTERSESSIONAL_2026 = (D(2026, 6, 16), D(2026, 6, 19))
PLANNED_COORDINATING = D(2026, 12, 14)
# Illustrative outstanding obligations, for the programme's statistics.
CLEARANCE_STATES = [
    "Afghanistan",
    "Angola",
    "Cambodia",
    "Ethiopia",
    "Iraq",
    "Senegal",
    "Sri Lanka",
    "Sudan",
    "Tajikistan",
    "Yemen",
    "Zimbabwe",
    "Ecuador",
    "Peru",
    "Ukraine",
    "Bosnia and Herzegovina",
]
# (State, given, family, gender, meeting, decision) — illustrative people.
APPLICATIONS = [
    ("Cambodia", "Sophea", "Chan", "female", "IS", "approved"),
    ("Senegal", "Awa", "Ndiaye", "female", "IS", "approved"),
    ("Sri Lanka", "Nimal", "Perera", "male", "IS", "approved"),
    ("Ecuador", "Lucía", "Andrade", "female", "IS", "approved"),
    ("Ethiopia", "Dawit", "Bekele", "male", "IS", "approved"),
    ("Tajikistan", "Farrukh", "Saidov", "male", "IS", "approved"),
    ("Angola", "Joana", "Mateus", "female", "IS", "waitlisted"),
    ("Albania", "Arben", "Hoxha", "male", "IS", "declined"),
    ("Yemen", "Huda", "Saleh", "female", "MSP23", "approved"),
    ("Peru", "Carlos", "Quispe", "male", "MSP23", "approved"),
    ("Zimbabwe", "Tendai", "Moyo", "female", "MSP23", "submitted"),
    ("Iraq", "Zainab", "Hassan", "female", "MSP23", "submitted"),
    ("Mali", "Moussa", "Traoré", "male", "MSP23", "submitted"),
]
FUNCTIONS = [
    "Director, National Mine Action Authority",
    "Deputy Director, Mine Action Centre",
    "Victim Assistance Focal Point, Ministry of Health",
    "Counsellor, Permanent Mission in Geneva",
]


def _placeholder_pdf(convention: str, meeting: str, symbol: str, title: str, date):
    """A placeholder's PDF, the same in every language it stands in for; kept for
    the process: every load of the demo on a day draws the same few (the suite
    loads it dozens of times, a WeasyPrint render each)."""
    from django.utils import translation

    return _placeholder_render(
        translation.get_language(), convention, meeting, symbol, title, date
    )


@functools.lru_cache(maxsize=64)
def _placeholder_render(language, convention, meeting, symbol, title, date) -> bytes:
    from ism.documents import render_pdf

    return render_pdf(
        "pdf/meeting_placeholder.html",
        {
            "convention": convention,
            "meeting": meeting,
            "symbol": symbol,
            "title": title,
            "date": date,
        },
    )


def _meeting(convention, *, kind, title, start, end=None, **extra) -> Meeting:
    meeting, _ = Meeting.objects.get_or_create(
        convention=convention,
        kind=kind,
        start=start,
        title=title,
        defaults={"end": end or start, "venue": GENEVA, **extra},
    )
    return meeting


def _agenda(meeting: Meeting, items) -> dict[str, AgendaItem]:
    out = {}
    for number, title in items:
        out[number], _ = AgendaItem.objects.get_or_create(
            meeting=meeting,
            number=number,
            defaults={"title": title, "sort_key": agenda_sort_key(number)},
        )
    return out


def _document(meeting, *, title, item, date, symbol="", languages=("en",)):
    document, _ = MeetingDocument.objects.get_or_create(
        meeting=meeting,
        title=title,
        defaults={
            "symbol": symbol,
            "agenda_item": item,
            "original_language": "en",
            "date": date,
            "is_public": True,
            "illustrative": True,  # the files are placeholders
        },
    )
    for language in languages:
        if document.files.filter(language=language).exists():
            continue
        pdf = _placeholder_pdf(
            meeting.convention.name, meeting.title, symbol, title, date
        )
        stored = DocumentFile(
            document=document,
            language=language,
            kind=DocumentFile.Kind.PDF,
            original_name=f"{document.file_stem}-{language}.pdf",
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
        )
        stored.file.save("placeholder", ContentFile(pdf), save=False)
        stored.save()
    return document


def _delegation(meeting, *, state=None, organisation="") -> Delegation:
    delegation, _ = Delegation.objects.get_or_create(
        meeting=meeting,
        state=state,
        organisation=organisation,
        defaults={"illustrative": True},
    )
    return delegation


def _person(delegation, given, family, **fields) -> Participant:
    person, _ = Participant.objects.get_or_create(
        delegation=delegation, given_name=given, family_name=family, defaults=fields
    )
    return person


def _apmbc_2025(apmbc, cooperation) -> dict[str, Meeting]:
    meetings = {}
    for event in reference("apmbc-2025-cooperation-committee.json")[
        "meetings_and_events"
    ]:
        kind = _KINDS[event["kind"]]
        start = D.fromisoformat(event.get("date") or event["date_from"])
        end = D.fromisoformat(event.get("date") or event["date_to"])
        title = event["title"]
        extra = {"status": Meeting.Status.HELD, "description": SOURCE}
        if kind == Meeting.Kind.MSP:
            title = "Twenty-Second Meeting of the States Parties"
            extra.update(number=22, description="")
        elif kind != Meeting.Kind.INTERSESSIONAL:
            extra["committee"] = cooperation
        meetings[event["kind"]] = _meeting(
            apmbc, kind=kind, title=title, start=start, end=end, **extra
        )
    return meetings


@transaction.atomic
def load(today: dt.date | None = None) -> dict[str, int]:
    """The demo's meetings as of `today` (default: the one clock's day)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    apmbc = Convention.objects.get(code="APMBC")
    ccm = Convention.objects.get(code="CCM")
    cooperation = Committee.objects.get(convention=apmbc, name=COOPERATION)
    coordinating_committee = Committee.objects.get(convention=apmbc, name=COORDINATING)

    held_2025 = _apmbc_2025(apmbc, cooperation)
    msp22 = held_2025["Meeting of the States Parties"]
    items = _agenda(msp22, MSP22_AGENDA)
    for number, title in MSP22_DOCUMENTS:
        _document(
            msp22,
            title=title,
            item=items[number],
            date=D(2025, 10, 8),
            languages=("en", "zh"),
        )

    from meetings.demo_cycle import coordinating

    for day in COORDINATING_DATES:
        coordinating(apmbc, coordinating_committee, day, status=Meeting.Status.HELD)
    coordinating(apmbc, coordinating_committee, PLANNED_COORDINATING)
    for day in COOPERATION_2026_DATES:
        _meeting(
            apmbc,
            kind=Meeting.Kind.THEMATIC,
            title="Committee on the Enhancement of Cooperation and Assistance",
            start=day,
            committee=cooperation,
            status=Meeting.Status.HELD,
            illustrative=True,
            online=True,
            venue="",
        )
    # The CCM's Eleventh Meeting and the ISU's 2024 work plan and budget.
    msp11 = _meeting(
        ccm,
        kind=Meeting.Kind.MSP,
        number=11,
        title="Eleventh Meeting of States Parties",
        start=D(2023, 9, 11),
        end=D(2023, 9, 14),
        status=Meeting.Status.HELD,
    )
    ccm_items = _agenda(
        msp11,
        [
            (
                "10",
                "Review of the status and operation of the Convention and other "
                "matters important for achieving the aims of the Convention",
            ),
            ("10(i)", "Implementation support"),
        ],
    )
    _document(
        msp11,
        symbol="CCM/MSP/2023/2",
        title="Implementation Support Unit 2024 work plan and budget",
        item=ccm_items["10(i)"],
        date=D(2023, 6, 1),
    )

    _obligations(apmbc)
    _participants(msp22)
    from meetings import demo_cycle

    applications = demo_cycle.load(apmbc, coordinating_committee, today)
    return {"meetings": Meeting.objects.count(), "applications": applications}


def _participants(meeting: Meeting) -> None:
    norway = State.objects.get(iso3="NOR")
    switzerland = State.objects.get(iso3="CHE")
    nor = _delegation(meeting, state=norway)
    _person(
        nor,
        "Ingrid",
        "Larsen",
        honorific="H.E. Ms.",
        function="Ambassador, Permanent Representative",
        gender="female",
        is_head=True,
        consent_to_publication=True,
    )
    _person(
        nor,
        "Erik",
        "Haugen",
        honorific="Mr.",
        function="Senior Adviser",
        gender="male",
        consent_to_publication=False,
    )
    che = _delegation(meeting, state=switzerland)
    _person(
        che,
        "Claire",
        "Favre",
        honorific="Ms.",
        function="Head of Section, Arms Control",
        gender="female",
        is_head=True,
        consent_to_publication=True,
    )
    icbl = _delegation(meeting, organisation="International Campaign to Ban Landmines")
    _person(
        icbl,
        "Sam",
        "Okafor",
        honorific="Mr.",
        function="Policy Lead",
        gender="male",
        consent_to_publication=True,
    )


def _obligations(apmbc) -> None:
    for name in CLEARANCE_STATES:
        KeyObligation.objects.get_or_create(
            convention=apmbc,
            state=state_by_name(name),
            kind="clearance",
            defaults={"illustrative": True},
        )
