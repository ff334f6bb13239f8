"""ISU staff invite people by e-mail without the admin (issue 17): the mail is in
the outbox with a one-time link; the invitee makes their account (or signs in to
the one they have) and has the role; the link expires after a week, works once,
and can be withdrawn; every step is in the audit trail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ism import people
from ism.models import (
    AuditEvent,
    Invitation,
    OutgoingMail,
    Role,
    RoleAssignment,
    User,
)
from ism.models.tokens import token_digest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long walk to Ottawa 1997"


def send(actor, convention, email, role="isu_staff", **scope):
    """The service as a page calls it: (invitation, secret)."""
    return people.invitation_create(
        actor=actor, convention=convention, email=email, role=role, **scope
    )


def invite(client, convention, **data):
    return client.post(
        reverse("people-invite", args=[convention.code]),
        {"email": "new.colleague@isu.example", "role": Role.ISU_STAFF, **data},
    )


def link_in(mail: OutgoingMail) -> str:
    (path,) = re.findall(r"https?://[^\s]+(/invitations/[^\s]+/)", mail.body)
    return path


def make_account(client, link: str, username="new.colleague"):
    return client.post(
        link,
        {
            "username": username,
            "first_name": "Nia",
            "last_name": "Colleague",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def test_staff_invite_a_colleague_who_accepts_and_works_on_the_convention(
    client_for, isu_staff, apmbc, django_capture_on_commit_callbacks
):
    browser = client_for(isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(browser, apmbc)
    assert response.status_code == 302
    mail = OutgoingMail.objects.get(key__startswith="invitation:")
    assert mail.to == ["new.colleague@isu.example"]
    assert mail.convention == apmbc
    assert "APMBC" in mail.subject
    link = link_in(mail)
    invitation = Invitation.objects.get()
    secret = link.split("/")[-2]
    # Stored as its digest only.
    assert invitation.digest == token_digest(secret)
    assert secret not in str(Invitation.objects.values().get())
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)

    browser.logout()
    form = browser.get(link)
    assert form.status_code == 200
    assert 'value="new.colleague@isu.example"' in form.content.decode()
    welcome = make_account(browser, link)
    assert welcome.status_code == 302
    assert welcome["Location"] == reverse("convention-detail", args=["APMBC"])

    user = RoleAssignment.objects.get(user__username="new.colleague").user
    assert user.email == "new.colleague@isu.example"
    assert list(user.role_assignments.values_list("role", "convention")) == [
        (Role.ISU_STAFF, apmbc.pk)
    ]
    # Signed in, and a staff page of the convention is theirs now.
    assert browser.get(reverse("people", args=["APMBC"])).status_code == 200
    assert (
        browser.get(reverse("budgets:invoice-list", args=["APMBC"])).status_code == 200
    )


def test_each_step_is_in_the_audit_trail(
    client_for, isu_staff, apmbc, django_capture_on_commit_callbacks
):
    browser = client_for(isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        invite(browser, apmbc, email="First@ISU.example")
        invite(browser, apmbc, email="second@isu.example")
    first, second = Invitation.objects.order_by("pk")
    assert first.email == "first@isu.example"
    browser.post(reverse("invitation-revoke", args=["APMBC", second.pk]))
    browser.logout()
    make_account(browser, link_in(OutgoingMail.objects.get(to=[first.email])))

    events = AuditEvent.objects.filter(convention=apmbc).order_by("pk")
    assert [(e.verb, e.actor.username) for e in events] == [
        ("invitation sent", "staff-apmbc"),
        ("invitation sent", "staff-apmbc"),
        ("invitation revoked", "staff-apmbc"),
        ("invitation accepted", "new.colleague"),
        ("role assigned", "new.colleague"),
    ]
    sent = events[0]
    assert sent.changes["email"] == [None, "first@isu.example"]
    assert sent.changes["role"] == [None, "isu_staff"]


def test_the_link_expires_after_seven_days(client, isu_staff, apmbc):
    _, secret = send(isu_staff, apmbc, "late@isu.example")
    link = people.accept_path(secret)
    with time_machine.travel(timezone.now() + dt.timedelta(days=6, hours=23)):
        assert client.get(link).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        page = client.get(link)
        assert page.status_code == 410
        assert "expired" in page.content.decode()
        # Shown without a write: nothing stored says it expired.
        assert Invitation.objects.get().revoked_at is None
        refused = make_account(client, link)
        assert refused.status_code == 410
    assert not RoleAssignment.objects.filter(user__email="late@isu.example").exists()


def test_a_link_works_once(client, isu_staff, apmbc):
    _, secret = send(isu_staff, apmbc, "once@isu.example")
    link = people.accept_path(secret)
    assert make_account(client, link).status_code == 302
    client.logout()

    again = make_account(client, link, username="someone.else")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert not RoleAssignment.objects.filter(user__username="someone.else").exists()


@pytest.mark.parametrize(
    "token", ["nothing", "ismi_forged", "ismi_" + "A" * 43, "ismi_" + "x" * 500]
)
def test_a_forged_link_is_a_clear_page_not_an_error(client, token):
    page = client.get(reverse("invitation-accept", args=[token]))
    assert page.status_code == 404
    assert "not a valid invitation" in page.content.decode()
    assert client.post(reverse("invitation-accept", args=[token])).status_code == 404


def test_an_existing_account_signs_in_and_the_role_is_added(
    client, client_for, isu_staff, apmbc, state_a
):
    someone = UserFactory(username="known", email="Known@State.example")
    _, secret = send(
        isu_staff, apmbc, "known@state.example", "focal_point", state=state_a
    )
    link = people.accept_path(secret)
    page = client.get(link)
    assert "Log in to accept" in page.content.decode()
    # No second account for the address: its owner signs in.
    assert make_account(client, link, username="intruder").status_code == 200
    assert not User.objects.filter(username="intruder").exists()

    # Another account signed in cannot take it.
    other = client_for(UserFactory(username="other", email="other@x.example"))
    assert "is not the one invited" in other.get(link).content.decode()
    other.post(link)
    assert not someone.role_assignments.exists()

    browser = client_for(someone)
    assert browser.post(link).status_code == 302
    assert someone.role_assignments.get().state == state_a


def test_the_invitation_is_written_in_the_invitees_language(isu_staff, apmbc, state_a):
    state_a.working_language = "fr"
    state_a.save()
    send(isu_staff, apmbc, "fp@atlantis.example", "focal_point", state=state_a)
    mail = OutgoingMail.objects.get()
    assert "invitation" in mail.subject.lower()
    assert "Pour accepter" in mail.body


def test_one_open_invitation_per_address_and_convention(isu_staff, apmbc):
    send(isu_staff, apmbc, "twice@isu.example")
    with pytest.raises(ValidationError) as refused:
        send(isu_staff, apmbc, "TWICE@isu.example")
    assert "email" in refused.value.message_dict
    assert OutgoingMail.objects.count() == 1
    # Once expired, a new one may go; the old one is closed.
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        send(isu_staff, apmbc, "twice@isu.example")
    assert OutgoingMail.objects.count() == 2
    assert Invitation.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_day_has_a_ceiling(isu_staff, apmbc, monkeypatch):
    monkeypatch.setattr(people, "INVITATIONS_PER_DAY", 2)
    for n in range(2):
        send(isu_staff, apmbc, f"p{n}@x.example")
    with pytest.raises(ValidationError, match="Try again tomorrow"):
        send(isu_staff, apmbc, "p9@x.example")


def test_the_scope_must_be_the_conventions(isu_staff, apmbc, ccm, thematic_committee):
    from tests.factories import CommitteeFactory, StateFactory

    ccm_committee = CommitteeFactory(convention=ccm, name="CCM committee")
    with pytest.raises(ValidationError) as refused:
        send(
            isu_staff, apmbc, "m@x.example", "committee_member", committee=ccm_committee
        )
    assert "committee" in refused.value.message_dict
    nowhere = StateFactory(iso3="ZZZ", iso2="ZZ", name="Nowhere")
    with pytest.raises(ValidationError) as refused:
        send(isu_staff, apmbc, "m@x.example", "focal_point", state=nowhere)
    assert "state" in refused.value.message_dict
    with pytest.raises(ValidationError):
        send(isu_staff, apmbc, "m@x.example", "auditor")


def test_only_the_conventions_staff_invite(other_staff, focal_a, apmbc):
    for actor in (other_staff, focal_a):
        with pytest.raises(PermissionDenied):
            send(actor, apmbc, "x@x.example")
    assert not Invitation.objects.exists()
