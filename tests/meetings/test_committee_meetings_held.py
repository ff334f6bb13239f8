"""Committee meetings held in a year — the actual of the work plan indicator
"committee meetings supported" (target up to 60)."""

import datetime as dt

import pytest

from meetings.models import Meeting
from meetings.selectors import committee_meetings_held
from tests.factories import CommitteeFactory
from tests.meetings.conftest import make_committee_meeting, make_meeting

D = dt.date
# The day of the count: every meeting below is over except the planned one of
# 3 November 2025 (passed explicitly, so the counts hold whatever the clock says).
ON = D(2025, 11, 1)


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


def held(**kwargs) -> int:
    return committee_meetings_held(today=ON, **kwargs)


def test_it_counts_held_committee_meetings_of_the_year(apmbc, meetings):
    # Thematic: 27 Jan, 10 Mar, 31 Dec; Coordinating: 10 Feb, 1 Jun.
    assert committee_meetings_held(convention=apmbc, year=2025, today=ON) == 5


def test_it_counts_a_planned_meeting_once_it_is_over_without_a_write(
    apmbc, meetings, django_assert_num_queries
):
    # The planned meeting of 3 November 2025: still ahead on the 1st, in session
    # on the 3rd, held on the 4th — no row changes.
    assert committee_meetings_held(convention=apmbc, year=2025, today=ON) == 5
    assert (
        committee_meetings_held(convention=apmbc, year=2025, today=D(2025, 11, 3)) == 5
    )
    with django_assert_num_queries(1):  # a read, nothing written
        after = committee_meetings_held(
            convention=apmbc, year=2025, today=D(2025, 11, 4)
        )
    assert after == 6
    assert Meeting.objects.get(start=D(2025, 11, 3)).status == Meeting.Status.PLANNED


def test_it_never_counts_cancelled_or_postponed_meetings(apmbc, coordinating_committee):
    for status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED):
        make_committee_meeting(coordinating_committee, D(2025, 4, 1), status=status)
    assert (
        committee_meetings_held(convention=apmbc, year=2025, today=D(2030, 1, 1)) == 0
    )


def test_it_counts_per_committee(apmbc, meetings):
    thematic, coordinating = meetings
    assert held(convention=apmbc, year=2025, committee=thematic) == 3
    assert held(convention=apmbc.pk, year=2025, committee=coordinating.pk) == 2


def test_it_counts_other_years_apart(apmbc, ccm, meetings):
    assert held(convention=apmbc, year=2024) == 1
    assert held(convention=apmbc, year=2026) == 1
    assert held(convention=ccm, year=2025) == 1
    assert held(convention=apmbc, year=2023) == 0


def test_it_is_one_query(apmbc, meetings, django_assert_num_queries):
    with django_assert_num_queries(1):
        held(convention=apmbc, year=2025, committee=meetings[0])
