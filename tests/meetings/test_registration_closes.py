"""Registration of delegations and applications for sponsorship close when the
meeting opens, or after the registration deadline staff set (issue 13). A closed
registration says so and offers nothing to submit; the service refuses it with
the same words. ISU staff still complete the list of participants afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings import rules
from meetings.models import Delegation, Meeting, Participant, SponsorshipApplication
from meetings.services import delegation_register, sponsorship_apply
from tests.meetings.conftest import (
    from_today,
    make_person,
    make_programme,
)

D = dt.date
PERSON = {
    "given_name": "Ana",
    "family_name": "Pereira",
    "function": "Director",
    "gender": "female",
    "consent_to_publication": "on",
}


def meeting_on(start, end=None, deadline=None) -> Meeting:
    return Meeting(
        start=start,
        end=end or start,
        status=Meeting.Status.PLANNED,
        registration_deadline=deadline,
    )


@pytest.mark.parametrize(
    ("today", "open_"),
    [(D(2026, 11, 29), True), (D(2026, 11, 30), False), (D(2026, 12, 5), False)],
)
def test_it_closes_registration_when_the_meeting_opens(today, open_):
    assert rules.registration_open(meeting_on(D(2026, 11, 30)), today) is open_


@pytest.mark.parametrize(
    ("today", "open_"),
    [(D(2026, 10, 31), True), (D(2026, 11, 1), False), (D(2026, 11, 29), False)],
)
def test_it_closes_registration_after_the_deadline(today, open_):
    meeting = meeting_on(D(2026, 11, 30), deadline=D(2026, 10, 31))
    assert rules.registration_open(meeting, today) is open_


def test_it_says_when_registration_closes_and_closed():
    meeting = meeting_on(D(2026, 11, 30), D(2026, 12, 4))
    assert rules.registration_message(meeting, D(2026, 11, 1)) == (
        "Registration is open until the meeting opens on 30 November 2026."
    )
    assert rules.registration_message(meeting, D(2026, 12, 5)) == (
        "Registration closed when the meeting opened on 30 November 2026."
    )
    meeting.registration_deadline = D(2026, 10, 31)
    assert rules.registration_message(meeting, D(2026, 10, 1)) == (
        "Registration is open until 31 October 2026."
    )
    assert rules.registration_message(meeting, D(2026, 11, 2)) == (
        "Registration is closed: the deadline was 31 October 2026."
    )


def test_it_takes_no_registration_for_a_postponed_or_cancelled_meeting():
    for status in (Meeting.Status.POSTPONED, Meeting.Status.CANCELLED):
        meeting = meeting_on(D(2030, 1, 1))
        meeting.status = status
        assert not rules.registration_open(meeting, D(2026, 1, 1))


# --- The service ----------------------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_a_focal_point_registering_for_a_past_meeting(msp, focal_a, state_a):
    # msp: 1-5 December 2025, still "planned" as nobody marked it held.
    with pytest.raises(ValidationError) as refused:
        delegation_register(meeting=msp, state=state_a, actor=focal_a)
    assert refused.value.messages == [
        "Registration closed when the meeting opened on 1 December 2025."
    ]
    assert not Delegation.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_focal_point_after_the_deadline(upcoming_msp, focal_a, state_a):
    Meeting.objects.filter(pk=upcoming_msp.pk).update(
        registration_deadline=from_today(-1)
    )
    upcoming_msp.refresh_from_db()
    with pytest.raises(ValidationError, match="the deadline was"):
        delegation_register(meeting=upcoming_msp, state=state_a, actor=focal_a)
    assert not Delegation.objects.exists()


@pytest.mark.django_db
def test_it_lets_staff_complete_the_list_after_the_fact(msp, isu_staff, state_a):
    delegation = delegation_register(meeting=msp, state=state_a, actor=isu_staff)
    assert delegation.meeting == msp


@pytest.mark.django_db
def test_it_refuses_an_application_for_a_past_meeting(
    apmbc, msp, upcoming_msp, focal_a, state_a
):
    programme = make_programme(apmbc, [msp, upcoming_msp])
    person = make_person(msp, state_a)
    with pytest.raises(ValidationError, match="Applications for this meeting are"):
        sponsorship_apply(
            programme=programme,
            participant=person,
            data={"needs_travel": True, "travel_amount": "1000"},
            actor=focal_a,
        )
    assert not SponsorshipApplication.objects.exists()
    # The meeting still ahead takes it.
    ahead = make_person(upcoming_msp, state_a, given_name="Rui")
    sponsorship_apply(
        programme=programme,
        participant=ahead,
        data={"needs_travel": True, "travel_amount": "1000"},
        actor=focal_a,
    )
    assert SponsorshipApplication.objects.get().participant == ahead


# --- The pages ------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_says_on_the_meeting_page_that_registration_closed(
    client_for, msp, focal_a, state_a
):
    client = client_for(focal_a)
    page = client.get(msp.get_absolute_url())
    html = page.content.decode()
    assert "Registration closed when the meeting opened on 1 December 2025." in html
    assert page.context["registrable_states"] == []
    assert "Register the delegation of" not in html

    refused = client.post(
        f"/meetings/{msp.pk}/delegations/", {"state": "AAA"}, follow=True
    )
    assert "Registration closed when the meeting opened" in refused.content.decode()
    assert not Delegation.objects.exists()


@pytest.mark.django_db
def test_it_says_on_the_meeting_page_until_when_registration_is_open(
    client_for, upcoming_msp, focal_a, state_a
):
    page = client_for(focal_a).get(upcoming_msp.get_absolute_url())
    assert page.context["registration_open"]
    assert "Registration is open until the meeting opens on" in page.content.decode()
    assert [s.iso3 for s in page.context["registrable_states"]] == ["AAA"]


@pytest.mark.django_db
def test_it_offers_no_delegate_form_once_closed_and_refuses_the_post(
    client_for, upcoming_msp, focal_a, state_a
):
    client = client_for(focal_a)
    client.post(f"/meetings/{upcoming_msp.pk}/delegations/", {"state": "AAA"})
    delegation = Delegation.objects.get()
    url = f"/meetings/{upcoming_msp.pk}/delegations/{delegation.pk}/"
    assert client.get(url).context["form"] is not None

    Meeting.objects.filter(pk=upcoming_msp.pk).update(
        registration_deadline=from_today(-1)
    )
    page = client.get(url)
    assert page.context["form"] is None
    assert "the deadline was" in page.content.decode()
    assert 'type="submit" class="button primary"' not in page.content.decode()

    refused = client.post(url, PERSON)
    assert refused.status_code == 400
    assert "Registration is closed: the deadline was" in refused.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_it_takes_a_registration_deadline_before_the_first_day(
    client_for, isu_staff, apmbc
):
    form = {
        "kind": "msp",
        "number": "23",
        "start": from_today(60).isoformat(),
        "end": from_today(64).isoformat(),
        "venue": "Geneva",
        "status": "planned",
    }
    client = client_for(isu_staff)
    late = client.post(
        "/meetings/new/?convention=APMBC",
        {**form, "registration_deadline": from_today(60).isoformat()},
    )
    assert late.status_code == 400
    assert "before the first day" in " ".join(
        late.context["form"].errors["registration_deadline"]
    )
    ok = client.post(
        "/meetings/new/?convention=APMBC",
        {**form, "registration_deadline": from_today(30).isoformat()},
    )
    assert ok.status_code == 302
    assert Meeting.objects.get().registration_deadline == from_today(30)
