"""The programme's statistics: sponsored against the target, gender balance,
regions, States with key obligations, money committed. The fixture's answers are
worked out by hand below, not read back from the code."""

import datetime as dt
from decimal import Decimal

import pytest
from djmoney.money import Money

from ism.models import State
from meetings.models import KeyObligation, Meeting
from meetings.selectors import sponsorship_statistics
from tests.factories import ParticipationFactory
from tests.meetings.conftest import (
    make_application,
    make_meeting,
    make_person,
    make_programme,
)

# (ISO3, gender, decision, travel CHF)
ROWS = [
    ("KHM", "female", "approved", "3000"),  # Cambodia — Asia-Pacific, clearance
    ("KHM", "male", "approved", "3000"),
    ("SEN", "female", "approved", "2500"),  # Senegal — African, clearance
    ("PER", "other", "approved", "2800"),  # Peru — Latin America and Caribbean
    ("ALB", "male", "declined", "1500"),  # Albania — Eastern European
    ("UKR", "female", "waitlisted", "1200"),  # Ukraine — Eastern European
    ("NOR", "male", "submitted", "800"),  # Norway — WEOG
]


@pytest.fixture
def world(apmbc):
    intersessional = make_meeting(
        apmbc,
        kind=Meeting.Kind.INTERSESSIONAL,
        title="Intersessional meetings 2026",
        number=None,
        start=dt.date(2026, 6, 16),
        end=dt.date(2026, 6, 19),
    )
    msp23 = make_meeting(
        apmbc,
        number=23,
        title="Twenty-Third Meeting",
        start=dt.date(2026, 11, 30),
        end=dt.date(2026, 12, 4),
    )
    programme = make_programme(
        apmbc, [intersessional, msp23], budget="20000", target=50
    )
    states = {}
    for iso3 in {row[0] for row in ROWS}:
        states[iso3] = State.objects.create(
            iso3=iso3, iso2=iso3[:2], name=iso3, un_status="member"
        )
        ParticipationFactory(state=states[iso3], convention=apmbc)
    for iso3 in ("KHM", "SEN", "UKR"):
        KeyObligation.objects.create(
            convention=apmbc, state=states[iso3], kind="clearance"
        )
    KeyObligation.objects.create(
        convention=apmbc, state=states["KHM"], kind="victim_assistance"
    )
    for n, (iso3, gender, decision, travel) in enumerate(ROWS):
        meeting = intersessional if n % 2 else msp23
        person = make_person(meeting, states[iso3], given_name=f"P{n}", gender=gender)
        make_application(programme, person, travel=travel, status=decision)
    return programme


def test_it_counts_the_sponsored_against_the_target(world):
    stats = sponsorship_statistics(world)
    # Approved: rows 1-4.
    assert stats.sponsored == 4
    assert stats.target == 50
    assert stats.remaining_to_target == 46
    assert stats.target_share == Decimal("8.0")
    assert stats.by_status == {
        "submitted": 1,
        "approved": 4,
        "waitlisted": 1,
        "declined": 1,
    }


def test_it_gives_the_gender_balance_of_those_sponsored(world):
    stats = sponsorship_statistics(world)
    # Approved: female, male, female, other.
    assert (stats.women, stats.men, stats.other_gender) == (2, 1, 1)
    assert stats.women_share == Decimal("50.0")


def test_it_groups_those_sponsored_by_un_region(world):
    stats = sponsorship_statistics(world)
    # Two from Cambodia, one from Senegal, one from Peru; the declined Albanian and
    # waitlisted Ukrainian are not sponsored.
    assert stats.by_region == {
        "asia_pacific": 2,
        "africa": 1,
        "latin_america_caribbean": 1,
    }


def test_it_counts_states_with_key_obligations_among_those_sponsored(world):
    stats = sponsorship_statistics(world)
    # Sponsored States: KHM, SEN, PER. With obligations: KHM, SEN (UKR is only
    # waitlisted).
    assert stats.states == 3
    assert stats.states_with_key_obligations == 2
    assert stats.by_obligation == {
        "clearance": 2,
        "stockpile": 0,
        "victim_assistance": 1,
    }


def test_it_adds_up_the_money_committed_and_requested(world):
    stats = sponsorship_statistics(world)
    # Approved at the amount requested: 3000 + 3000 + 2500 + 2800.
    assert stats.committed == Money(Decimal("11300"), "CHF")
    assert stats.available == Money(Decimal("8700"), "CHF")
    # Every application: 11300 + 1500 + 1200 + 800.
    assert stats.requested == Money(Decimal("14800"), "CHF")


def test_it_takes_five_queries_whatever_the_number_of_applications(
    world, django_assert_num_queries
):
    # The fifth: the convention's catalogue of obligations (issue 17).
    with django_assert_num_queries(5):
        sponsorship_statistics(world)
