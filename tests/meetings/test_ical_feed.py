"""The iCalendar feed of a convention's meetings, for the ISU's calendars: valid
RFC 5545 (CRLF lines of at most 75 octets, folded and escaped), one all-day
VEVENT per meeting; public meetings for anyone, more by a private link that can
be revoked and dies with its user's role."""

import datetime as dt
import html
import re

import pytest

from ism.mail import identifier_domain
from ism.models import CalendarFeed, Role
from meetings.ical import escape_text, fold
from meetings.models import Meeting
from tests.factories import UserFactory, assign
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
    assert set(by_uid) == {uid(m) for m in (msp, long, committee)}
    event = by_uid[uid(msp)]
    # All-day: DTEND is the day after the last day (exclusive).
    assert event["DTSTART;VALUE=DATE"] == "20251201"
    assert event["DTEND;VALUE=DATE"] == "20251206"
    assert event["SUMMARY"] == "Twenty-Second Meeting of the States Parties"
    assert event["LOCATION"] == "Geneva"
    assert event["DTSTAMP"].endswith("Z")

    folded = by_uid[uid(long)]
    assert folded["SUMMARY"] == escape_text(LONG_TITLE)
    assert "\\;" in folded["SUMMARY"] and "\\," in folded["LOCATION"]
    assert "Türkiye" in folded["SUMMARY"]


def uid(meeting) -> str:
    """The installation's domain (the sender's, ISM_DEFAULT_FROM_EMAIL), never
    the host name the request came through."""
    return f"meeting-{meeting.pk}@{identifier_domain()}"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "ism.example.org"])
def test_the_uids_do_not_depend_on_the_host_name_the_feed_came_through(
    client_for, feed_meetings, settings, host
):
    settings.ALLOWED_HOSTS = [host]
    settings.DEFAULT_FROM_EMAIL = "APMBC ISU <isu@apmbc.example>"
    response = client_for(None).get("/meetings/feeds/APMBC.ics", HTTP_HOST=host)
    uids = {event["UID"] for event in events(unfold(response.content))}
    msp, long, _committee = feed_meetings
    assert uids == {f"meeting-{m.pk}@apmbc.example" for m in (msp, long)}


def test_it_escapes_text_and_folds_without_splitting_characters():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode("utf-8")) <= 74 for part in parts[1:])
    assert len(parts[0].encode("utf-8")) <= 75
    assert "".join(parts) == line


def test_without_a_link_the_feed_is_what_the_reader_sees(
    client_for, feed_meetings, isu_staff
):
    msp, long, _committee = feed_meetings
    public = client_for(None).get("/meetings/feeds/APMBC.ics")
    assert public.status_code == 200
    uids = {e["UID"] for e in events(unfold(public.content))}
    assert uids == {uid(m) for m in (msp, long)}
    staff = client_for(isu_staff).get("/meetings/feeds/APMBC.ics")
    assert unfold(staff.content).count("BEGIN:VEVENT") == 3


def make_link(client, code="APMBC") -> str:
    page = client.post(f"/meetings/feeds/{code}/new/")
    assert page.status_code == 200
    url = (
        re.search(r'data-testid="feed-url"', page.content.decode())
        and re.search(r'value="(http[^"]+)"', page.content.decode())[1]
    )
    return html.unescape(url).removeprefix("http://testserver")


def test_a_private_link_serves_its_users_meetings_until_revoked(
    client_for, feed_meetings, isu_staff
):
    link = make_link(client_for(isu_staff))
    token = link.partition("token=")[2]
    # Stored as a fingerprint only.
    feed = CalendarFeed.objects.get()
    assert token not in (feed.digest, str(feed.pk)) and len(feed.digest) == 64
    calendar = client_for(None)
    assert unfold(calendar.get(link).content).count("BEGIN:VEVENT") == 3
    # Not for another convention, not tampered with.
    assert calendar.get("/meetings/feeds/CCM.ics?token=" + token).status_code == 404
    assert calendar.get(link + "x").status_code == 404
    # Revoked from the tokens page: gone.
    staff = client_for(isu_staff)
    assert "calendar-feeds" in staff.get("/api-tokens/").content.decode()
    assert staff.post(f"/calendar-links/{feed.pk}/revoke/").status_code == 302
    assert calendar.get(link).status_code == 404


def test_a_private_link_dies_with_its_users_role(client_for, feed_meetings, isu_staff):
    link = make_link(client_for(isu_staff))
    isu_staff.role_assignments.all().delete()
    assert client_for(None).get(link).status_code == 404
    feed = CalendarFeed.objects.get()
    assert feed.revoked_at is not None and feed.revoked_reason
    # Given the role again, the old link stays dead.
    assign(isu_staff, Role.ISU_STAFF, convention=feed.convention)
    assert client_for(None).get(link).status_code == 404


def test_only_who_reads_the_record_makes_a_private_link(
    client_for, feed_meetings, focal_a, other_staff
):
    for user in (focal_a, other_staff):
        assert client_for(user).post("/meetings/feeds/APMBC/new/").status_code == 403
    assert not CalendarFeed.objects.exists()


def test_an_old_signed_link_no_longer_works(client_for, feed_meetings, isu_staff):
    """Links made before private links were revocable: signed, never expiring."""
    from django.core import signing

    old = signing.dumps({"u": isu_staff.pk, "c": "APMBC"}, salt="meetings.ics-feed")
    response = client_for(None).get("/meetings/feeds/APMBC.ics", {"token": old})
    assert response.status_code == 404


def test_another_users_link_cannot_be_revoked(client_for, feed_meetings, isu_staff):
    make_link(client_for(isu_staff))
    feed = CalendarFeed.objects.get()
    other = UserFactory(username="someone-else")
    response = client_for(other).post(f"/calendar-links/{feed.pk}/revoke/")
    assert response.status_code == 404
    feed.refresh_from_db()
    assert feed.revoked_at is None
