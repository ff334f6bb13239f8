"""ISU staff record meetings in the browser; bad input comes back with the message
beside the field and nothing saved; the committee chair on the day presides."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ism.models import AuditEvent, CommitteeChair
from meetings.models import Meeting
from meetings.selectors import presiding_officer
from meetings.services import meeting_set_status
from tests.meetings.conftest import from_today, make_committee_meeting, make_meeting


def form(**change) -> dict:
    """The new-meeting form, for a meeting opening in two months (whatever the day:
    a meeting "held" must have begun, so the dates cannot be fixed ones)."""
    return {
        "kind": "msp",
        "number": "23",
        "title": "",
        "start": from_today(60).isoformat(),
        "end": from_today(64).isoformat(),
        "venue": "Geneva",
        "status": "planned",
        **change,
    }


def test_staff_create_a_numbered_meeting_whose_title_is_written_for_them(
    client_for, isu_staff, apmbc
):
    response = client_for(isu_staff).post("/meetings/new/?convention=APMBC", form())
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.title == "Twenty-Third Meeting of the States Parties"
    assert (meeting.start, meeting.end) == (from_today(60), from_today(64))
    event = AuditEvent.objects.get(verb="meeting created")
    assert event.actor == isu_staff
    assert event.convention == apmbc


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"end": "2000-01-01"}, "end", "cannot be before the first day"),
        ({"venue": ""}, "venue", "mark the meeting as online"),
        ({"kind": "thematic", "number": ""}, "committee", "names its committee"),
        ({"kind": "workshop"}, "number", "are numbered"),
        ({"status": "held"}, "status", "has not begun"),
    ],
)
def test_bad_input_comes_back_beside_its_field(
    client_for, isu_staff, apmbc, change, field, message
):
    response = client_for(isu_staff).post(
        "/meetings/new/?convention=APMBC", form(**change)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert not Meeting.objects.exists()
    # What was typed is still there.
    assert 'value="Geneva"' in response.content.decode() or change.get("venue") == ""


def test_the_same_number_twice_is_refused(client_for, isu_staff, apmbc):
    make_meeting(apmbc, number=23, title="x")
    response = client_for(isu_staff).post("/meetings/new/?convention=APMBC", form())
    assert response.status_code == 400
    assert "already recorded" in response.context["form"].errors["number"][0]


def test_others_cannot_create_meetings(client_for, other_staff, focal_a, apmbc):
    for user in (other_staff, focal_a):
        response = client_for(user).post("/meetings/new/?convention=APMBC", form())
        assert response.status_code == 404
    assert not Meeting.objects.exists()


def test_the_dates_read_as_in_the_documents():
    meeting = Meeting(start=dt.date(2026, 11, 30), end=dt.date(2026, 12, 4))
    assert meeting.dates_label == "30 November–4 December 2026"


def test_a_meeting_is_held_only_once_it_has_begun(apmbc, isu_staff):
    future = make_meeting(apmbc, number=40, start=from_today(1), end=from_today(2))
    with pytest.raises(ValidationError):
        meeting_set_status(meeting=future, status="held", actor=isu_staff)
    past = make_meeting(apmbc)
    meeting_set_status(meeting=past, status="held", actor=isu_staff)
    past.refresh_from_db()
    assert past.status == "held"
    assert AuditEvent.objects.filter(verb="meeting held").count() == 1


def test_the_chair_on_the_day_presides_a_committee_meeting(
    thematic_committee, state_b, apmbc
):
    from tests.factories import MembershipFactory, StateFactory

    other = StateFactory(iso3="CCC", iso2="CC", name="Cascadia")
    MembershipFactory(committee=thematic_committee, state=other)
    CommitteeChair.objects.create(
        committee=thematic_committee,
        state=state_b,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 6, 20),
    )
    CommitteeChair.objects.create(
        committee=thematic_committee, state=other, start=dt.date(2025, 6, 21)
    )
    before = make_committee_meeting(thematic_committee, dt.date(2025, 1, 27))
    after = make_committee_meeting(thematic_committee, dt.date(2025, 8, 27))
    assert presiding_officer(before).startswith("Borduria")
    assert presiding_officer(after).startswith("Cascadia")


def test_the_calendar_shows_a_meeting_on_each_of_its_days(client, msp):
    response = client.get("/meetings/calendar/?month=2025-12")
    days = {
        day.day
        for week in response.context["grid"]
        for day, meetings in week
        if msp in meetings and day.month == 12
    }
    assert days == {1, 2, 3, 4, 5}
    assert response.context["previous"] == dt.date(2025, 11, 1)
    assert response.context["following"] == dt.date(2026, 1, 1)


def test_the_list_filters_by_kind_year_and_committee(
    client_for, isu_staff, msp, thematic_committee
):
    committee_meeting = make_committee_meeting(thematic_committee, dt.date(2024, 5, 5))
    client = client_for(isu_staff)
    by_year = client.get("/meetings/?year=2024").context["page"].object_list
    assert list(by_year) == [committee_meeting]
    by_kind = client.get("/meetings/?kind=msp").context["page"].object_list
    assert list(by_kind) == [msp]
    by_committee = (
        client.get(f"/meetings/?committee={thematic_committee.pk}")
        .context["page"]
        .object_list
    )
    assert list(by_committee) == [committee_meeting]
    # Anonymous visitors see open meetings only.
    public = client_for(None).get("/meetings/").context["page"].object_list
    assert list(public) == [msp]
