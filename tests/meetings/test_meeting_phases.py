"""A meeting's state follows its dates unless staff set it otherwise (issue 13):
planned → in session → held (awaiting its report), read from the day, never
written by a job; cancelled, postponed and "marked held" are the staff's."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from meetings import ical, rules
from meetings.models import Meeting
from meetings.rules import Phase
from tests.meetings.conftest import from_today, make_meeting

D = dt.date
# The 23rd Meeting of the States Parties, 30 November–4 December 2026 (the bug
# report of 5 December 2026: it still said "Planned").
START, END = D(2026, 11, 30), D(2026, 12, 4)


def msp23(status=Meeting.Status.PLANNED) -> Meeting:
    return Meeting(start=START, end=END, status=status)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 29), Phase.PLANNED),
        (START, Phase.IN_SESSION),
        (D(2026, 12, 2), Phase.IN_SESSION),
        (END, Phase.IN_SESSION),
        (D(2026, 12, 5), Phase.HELD),
        (D(2035, 1, 1), Phase.HELD),
    ],
)
def test_it_follows_the_dates_of_a_planned_meeting(today, expected):
    assert rules.phase(msp23(), today) == expected


def test_it_says_a_meeting_over_but_not_recorded_awaits_its_report():
    assert not rules.awaiting_report(msp23(), END)
    assert rules.awaiting_report(msp23(), D(2026, 12, 5))
    assert not rules.awaiting_report(msp23(Meeting.Status.HELD), D(2026, 12, 5))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Meeting.Status.CANCELLED, Phase.CANCELLED),
        (Meeting.Status.POSTPONED, Phase.POSTPONED),
        (Meeting.Status.HELD, Phase.HELD),
    ],
)
def test_it_lets_the_staffs_decision_win_over_the_dates(status, expected):
    for today in (D(2026, 11, 1), D(2026, 12, 1), D(2027, 1, 1)):
        assert rules.phase(msp23(status), today) == expected


@pytest.mark.django_db
def test_it_filters_as_it_labels(apmbc):
    """phase_q (lists, counters, the API's filter) and phase (badges) agree on
    every day around the meeting, for every status."""
    meetings = [
        make_meeting(apmbc, number=n, start=START, end=END, status=status)
        for n, status in enumerate(Meeting.Status.values, start=23)
    ]
    for today in (D(2026, 11, 29), START, END, D(2026, 12, 5)):
        for value in Phase.values:
            filtered = set(Meeting.objects.filter(rules.phase_q(value, today)))
            labelled = {m for m in meetings if rules.phase(m, today) == value}
            assert filtered == labelled, (today, value)


def page_phase(client, meeting) -> str:
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return response.context["phase"]


@pytest.mark.django_db
def test_it_shows_the_phase_of_the_day_on_the_page_without_a_write(client, apmbc):
    meeting = make_meeting(
        apmbc,
        number=23,
        title="Twenty-Third Meeting of the States Parties",
        start=START,
        end=END,
    )
    stamp = Meeting.objects.get(pk=meeting.pk).updated_at
    with time_machine.travel(dt.datetime(2026, 11, 29, 10, tzinfo=dt.UTC)):
        assert page_phase(client, meeting) == Phase.PLANNED
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)):
        assert page_phase(client, meeting) == Phase.IN_SESSION
    with time_machine.travel(dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC)):
        response = client.get(meeting.get_absolute_url())
        html = response.content.decode()
        assert response.context["phase"] == Phase.HELD
        assert 'data-phase="held"' in html
        assert "awaiting its report" in html
        assert 'data-phase="planned"' not in html
        listed = client.get("/meetings/?status=held").context["page"].object_list
        assert list(listed) == [meeting]
        assert not client.get("/meetings/?status=planned").context["page"].object_list
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.status, stored.updated_at) == ("planned", stamp)


@pytest.mark.django_db
def test_it_offers_staff_to_mark_held_only_once_the_meeting_has_begun(
    client_for, isu_staff, apmbc
):
    ahead = make_meeting(apmbc, number=30, start=from_today(10), end=from_today(12))
    begun = make_meeting(apmbc, number=31, start=from_today(-1), end=from_today(1))
    client = client_for(isu_staff)
    mark_held = 'name="status" value="held"'
    assert mark_held not in client.get(ahead.get_absolute_url()).content.decode()
    assert mark_held in client.get(begun.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_it_lets_staff_postpone_and_plan_again(client_for, isu_staff, apmbc):
    meeting = make_meeting(apmbc, number=30, start=from_today(10), end=from_today(12))
    client = client_for(isu_staff)
    client.post(f"/meetings/{meeting.pk}/status/", {"status": "postponed"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.POSTPONED
    page = client.get(meeting.get_absolute_url())
    assert page.context["phase"] == Phase.POSTPONED
    assert "Registration is closed: the meeting is postponed." in (
        page.content.decode()
    )
    client.post(f"/meetings/{meeting.pk}/status/", {"status": "planned"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


@pytest.mark.django_db
def test_it_gives_the_phase_in_the_api(client, apmbc):
    make_meeting(apmbc, number=23, start=from_today(-10), end=from_today(-6))
    make_meeting(apmbc, number=24, start=from_today(30), end=from_today(34))
    make_meeting(
        apmbc,
        number=25,
        start=from_today(-3),
        end=from_today(-2),
        status=Meeting.Status.CANCELLED,
    )
    rows = {r["number"]: r for r in client.get("/api/v1/meetings/").json()["results"]}
    assert {n: (r["status"], r["phase"]) for n, r in rows.items()} == {
        23: ("planned", "held"),
        24: ("planned", "planned"),
        25: ("cancelled", "cancelled"),
    }
    assert {n: r["registration_open"] for n, r in rows.items()} == {
        23: False,
        24: True,
        25: False,
    }
    held = client.get("/api/v1/meetings/?phase=held").json()["results"]
    assert [r["number"] for r in held] == [23]


def test_it_marks_a_postponed_meeting_tentative_in_calendars():
    meeting = Meeting(
        pk=1,
        kind=Meeting.Kind.MSP,
        title="Twenty-Third Meeting of the States Parties",
        start=START,
        end=END,
        venue="Geneva",
        status=Meeting.Status.POSTPONED,
    )
    assert "STATUS:TENTATIVE" in ical.event_lines(meeting)
