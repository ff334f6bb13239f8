"""A State's focal point registers their own State's delegation and its people,
never another State's."""

import pytest

from meetings.models import Delegation, Meeting, Participant
from tests.meetings.conftest import from_today


@pytest.fixture
def msp(upcoming_msp):
    """Registration is open: the meeting opens in two months."""
    return upcoming_msp


PERSON = {
    "honorific": "Ms.",
    "given_name": "Ana",
    "family_name": "Pereira",
    "function": "Director, Mine Action Centre",
    "gender": "female",
    "email": "ana@example.org",
    "consent_to_publication": "on",
}


def test_a_focal_point_registers_their_own_states_delegation_and_a_delegate(
    client_for, msp, focal_a, state_a
):
    client = client_for(focal_a)
    response = client.post(f"/meetings/{msp.pk}/delegations/", {"state": "AAA"})
    delegation = Delegation.objects.get(meeting=msp, state=state_a)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/delegations/{delegation.pk}/")

    response = client.post(response["Location"], PERSON)
    assert response.status_code == 302
    person = Participant.objects.get(delegation=delegation)
    assert (person.family_name, person.gender, person.consent_to_publication) == (
        "Pereira",
        "female",
        True,
    )
    assert person.registered_by == focal_a


def test_a_focal_point_cannot_register_another_states_delegation(
    client_for, msp, focal_a, state_b
):
    response = client_for(focal_a).post(
        f"/meetings/{msp.pk}/delegations/", {"state": "BBB"}
    )
    assert response.status_code == 403
    assert not Delegation.objects.exists()


def test_a_focal_point_cannot_add_people_to_another_states_delegation(
    client_for, msp, focal_a, focal_b, state_b
):
    client_for(focal_b).post(f"/meetings/{msp.pk}/delegations/", {"state": "BBB"})
    theirs = Delegation.objects.get(state=state_b)
    response = client_for(focal_a).post(
        f"/meetings/{msp.pk}/delegations/{theirs.pk}/", PERSON
    )
    assert response.status_code == 403
    assert not Participant.objects.exists()


def test_a_focal_point_sees_other_delegations_only_as_published(
    client_for, msp, focal_a, focal_b, state_b
):
    client = client_for(focal_b)
    client.post(f"/meetings/{msp.pk}/delegations/", {"state": "BBB"})
    theirs = Delegation.objects.get(state=state_b)
    client.post(f"/meetings/{msp.pk}/delegations/{theirs.pk}/", PERSON)
    client.post(
        f"/meetings/{msp.pk}/delegations/{theirs.pk}/",
        {**PERSON, "given_name": "Bo", "consent_to_publication": ""},
    )
    own_view = client.get(f"/meetings/{msp.pk}/delegations/{theirs.pk}/")
    assert {p.given_name for p in own_view.context["people"]} == {"Ana", "Bo"}

    other_view = client_for(focal_a).get(f"/meetings/{msp.pk}/delegations/{theirs.pk}/")
    assert other_view.status_code == 200
    assert [p.given_name for p in other_view.context["people"]] == ["Ana"]
    html = other_view.content.decode()
    assert "ana@example.org" not in html
    assert "Woman" not in html  # gender is not published
    assert other_view.context["form"] is None


def test_registration_closes_once_the_meeting_has_opened(
    client_for, msp, focal_a, state_a
):
    # Nobody changed its status: it opened yesterday.
    Meeting.objects.filter(pk=msp.pk).update(start=from_today(-1), end=from_today(3))
    response = client_for(focal_a).post(
        f"/meetings/{msp.pk}/delegations/", {"state": "AAA"}, follow=True
    )
    assert "Registration closed when the meeting opened" in response.content.decode()
    assert not Delegation.objects.exists()


@pytest.mark.parametrize("head_twice", [True])
def test_a_delegation_has_one_head(client_for, msp, focal_a, head_twice):
    client = client_for(focal_a)
    client.post(f"/meetings/{msp.pk}/delegations/", {"state": "AAA"})
    delegation = Delegation.objects.get()
    url = f"/meetings/{msp.pk}/delegations/{delegation.pk}/"
    client.post(url, {**PERSON, "is_head": "on"})
    response = client.post(url, {**PERSON, "given_name": "Rui", "is_head": "on"})
    assert response.status_code == 400
    assert "already has a head" in response.context["form"].errors["is_head"][0]
    assert Participant.objects.count() == 1


def test_staff_register_organisations(client_for, msp, isu_staff, focal_a):
    response = client_for(focal_a).post(
        f"/meetings/{msp.pk}/delegations/", {"state": "", "organisation": "ICRC"}
    )
    assert response.status_code == 404  # no such State: focal points name a State
    response = client_for(isu_staff).post(
        f"/meetings/{msp.pk}/delegations/", {"organisation": "ICRC"}
    )
    assert response.status_code == 302
    assert Delegation.objects.get().organisation == "ICRC"


def test_a_focal_point_corrects_their_delegate_and_the_change_is_recorded(
    client_for, msp, focal_a
):
    from ism.models import AuditEvent

    client = client_for(focal_a)
    client.post(f"/meetings/{msp.pk}/delegations/", {"state": "AAA"})
    delegation = Delegation.objects.get()
    client.post(f"/meetings/{msp.pk}/delegations/{delegation.pk}/", PERSON)
    person = Participant.objects.get()
    url = f"/meetings/{msp.pk}/delegations/{delegation.pk}/people/{person.pk}/"
    version = client.get(url).context["form"]["version"].value()
    response = client.post(
        url, {**PERSON, "function": "Deputy Director", "version": version}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.function == "Deputy Director"
    event = AuditEvent.objects.get(verb="participant changed")
    assert event.changes["function"] == [
        "Director, Mine Action Centre",
        "Deputy Director",
    ]
