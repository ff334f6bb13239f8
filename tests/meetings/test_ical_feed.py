"""The iCalendar feed of a convention's meetings, for the ISU's calendars: valid
RFC 5545 (CRLF lines of at most 75 octets, folded and escaped), one all-day
VEVENT per meeting; staff only, also by a personal signed link."""

import datetime as dt

import pytest

from meetings.ical import escape_text, fold
from meetings.models import Meeting
from meetings.views.meetings import feed_token
from tests.meetings.conftest import make_committee_meeting, make_meeting

LONG_TITLE = (
    "Intersessional meetings: individualised approach meetings for Guinea-Bissau "
    "and South Sudan; panel 'Financing mine action: challenges and new "
    "opportunities' chaired by Denmark — Türkiye, Genève"
)


def unfold(body: bytes) -> list[str]:
    text = body.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    physical = text.split("\r\n")
    assert physical[-1] == ""  # the last line ends with CRLF too
    for line in physical:
        assert len(line.encode("utf-8")) <= 75
    logical: list[str] = []
    for line in physical[:-1]:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def events(lines: list[str]) -> list[dict[str, str]]:
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


@pytest.fixture
def feed_meetings(apmbc, ccm, thematic_committee):
    msp = make_meeting(apmbc)
    long = make_meeting(
        apmbc,
        kind=Meeting.Kind.INTERSESSIONAL,
        title=LONG_TITLE,
        number=None,
        start=dt.date(2025, 6, 17),
        end=dt.date(2025, 6, 20),
        venue="Geneva; CICG, Room 2",
    )
    committee = make_committee_meeting(thematic_committee, dt.date(2025, 1, 27))
    make_meeting(ccm, number=11, start=dt.date(2023, 9, 11), end=dt.date(2023, 9, 14))
    return msp, long, committee


def test_it_writes_a_valid_calendar_with_one_event_per_meeting(
    client_for, isu_staff, feed_meetings
):
    msp, long, committee = feed_meetings
    response = client_for(isu_staff).get("/meetings/feeds/APMBC.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfold(response.content)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 3

    by_uid = {event["UID"]: event for event in events(lines)}
    assert set(by_uid) == {f"meeting-{m.pk}@testserver" for m in (msp, long, committee)}
    event = by_uid[f"meeting-{msp.pk}@testserver"]
    # All-day: DTEND is the day after the last day (exclusive).
    assert event["DTSTART;VALUE=DATE"] == "20251201"
    assert event["DTEND;VALUE=DATE"] == "20251206"
    assert event["SUMMARY"] == "Twenty-Second Meeting of the States Parties"
    assert event["LOCATION"] == "Geneva"
    assert event["DTSTAMP"].endswith("Z")

    folded = by_uid[f"meeting-{long.pk}@testserver"]
    assert folded["SUMMARY"] == escape_text(LONG_TITLE)
    assert "\\;" in folded["SUMMARY"] and "\\," in folded["LOCATION"]
    assert "Türkiye" in folded["SUMMARY"]


def test_it_escapes_text_and_folds_without_splitting_characters():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode("utf-8")) <= 74 for part in parts[1:])
    assert len(parts[0].encode("utf-8")) <= 75
    assert "".join(parts) == line


def test_the_feed_is_for_the_conventions_staff(
    client_for, feed_meetings, other_staff, focal_a, committee_member
):
    for user in (other_staff, focal_a, committee_member):
        assert client_for(user).get("/meetings/feeds/APMBC.ics").status_code == 403
    anonymous = client_for(None).get("/meetings/feeds/APMBC.ics")
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_a_calendar_program_subscribes_with_the_signed_link(
    client_for, feed_meetings, isu_staff, apmbc, ccm, focal_a
):
    client = client_for(None)
    token = feed_token(isu_staff, apmbc)
    response = client.get("/meetings/feeds/APMBC.ics", {"token": token})
    assert response.status_code == 200
    assert unfold(response.content).count("BEGIN:VEVENT") == 3
    # Not for another convention, not tampered with, not once the role is gone.
    assert client.get("/meetings/feeds/CCM.ics", {"token": token}).status_code == 403
    assert (
        client.get("/meetings/feeds/APMBC.ics", {"token": token + "x"}).status_code
        == 403
    )
    assert (
        client.get(
            "/meetings/feeds/APMBC.ics", {"token": feed_token(focal_a, apmbc)}
        ).status_code
        == 403
    )
    isu_staff.role_assignments.all().delete()
    assert client.get("/meetings/feeds/APMBC.ics", {"token": token}).status_code == 403
