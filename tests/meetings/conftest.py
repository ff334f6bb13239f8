"""Meetings fixtures: a Meeting of the States Parties, a committee meeting, files.

Factories live here (tests/factories.py is shared): each keeps relations
consistent — a committee meeting's committee is of the meeting's convention, a
delegate's State takes part in the convention."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from djmoney.money import Money

from ism.models import Committee
from meetings.models import (
    AgendaItem,
    Delegation,
    Meeting,
    Participant,
    SponsorshipApplication,
    SponsorshipProgramme,
    agenda_sort_key,
)
from tests.pdfs import one_page_pdf

HERE = Path(__file__).parent

# tests/factories.py (not this folder's): UserFactory sets the password with a
# PostGenerationMethodCall, which factory_boy 3.3 deprecates. Let through here alone,
# as tests/ism does; delete with its fix (`factory.django.Password`).
KNOWN_WARNINGS = [
    "ignore:UserFactory._after_postgeneration will stop saving:DeprecationWarning",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(item.fspath).is_relative_to(HERE):
            for spec in KNOWN_WARNINGS:
                item.add_marker(pytest.mark.filterwarnings(spec))


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test stores its uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_meeting(convention, **fields) -> Meeting:
    defaults = {
        "kind": Meeting.Kind.MSP,
        "title": "Twenty-Second Meeting of the States Parties",
        "number": 22,
        "start": dt.date(2025, 12, 1),
        "end": dt.date(2025, 12, 5),
        "venue": "Geneva",
    }
    defaults.update(fields)
    if defaults["kind"] not in (Meeting.Kind.MSP, Meeting.Kind.REVIEW_CONFERENCE):
        defaults["number"] = fields.get("number")
    return Meeting.objects.create(convention=convention, **defaults)


def make_committee_meeting(committee: Committee, day: dt.date, **fields) -> Meeting:
    kind = (
        Meeting.Kind.COORDINATING
        if committee.kind == Committee.Kind.COORDINATING
        else Meeting.Kind.THEMATIC
    )
    return make_meeting(
        committee.convention,
        kind=fields.pop("kind", kind),
        title=fields.pop("title", f"{committee.name} meeting"),
        number=None,
        start=day,
        end=day,
        committee=committee,
        status=fields.pop("status", Meeting.Status.HELD),
        **fields,
    )


def make_item(meeting, number: str, title: str = "") -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting,
        number=number,
        title=title or f"Item {number}",
        sort_key=agenda_sort_key(number),
    )


def make_person(meeting, state=None, organisation="", **fields) -> Participant:
    delegation, _ = Delegation.objects.get_or_create(
        meeting=meeting, state=state, organisation=organisation
    )
    defaults = {
        "given_name": "Alex",
        "family_name": "Delegate",
        "function": "Adviser",
        "gender": Participant.Gender.FEMALE,
        "consent_to_publication": True,
    }
    defaults.update(fields)
    return Participant.objects.create(delegation=delegation, **defaults)


def make_programme(convention, meetings, *, budget="100000", target=50):
    programme = SponsorshipProgramme.objects.create(
        convention=convention,
        name="Sponsorship Programme 2026",
        currency="CHF",
        budget=Money(Decimal(budget), "CHF"),
        target_delegates=target,
    )
    programme.meetings.set(meetings)
    return programme


def make_application(programme, person, *, travel="2000", status="submitted"):
    travel = Decimal(travel)
    return SponsorshipApplication.objects.create(
        programme=programme,
        participant=person,
        needs_travel=True,
        travel_amount=Money(travel, "CHF"),
        hotel_amount=Money(0, "CHF"),
        allowance_amount=Money(0, "CHF"),
        status=status,
        amount_approved=Money(travel, "CHF") if status == "approved" else None,
        decision_reason="Given" if status == "declined" else "",
    )


@pytest.fixture
def msp(apmbc) -> Meeting:
    """The Twenty-Second Meeting of the States Parties, 1-5 December 2025, planned
    (so held by its dates: registration closed)."""
    return make_meeting(apmbc)


def from_today(days: int) -> dt.date:
    """A day counted from the one clock's today (ISM_TEST_TODAY moves it)."""
    from django.utils import timezone

    return timezone.localdate() + dt.timedelta(days=days)


@pytest.fixture
def upcoming_msp(apmbc) -> Meeting:
    """The Twenty-Third Meeting of the States Parties, planned to open in two
    months (so focal points may still register), whatever the day."""
    return make_meeting(
        apmbc,
        number=23,
        title="Twenty-Third Meeting of the States Parties",
        start=from_today(60),
        end=from_today(64),
    )


# --- Files ---------------------------------------------------------------------------

PDF_BYTES = one_page_pdf()


def office_bytes(kind: str) -> bytes:
    """A minimal DOCX or XLSX: the parts a real one declares."""
    main = {
        "docx": (
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document.main+xml",
        ),
        "xlsx": (
            "xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        ),
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/'
            f'{main[0]}" ContentType="{main[1]}"/></Types>',
        )
        archive.writestr(main[0], "<xml/>")
    return buffer.getvalue()
