"""Pages and the API read a fixed number of queries, however many meetings, items,
documents, delegations or applications there are."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from meetings.models import DocumentFile, Meeting, MeetingDocument
from tests.factories import ParticipationFactory, StateFactory
from tests.meetings.conftest import (
    PDF_BYTES,
    make_application,
    make_committee_meeting,
    make_item,
    make_meeting,
    make_person,
    make_programme,
)


def populate(apmbc, committee, n: int):
    """n meetings, each with n agenda items, documents with two files, and n
    delegations with a person each (and a sponsorship application)."""
    meetings = []
    programme = None
    for i in range(n):
        meeting = make_meeting(
            apmbc,
            kind=Meeting.Kind.INTERSESSIONAL,
            number=None,
            title=f"Meeting {i}",
            start=dt.date(2025, 1 + i % 12, 1 + i),
            end=dt.date(2025, 1 + i % 12, 2 + i),
        )
        meetings.append(meeting)
        make_committee_meeting(committee, dt.date(2025, 1 + i % 12, 3 + i))
        for j in range(n):
            item = make_item(meeting, str(j + 1))
            document = MeetingDocument.objects.create(
                meeting=meeting,
                symbol=f"APLC/X/{i}/{j}",
                title=f"Doc {j}",
                agenda_item=item,
                date=dt.date(2025, 1, 1),
            )
            for language in ("en", "fr"):
                stored = DocumentFile(
                    document=document,
                    language=language,
                    kind="pdf",
                    original_name="x.pdf",
                    size=10,
                    sha256="0" * 64,
                )
                stored.file.save("x", ContentFile(PDF_BYTES), save=False)
                stored.save()
        if programme is None:
            programme = make_programme(apmbc, [meeting])
        for j in range(n):
            k = i * n + j
            code = f"{chr(80 + k // 26)}{chr(65 + k % 26)}"  # PA, PB… (not AA, BB)
            state = StateFactory(iso3=f"X{code}", iso2=code, name=f"State {code}")
            ParticipationFactory(state=state, convention=apmbc)
            person = make_person(meeting, state, given_name=f"G{j}")
            if i == 0:
                make_application(programme, person, status="approved", travel="10")
    return meetings, programme


@pytest.fixture(params=[1, 6], ids=["small", "large"])
def world(request, apmbc, thematic_committee):
    return populate(apmbc, thematic_committee, request.param)


def test_the_meeting_list_page(
    client_for, isu_staff, world, django_assert_max_num_queries
):
    client = client_for(isu_staff)
    client.get("/meetings/")  # warm the session and role caches
    # 13: the conventions' kinds of meeting for the filter are data (issue 17).
    with django_assert_max_num_queries(13):
        assert client.get("/meetings/").status_code == 200


def test_the_calendar_page(client_for, isu_staff, world, django_assert_max_num_queries):
    client = client_for(isu_staff)
    client.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    with django_assert_max_num_queries(11):  # with the kinds of meeting
        assert client.get("/meetings/calendar/?month=2025-03").status_code == 200


def test_the_meeting_page(client_for, isu_staff, world, django_assert_max_num_queries):
    meetings, _ = world
    client = client_for(isu_staff)
    client.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    with django_assert_max_num_queries(18):
        assert client.get(meetings[0].get_absolute_url()).status_code == 200


def test_the_programme_page(
    client_for, isu_staff, world, django_assert_max_num_queries
):
    _, programme = world
    client = client_for(isu_staff)
    client.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    # 15: with the convention's catalogue of obligations (issue 17).
    with django_assert_max_num_queries(15):
        assert client.get(programme.get_absolute_url()).status_code == 200


def test_the_api_list(client_for, isu_staff, world, django_assert_max_num_queries):
    client = client_for(isu_staff)
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/meetings/")
    assert response.status_code == 200


def test_the_ics_feed(client_for, isu_staff, world, django_assert_max_num_queries):
    client = client_for(isu_staff)
    with django_assert_max_num_queries(7):
        assert client.get("/meetings/feeds/APMBC.ics").status_code == 200


def test_a_committee_member_sees_their_committees_meetings(
    client_for, thematic_member, committee_member, world
):
    listed = client_for(thematic_member).get("/meetings/?kind=thematic")
    assert listed.context["page"].paginator.count == len(world[0])
    other = client_for(committee_member).get("/meetings/?kind=thematic")
    assert other.context["page"].paginator.count == 0
