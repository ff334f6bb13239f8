"""A Sponsorship Programme is open only while one of its meetings still takes
registrations (issue 13: the Sponsorship Programme 2026 said "open for
applications" on 5 December 2026, when every meeting it funds was over)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from meetings import rules
from meetings.models import Meeting, SponsorshipApplication, SponsorshipProgramme
from tests.meetings.conftest import from_today, make_meeting, make_programme

D = dt.date
INTERSESSIONAL = (D(2026, 6, 16), D(2026, 6, 19))
MSP23 = (D(2026, 11, 30), D(2026, 12, 4))


def meeting(dates) -> Meeting:
    return Meeting(start=dates[0], end=dates[1], status=Meeting.Status.PLANNED)


@pytest.mark.parametrize(
    ("today", "open_"),
    [
        (D(2026, 3, 1), True),
        (D(2026, 7, 1), True),  # the MSP is still ahead
        (D(2026, 11, 29), True),
        (D(2026, 11, 30), False),  # the MSP opened: nothing left to apply for
        (D(2026, 12, 5), False),
    ],
)
def test_it_is_open_while_one_of_its_meetings_is_ahead(today, open_):
    meetings = [meeting(INTERSESSIONAL), meeting(MSP23)]
    assert rules.programme_open(True, meetings, today) is open_


def test_it_stays_closed_when_staff_close_it():
    assert not rules.programme_open(False, [meeting(MSP23)], D(2026, 1, 1))
    assert rules.programme_message(False, [meeting(MSP23)], D(2026, 1, 1)) == (
        "The programme no longer takes applications."
    )


@pytest.fixture
def programme_2026(apmbc):
    return make_programme(
        apmbc,
        [
            make_meeting(
                apmbc,
                kind=Meeting.Kind.INTERSESSIONAL,
                number=None,
                title="Intersessional meetings 2026",
                start=INTERSESSIONAL[0],
                end=INTERSESSIONAL[1],
            ),
            make_meeting(apmbc, number=23, start=MSP23[0], end=MSP23[1]),
        ],
    )


def _at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC))


@pytest.mark.django_db
def test_it_shows_the_programme_closed_once_every_meeting_is_over(
    client, programme_2026, focal_a, state_a
):
    with _at(D(2026, 12, 5)):
        client.force_login(focal_a)
        listed = client.get("/meetings/sponsorship/")
        assert [open_ for _, _, open_ in listed.context["programmes"]] == [False]
        assert "open for applications" not in listed.content.decode()

        page = client.get(programme_2026.get_absolute_url())
        assert not page.context["takes_applications"]
        assert "registration has closed for every meeting" in page.content.decode()
        assert "Apply for a delegate" not in page.content.decode()

        apply_url = f"/meetings/sponsorship/{programme_2026.pk}/apply/"
        form_page = client.get(apply_url)
        assert form_page.context["form"] is None
        main = form_page.content.decode().split("<main")[-1].split("</main>")[0]
        assert "<form" not in main
        refused = client.post(apply_url, {"needs_travel": "on"})
        assert refused.status_code == 400
        assert "registration has closed" in refused.content.decode()
    assert not SponsorshipApplication.objects.exists()


@pytest.mark.django_db
def test_it_shows_the_programme_open_while_a_meeting_is_ahead(
    client, programme_2026, focal_a, state_a
):
    with _at(D(2026, 7, 1)):
        client.force_login(focal_a)
        listed = client.get("/meetings/sponsorship/")
        assert [open_ for _, _, open_ in listed.context["programmes"]] == [True]
        assert "open for applications" in listed.content.decode()
        page = client.get(f"/meetings/sponsorship/{programme_2026.pk}/apply/")
        assert page.context["form"] is not None


@pytest.mark.django_db
def test_it_reads_the_programmes_list_in_a_fixed_number_of_queries(
    client_for, apmbc, focal_a
):
    """Whether each programme is open comes from its prefetched meetings."""
    client = client_for(focal_a)
    made = iter(range(40, 99))

    def queries(n: int) -> int:
        for _ in range(n):
            number = next(made)
            programme = SponsorshipProgramme.objects.create(
                convention=apmbc,
                name=f"Programme {number}",
                currency="CHF",
                budget=Money(Decimal(1000), "CHF"),
                target_delegates=5,
            )
            programme.meetings.set(
                [
                    make_meeting(
                        apmbc,
                        number=number,
                        start=from_today(number),
                        end=from_today(number),
                    )
                ]
            )
        client.get("/meetings/sponsorship/")  # warm the session and role caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/meetings/sponsorship/").status_code == 200
        return len(captured)

    few = queries(1)
    assert queries(5) == few
