"""The decade world's meetings: each convention's Meeting of the States Parties of
every year, each with MEETING_PARTICIPANTS registered participants.

Made by the services the pages use (`meeting_create`, `delegation_register`,
`participant_add`), as the convention's ISU staff (the demo's staff user, or
its administrator for the CCW, which has none): every State Party sends a
delegation of two or three, its first person the head; four in five agree to
publication. A Meeting the demo already has (the APMBC's Twenty-Second and
Twenty-Third, the CCM's Eleventh) is filled up to the same count. Building runs
in bench/world.py's process (DATABASE_URL is the world's).
"""

from __future__ import annotations

import datetime as dt
import zlib

PARTICIPANTS = 500
GIVEN = [
    "Amina",
    "Carlos",
    "Chen",
    "Dara",
    "Elena",
    "Farid",
    "Grace",
    "Hana",
    "Ivan",
    "Jonas",
    "Kofi",
    "Lena",
    "Maya",
    "Nikolai",
    "Omar",
    "Priya",
    "Rosa",
    "Sami",
    "Tomas",
    "Yara",
]
FAMILY = [
    "Abebe",
    "Bauer",
    "Costa",
    "Diallo",
    "Eriksen",
    "Fernandez",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kim",
    "Lopez",
    "Mensah",
    "Novak",
    "Okoye",
    "Petrov",
    "Rahman",
    "Silva",
    "Tanaka",
    "Weber",
]
FUNCTIONS = (
    "Ambassador, Permanent Representative",
    "Counsellor, Permanent Mission",
    "Director, National Mine Action Authority",
    "Legal Adviser, Ministry of Foreign Affairs",
    "Victim Assistance Focal Point, Ministry of Health",
)


def _dates(code: str, year: int) -> tuple[dt.date, dt.date]:
    """The APMBC's Meeting on the demo's calendar (meetings.demo_cycle); the CCM's
    from the second Monday of September (its Eleventh: 11-14 September 2023); the
    CCW's from the first Wednesday on or after 13 November (invented)."""
    from meetings.demo_cycle import msp_dates

    if code == "APMBC":
        return msp_dates(year)
    if code == "CCM":
        first = dt.date(year, 9, 1)
        start = first + dt.timedelta(days=(7 - first.weekday()) % 7 + 7)
        return start, start + dt.timedelta(days=3)
    first = dt.date(year, 11, 13)
    start = first + dt.timedelta(days=(2 - first.weekday()) % 7)
    return start, start + dt.timedelta(days=2)


# The Meeting of year Y is the (Y - offset)th: the APMBC's 22nd was in 2025
# (meetings.demo_cycle), the CCM's 11th in 2023; the CCW's numbers are invented.
NUMBER_OFFSET = {"APMBC": 2003, "CCM": 2012, "CCW": 2007}


def _actor(convention):
    """The convention's ISU staff in the demo, else its administrator."""
    from django.contrib.auth import get_user_model

    from ism.models import Role, RoleAssignment

    staff = (
        RoleAssignment.objects.filter(convention=convention, role=Role.ISU_STAFF)
        .select_related("user")
        .first()
    )
    if staff is not None:
        return staff.user
    return get_user_model().objects.get(username="admin")


def _meeting(convention, year: int, actor):
    from meetings.models import Meeting
    from meetings.services import meeting_create

    number = year - NUMBER_OFFSET[convention.code]
    existing = Meeting.objects.filter(
        convention=convention, kind=Meeting.Kind.MSP, number=number
    ).first()
    if existing is not None:
        return existing
    start, end = _dates(convention.code, year)
    return meeting_create(
        convention=convention,
        data={
            "kind": Meeting.Kind.MSP,
            "number": number,
            "title": "",  # the service names it: "Fifteenth Meeting of the ..."
            "start": start,
            "end": end,
            "venue": "Geneva",
            "online": False,
            "committee": None,
            "presiding_officer": "",
            "status": Meeting.Status.PLANNED,
            "registration_deadline": None,
            "description": "",
            "illustrative": True,
        },
        actor=actor,
    )


def _person(state, n: int, seed: int) -> dict:
    given = GIVEN[(seed + n) % len(GIVEN)]
    family = FAMILY[(seed // 7 + 3 * n) % len(FAMILY)]
    return {
        "honorific": "Ms." if n % 2 else "Mr.",
        "given_name": given,
        "family_name": f"{family} {state.iso3}-{n + 1}",
        "function": FUNCTIONS[(seed + n) % len(FUNCTIONS)],
        "gender": "female" if n % 2 else "male",
        "email": f"{given.lower()}.{state.iso3.lower()}{n + 1}@bench.ism.invalid",
        "is_head": False,
        "consent_to_publication": (seed + n) % 5 != 0,
    }


def register(meeting, states: list, actor) -> int:
    """Delegations of `states` to `meeting` until it has PARTICIPANTS people."""
    from django.db import transaction

    from meetings.models import Participant
    from meetings.services import delegation_register, participant_add

    have = Participant.objects.filter(delegation__meeting=meeting).count()
    share, extra = divmod(PARTICIPANTS, len(states))
    with transaction.atomic():
        for index, state in enumerate(states):
            if have >= PARTICIPANTS:
                break
            delegation = delegation_register(meeting=meeting, state=state, actor=actor)
            headed = delegation.participants.filter(is_head=True).exists()
            seed = zlib.crc32(f"{meeting.pk}:{state.iso3}".encode())
            for n in range(min(share + (index < extra), PARTICIPANTS - have)):
                data = _person(state, n, seed)
                data["is_head"] = not headed and n == 0
                participant_add(delegation=delegation, data=data, actor=actor)
                have += 1
    return have


def build(convention, states: list, years: range) -> int:
    """Every year's Meeting of `convention`, each with PARTICIPANTS people."""
    actor = _actor(convention)
    total = 0
    for year in years:
        total += register(_meeting(convention, year, actor), states, actor)
    return total
