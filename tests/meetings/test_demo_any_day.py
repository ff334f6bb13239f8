"""The demo is alive on the day it is loaded (issue 13): whatever the day, a
newcomer finds a Meeting of the States Parties and intersessional meetings ahead,
open for registration and sponsorship, and a past Meeting with its documents and
delegations, whose registration is refused with a message."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from ism.demo import load_core
from ism.models import Convention, Role, State, User
from meetings import demo, rules
from meetings.models import Meeting
from meetings.services import delegation_register
from tests.clock import days
from tests.factories import assign

# None: the session's own day (the real one, or ISM_TEST_TODAY's).
DAYS = days(None, "2028-02-29", "2030-11-30", "2035-12-31")


@pytest.fixture(scope="module", params=DAYS)
def day(request, django_db_setup, django_db_blocker):
    """The day, with the clock at it for all of the day's tests (pytest runs them
    together), and the core and the meetings demo loaded once for them in a
    database of their own, which each test rolls back to (module_database)."""
    from tests.conftest import module_database

    with contextlib.ExitStack() as stack:
        if request.param is not None:
            moved = dt.date.fromisoformat(request.param)
            stack.enter_context(
                time_machine.travel(dt.datetime.combine(moved, dt.time(9), dt.UTC))
            )
        with module_database(django_db_blocker, build=_load):
            yield timezone.localdate()


def _load() -> None:
    load_core()
    demo.load()
    user = User.objects.create_user("focal.ethiopia")
    assign(
        user,
        Role.FOCAL_POINT,
        state=State.objects.get(iso3="ETH"),
        convention=Convention.objects.get(code="APMBC"),
    )


@pytest.fixture
def focal_point(day, db):
    return User.objects.get(username="focal.ethiopia")


def test_a_focal_point_can_register_for_the_next_meetings_on_any_day(focal_point, day):
    ahead = Meeting.objects.filter(
        convention__code="APMBC",
        kind__in=[Meeting.Kind.MSP, Meeting.Kind.INTERSESSIONAL],
        start__gt=day,
    )
    assert {m.kind for m in ahead} == {Meeting.Kind.MSP, Meeting.Kind.INTERSESSIONAL}
    for meeting in ahead:
        assert rules.registration_open(meeting, day), meeting
        programme = meeting.sponsorship_programmes.get()
        assert programme.takes_applications(day), programme
        delegation = delegation_register(
            meeting=meeting, actor=focal_point, state=State.objects.get(iso3="ETH")
        )
        assert delegation.meeting == meeting


def test_the_last_meeting_is_held_with_its_delegations_and_refuses_registration(
    focal_point, day
):
    past = (
        Meeting.objects.filter(kind=Meeting.Kind.MSP, end__lt=day)
        .order_by("-start")
        .first()
    )
    assert rules.phase(past, day) == rules.Phase.HELD
    assert past.delegations.filter(state__iso3="NOR").exists()
    assert past.documents.exists()
    assert not rules.registration_open(past, day)
    with pytest.raises(ValidationError) as refused:
        delegation_register(
            meeting=past, actor=focal_point, state=State.objects.get(iso3="ETH")
        )
    assert "closed" in " ".join(refused.value.messages)


def test_loading_again_on_a_later_day_adds_the_new_year_and_moves_nothing(
    focal_point, day
):
    before = {
        m.pk: (m.kind, m.number, m.start, m.end, m.status)
        for m in Meeting.objects.all()
    }
    later = day + dt.timedelta(days=400)
    with time_machine.travel(dt.datetime.combine(later, dt.time(9), dt.UTC)):
        demo.load()
        demo.load()
    after = {
        m.pk: (m.kind, m.number, m.start, m.end, m.status)
        for m in Meeting.objects.all()
    }
    assert {pk: after[pk] for pk in before} == before
    assert len(after) > len(before)
    assert Meeting.objects.filter(kind=Meeting.Kind.MSP, start__gt=later).exists()
