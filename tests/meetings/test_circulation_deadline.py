"""The work plan and budget are circulated 60 days before the Meeting of the States
Parties that adopts them; budgets and work plans find that meeting with next_msp."""

import datetime as dt

import pytest

from meetings.models import Meeting
from meetings.selectors import circulation_deadline, next_msp
from tests.meetings.conftest import make_meeting


def test_it_sets_the_deadline_60_days_before_the_twenty_second_meeting_opens(msp):
    # 1 December 2025 minus 60 days: 30 days of November, 31 of October → 2 October.
    # The seeds' budget document is dated 8 October 2025 and says it was submitted
    # late: consistent with this deadline.
    assert circulation_deadline(msp) == dt.date(2025, 10, 2)


def test_it_counts_back_across_a_year_end(apmbc):
    meeting = make_meeting(
        apmbc, number=30, start=dt.date(2027, 2, 15), end=dt.date(2027, 2, 18)
    )
    assert circulation_deadline(meeting) == dt.date(2027, 2, 15) - dt.timedelta(60)
    assert circulation_deadline(meeting) == dt.date(2026, 12, 17)


def test_it_refuses_a_deadline_for_a_meeting_that_adopts_no_budget(apmbc):
    meeting = make_meeting(
        apmbc, kind=Meeting.Kind.INTERSESSIONAL, title="Intersessional meetings"
    )
    with pytest.raises(ValueError, match="adopts no budget"):
        circulation_deadline(meeting)


def test_it_finds_the_next_meeting_of_the_states_parties(apmbc, ccm):
    held = make_meeting(apmbc)
    cancelled = make_meeting(
        apmbc,
        number=23,
        title="Twenty-Third",
        start=dt.date(2026, 11, 2),
        end=dt.date(2026, 11, 6),
        status=Meeting.Status.CANCELLED,
    )
    planned = make_meeting(
        apmbc,
        number=24,
        title="Twenty-Third (moved)",
        start=dt.date(2026, 11, 30),
        end=dt.date(2026, 12, 4),
    )
    make_meeting(ccm, number=14, start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 4))
    make_meeting(
        apmbc,
        kind=Meeting.Kind.INTERSESSIONAL,
        title="Intersessional",
        start=dt.date(2026, 6, 16),
        end=dt.date(2026, 6, 19),
    )

    assert next_msp(convention=apmbc, after=dt.date(2025, 1, 1)) == held
    assert next_msp(convention=apmbc, after=dt.date(2025, 12, 1)) == held
    assert next_msp(convention=apmbc, after=dt.date(2025, 12, 2)) == planned
    assert cancelled.pk != planned.pk
    assert next_msp(convention=apmbc.pk, after=dt.date(2027, 1, 1)) is None


def test_it_shows_the_deadline_on_the_meeting_page(client, msp):
    response = client.get(msp.get_absolute_url())
    assert response.status_code == 200
    assert response.context["deadline"] == dt.date(2025, 10, 2)
    assert "2 October 2025" in response.content.decode()
