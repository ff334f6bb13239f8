"""The convention's people page: staff see who has which role, grant one more
role to someone on it (a focal point's names its State), revoke a role after
confirming (never their own staff role), and withdraw an invitation; a revoked
role's access ends at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ism import people
from ism.models import AuditEvent, Invitation, Role, RoleAssignment
from tests.factories import UserFactory, assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(apmbc):
    """A second member of the APMBC's ISU."""
    user = UserFactory(username="colleague", email="colleague@isu.example")
    assign(user, Role.ISU_STAFF, convention=apmbc)
    return user


def test_the_page_lists_each_role_with_its_scope(
    client_for, isu_staff, focal_a, committee_member, state_a
):
    page = client_for(isu_staff).get(reverse("people", args=["APMBC"]))

    html = page.content.decode()
    for text in ("staff-apmbc", "focal-a", "member-cc", "Atlantis"):
        assert text in html
    assert "Coordinating Committee" in html
    # Their own staff role cannot be revoked by them: said, not offered.
    own = isu_staff.role_assignments.get()
    assert reverse("role-revoke", args=["APMBC", own.pk]) not in html
    assert "ask a colleague" in html


def test_revoking_asks_first_then_ends_access(client_for, isu_staff, colleague):
    role = colleague.role_assignments.get()
    url = reverse("role-revoke", args=["APMBC", role.pk])
    browser = client_for(isu_staff)
    confirm = browser.get(url)
    assert confirm.status_code == 200
    assert 'data-testid="confirm-revoke"' in confirm.content.decode()
    assert RoleAssignment.objects.filter(pk=role.pk).exists()

    assert browser.post(url).status_code == 302
    assert not RoleAssignment.objects.filter(pk=role.pk).exists()
    event = AuditEvent.objects.get(verb="role revoked")
    assert event.actor == isu_staff
    assert event.changes["role"][1] is None

    gone = client_for(colleague)
    assert gone.get(reverse("people", args=["APMBC"])).status_code == 403
    assert gone.get(reverse("budgets:invoice-list", args=["APMBC"])).status_code == 403


def test_staff_cannot_revoke_their_own_staff_role(client_for, isu_staff):
    own = isu_staff.role_assignments.get()
    browser = client_for(isu_staff)
    browser.post(reverse("role-revoke", args=["APMBC", own.pk]))

    assert RoleAssignment.objects.filter(pk=own.pk).exists()
    page = browser.get(reverse("people", args=["APMBC"]))
    assert page.status_code == 200


def test_an_administrator_may_end_any_role(client_for, superuser, isu_staff):
    own = isu_staff.role_assignments.get()
    client_for(superuser).post(reverse("role-revoke", args=["APMBC", own.pk]))
    assert not RoleAssignment.objects.filter(pk=own.pk).exists()


def test_a_withdrawn_invitation_no_longer_opens(client_for, client, isu_staff, apmbc):
    invitation, secret = people.invitation_create(
        actor=isu_staff, convention=apmbc, email="x@isu.example", role="isu_staff"
    )
    browser = client_for(isu_staff)
    page = browser.get(reverse("people", args=["APMBC"])).content.decode()
    assert "x@isu.example" in page and "data-confirm" in page
    browser.post(reverse("invitation-revoke", args=["APMBC", invitation.pk]))
    assert Invitation.objects.get().status == Invitation.Status.REVOKED

    browser.logout()
    answer = client.get(people.accept_path(secret))
    assert answer.status_code == 410
    assert "withdrawn" in answer.content.decode()


def test_the_invitation_form_refuses_beside_the_field(client_for, isu_staff, apmbc):
    response = client_for(isu_staff).post(
        reverse("people-invite", args=["APMBC"]),
        {"email": "fp@x.example", "role": "focal_point"},
    )
    assert response.status_code == 400
    assert "state" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_the_convention_page_links_the_people_page_for_staff(
    client_for, isu_staff, focal_a
):
    link = reverse("people", args=["APMBC"])
    page = client_for(isu_staff).get(reverse("convention-detail", args=["APMBC"]))
    assert link in page.content.decode()
    page = client_for(focal_a).get(reverse("convention-detail", args=["APMBC"]))
    assert link not in page.content.decode()


def test_staff_grant_one_more_role_to_someone_on_the_page(
    client_for, isu_staff, committee_member, state_a
):
    response = client_for(isu_staff).post(
        reverse("people-grant", args=["APMBC"]),
        {"user": committee_member.pk, "role": "focal_point", "state": state_a.pk},
    )

    assert response.status_code == 302
    granted = committee_member.role_assignments.get(role="focal_point")
    assert granted.state == state_a
    event = AuditEvent.objects.get(verb="role assigned")
    assert event.actor == isu_staff and event.state == state_a


def test_a_focal_point_role_names_its_state(client_for, isu_staff, committee_member):
    response = client_for(isu_staff).post(
        reverse("people-grant", args=["APMBC"]),
        {"user": committee_member.pk, "role": "focal_point"},
    )

    assert response.status_code == 400
    assert "state" in response.context["form"].errors
    assert not committee_member.role_assignments.filter(role="focal_point").exists()


def test_someone_without_a_role_here_is_invited_not_granted(
    client_for, isu_staff, other_staff, apmbc
):
    response = client_for(isu_staff).post(
        reverse("people-grant", args=["APMBC"]),
        {"user": other_staff.pk, "role": "isu_staff"},
    )
    assert response.status_code == 400
    assert "user" in response.context["form"].errors
    with pytest.raises(ValidationError):
        people.role_grant(
            actor=isu_staff, convention=apmbc, user=other_staff, role="isu_staff"
        )
    assert not other_staff.role_assignments.filter(convention=apmbc).exists()
