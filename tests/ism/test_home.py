"""The home page: one card per role the user holds, naming where it applies, and
nothing about roles they do not hold. Its cost does not grow with the roles."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ism.models import Committee, Role
from tests.factories import (
    CommitteeFactory,
    ConventionFactory,
    ParticipationFactory,
    StateFactory,
    UserFactory,
    assign,
)

CARDS = {
    "role-admin",
    "role-isu-staff",
    "role-committee-member",
    "role-focal-point",
    "role-auditor",
    "role-none",
}


def cards(html: str) -> dict[str, str]:
    """The role cards on the page: data-testid → the card's text."""
    found = re.findall(
        r'<section[^>]*data-testid="(role-[a-z-]+)"[^>]*>(.*?)</section>', html, re.S
    )
    return {testid: re.sub(r"\s+", " ", body) for testid, body in found}


def home_cards(client) -> dict[str, str]:
    response = client.get("/")
    assert response.status_code == 200
    return cards(response.content.decode())


def test_it_shows_isu_staff_their_convention(client_for, isu_staff, apmbc, ccm):
    shown = home_cards(client_for(isu_staff))
    assert set(shown) == {"role-isu-staff"}
    assert "APMBC" in shown["role-isu-staff"]
    assert "CCM" not in shown["role-isu-staff"]
    assert 'href="/conventions/APMBC/"' in shown["role-isu-staff"]


def test_it_shows_a_committee_member_their_committee(
    client_for, committee_member, coordinating_committee, thematic_committee
):
    shown = home_cards(client_for(committee_member))
    assert set(shown) == {"role-committee-member"}
    card = shown["role-committee-member"]
    assert "Coordinating Committee" in card
    assert "Article 5 Committee" not in card
    assert f'href="/committees/{coordinating_committee.pk}/"' in card


def test_it_shows_a_focal_point_their_state_and_its_contact_page(
    client_for, focal_a, state_b
):
    shown = home_cards(client_for(focal_a))
    assert set(shown) == {"role-focal-point"}
    card = shown["role-focal-point"]
    assert "Atlantis" in card and "APMBC" in card
    assert "Borduria" not in card
    assert 'href="/states/AAA/APMBC/contact/"' in card


def test_it_shows_the_auditor_every_convention(client_for, auditor, apmbc, ccm):
    shown = home_cards(client_for(auditor))
    assert set(shown) == {"role-auditor"}
    assert 'href="/conventions/APMBC/"' in shown["role-auditor"]
    assert 'href="/conventions/CCM/"' in shown["role-auditor"]


def test_it_shows_an_auditor_of_one_convention_only_that_one(client_for, apmbc, ccm):
    user = UserFactory(username="auditor-ccm")
    assign(user, Role.AUDITOR, convention=ccm)
    card = home_cards(client_for(user))["role-auditor"]
    assert "CCM" in card and "APMBC" not in card


def test_it_shows_the_administrator_the_admin_card(client_for, superuser):
    shown = home_cards(client_for(superuser))
    assert set(shown) == {"role-admin"}
    assert 'href="/admin/"' in shown["role-admin"]


def test_it_tells_a_user_without_a_role_to_ask_for_one(client_for, db):
    shown = home_cards(client_for(UserFactory(username="newcomer")))
    assert set(shown) == {"role-none"}


def test_it_shows_one_card_per_role_of_a_user_with_several(
    client_for, apmbc, ccm, state_a, coordinating_committee
):
    user = UserFactory(username="many-hats")
    assign(user, Role.ISU_STAFF, convention=ccm)
    assign(user, Role.FOCAL_POINT, state=state_a, convention=apmbc)
    assign(user, Role.COMMITTEE_MEMBER, committee=coordinating_committee)
    shown = home_cards(client_for(user))
    assert set(shown) == {"role-isu-staff", "role-focal-point", "role-committee-member"}
    assert "CCM" in shown["role-isu-staff"] and "APMBC" not in shown["role-isu-staff"]


@pytest.mark.parametrize(
    "persona",
    ["isu_staff", "other_staff", "committee_member", "focal_a", "auditor", "superuser"],
)
def test_it_shows_no_card_of_a_role_the_persona_does_not_hold(
    request, client_for, persona
):
    user = request.getfixturevalue(persona)
    shown = home_cards(client_for(user))
    assert len(shown) == 1
    assert set(shown) <= CARDS


# --- Cost -----------------------------------------------------------------------------


def give_roles(user, convention, start: int, count: int) -> None:
    """`count` more committee seats and focal-point roles for `user`."""
    for n in range(start, start + count):
        committee = CommitteeFactory(
            convention=convention, name=f"Committee {n}", kind=Committee.Kind.THEMATIC
        )
        assign(user, Role.COMMITTEE_MEMBER, committee=committee)
        state = StateFactory(name=f"State {n}")
        ParticipationFactory(state=state, convention=convention)
        assign(user, Role.FOCAL_POINT, state=state, convention=convention)


def test_its_query_count_does_not_grow_with_the_roles(
    client_for, apmbc, django_assert_max_num_queries
):
    user = UserFactory(username="busy")
    assign(user, Role.ISU_STAFF, convention=apmbc)
    give_roles(user, apmbc, start=1, count=1)
    client = client_for(user)
    with CaptureQueriesContext(connection) as one_each:
        page = client.get("/").content.decode()
    assert "State 1" in page and "Committee 1" in page

    give_roles(user, apmbc, start=2, count=9)
    ccw = ConventionFactory(code="CCW", currency="USD")
    assign(user, Role.ISU_STAFF, convention=ccw)
    with django_assert_max_num_queries(len(one_each)):
        page = client.get("/").content.decode()
    # The page did list all ten of each: the count stayed flat, not the content.
    assert all(f"State {n}<" in page for n in range(1, 11))
    assert all(f"Committee {n}<" in page for n in range(1, 11))
    assert "CCW" in cards(page)["role-isu-staff"]
