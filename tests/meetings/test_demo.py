"""The demo: the 2025 APMBC meetings from the reference file, the Twenty-Second
Meeting with its documents, the 2026 programme — idempotent."""

import json
from pathlib import Path

import pytest

from ism.demo import load_core
from ism.models import Convention
from meetings import demo
from meetings.models import Meeting, SponsorshipApplication
from meetings.selectors import circulation_deadline, committee_meetings_held

REFERENCE = Path(__file__).resolve().parents[2] / "ism/reference"


@pytest.fixture(scope="module")
def _loaded_once(django_db_setup, django_db_blocker):
    """The core and the meetings demo, loaded once for the module's tests in a
    database of their own, which each test rolls back to (module_database)."""
    from tests.conftest import module_database

    def build():
        load_core()
        return demo.load()

    with module_database(django_db_blocker, build=build) as loaded:
        yield loaded


@pytest.fixture
def loaded(_loaded_once, db):
    """What the meetings demo's load said it created."""
    return _loaded_once


def test_it_loads_every_meeting_and_event_of_the_reference_file(loaded):
    events = json.loads(
        (REFERENCE / "apmbc-2025-cooperation-committee.json").read_text()
    )["meetings_and_events"]
    for event in events:
        start = event.get("date") or event["date_from"]
        assert Meeting.objects.filter(
            convention__code="APMBC", start=start, illustrative=False
        ).exists(), event["title"]


def test_the_twenty_second_meeting_is_as_published(loaded):
    msp = Meeting.objects.get(convention__code="APMBC", number=22)
    assert msp.title == "Twenty-Second Meeting of the States Parties"
    assert (msp.start.isoformat(), msp.end.isoformat()) == ("2025-12-01", "2025-12-05")
    assert [i.number for i in msp.agenda_items.all()] == [
        "9",
        "9(c)",
        "9(h)",
        "9(h)(i)",
    ]
    assert circulation_deadline(msp).isoformat() == "2025-10-02"
    msp23 = Meeting.objects.get(convention__code="APMBC", number=23)
    assert msp23.illustrative


def test_it_is_idempotent(loaded):
    apmbc = Convention.objects.get(code="APMBC")

    def counts():
        return (
            Meeting.objects.count(),
            SponsorshipApplication.objects.count(),
            committee_meetings_held(convention=apmbc, year=2025),
        )

    before = counts()
    # 2025: the committee's two meetings in the reference file (27 January and the
    # 26 May feedback; the workshop and bilateral meetings are not committee
    # meetings) and the four illustrative Coordinating Committee dates of 2025.
    assert before[2] == 2 + 4
    demo.load()
    assert counts() == before


def test_a_placeholder_is_drawn_once_per_process_and_interface_language(
    monkeypatch,
):
    """Every load of the demo stores the same placeholders: WeasyPrint draws each
    once, and the French interface gets its own."""
    import datetime as dt

    from django.utils import translation

    import ism.documents

    drawn = []
    real = ism.documents.render_pdf

    def counting(template, context, **kwargs):
        drawn.append(translation.get_language())
        return real(template, context, **kwargs)

    monkeypatch.setattr(ism.documents, "render_pdf", counting)
    demo._placeholder_render.cache_clear()
    args = ("The convention", "A meeting", "APLC/MSP.22/2025/1", "A title")
    day = dt.date(2025, 10, 8)

    with translation.override("en"):
        first = demo._placeholder_pdf(*args, day)
        again = demo._placeholder_pdf(*args, day)
    with translation.override("fr"):
        demo._placeholder_pdf(*args, day)
        other = demo._placeholder_pdf(*args[:3], "Another title", day)

    assert drawn == ["en", "fr", "fr"]
    assert again == first and first.startswith(b"%PDF")
    assert other != first
