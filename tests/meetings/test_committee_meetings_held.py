"""Committee meetings held in a year — the actual of the work plan indicator
"committee meetings supported" (target up to 60)."""

import datetime as dt

import pytest

from meetings.models import Meeting
from meetings.selectors import committee_meetings_held
from tests.factories import CommitteeFactory
from tests.meetings.conftest import make_committee_meeting, make_meeting

D = dt.date


@pytest.fixture
def meetings(apmbc, ccm, coordinating_committee, thematic_committee):
    for day in (D(2025, 1, 27), D(2025, 3, 10), D(2025, 12, 31)):
        make_committee_meeting(thematic_committee, day)
    for day in (D(2025, 2, 10), D(2025, 6, 1)):
        make_committee_meeting(coordinating_committee, day)
    # Not counted: another year, planned, cancelled, other kinds, other convention.
    make_committee_meeting(thematic_committee, D(2024, 12, 31))
    make_committee_meeting(thematic_committee, D(2026, 1, 1))
    make_committee_meeting(
        thematic_committee, D(2025, 11, 3), status=Meeting.Status.PLANNED
    )
    make_committee_meeting(
        coordinating_committee, D(2025, 9, 1), status=Meeting.Status.CANCELLED
    )
    make_committee_meeting(
        thematic_committee,
        D(2025, 3, 26),
        kind=Meeting.Kind.WORKSHOP,
        title="Workshop",
    )
    make_meeting(apmbc, status=Meeting.Status.HELD)  # an MSP
    ccm_committee = CommitteeFactory(convention=ccm, name="CCM Coordinating")
    make_committee_meeting(ccm_committee, D(2025, 5, 5))
    return thematic_committee, coordinating_committee


def test_it_counts_held_committee_meetings_of_the_year(apmbc, meetings):
    # Thematic: 27 Jan, 10 Mar, 31 Dec; Coordinating: 10 Feb, 1 Jun.
    assert committee_meetings_held(convention=apmbc, year=2025) == 5


def test_it_counts_per_committee(apmbc, meetings):
    thematic, coordinating = meetings
    assert committee_meetings_held(convention=apmbc, year=2025, committee=thematic) == 3
    assert (
        committee_meetings_held(
            convention=apmbc.pk, year=2025, committee=coordinating.pk
        )
        == 2
    )


def test_it_counts_other_years_apart(apmbc, ccm, meetings):
    assert committee_meetings_held(convention=apmbc, year=2024) == 1
    assert committee_meetings_held(convention=apmbc, year=2026) == 1
    assert committee_meetings_held(convention=ccm, year=2025) == 1
    assert committee_meetings_held(convention=apmbc, year=2023) == 0


def test_it_is_one_query(apmbc, meetings, django_assert_num_queries):
    with django_assert_num_queries(1):
        committee_meetings_held(convention=apmbc, year=2025, committee=meetings[0])
