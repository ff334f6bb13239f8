"""ism.access: who sees which rows, who may change what, and how refusals look.

Another State's object is a 404 (it does not exist for you), a missing permission
on something you may see is a 403, and anonymous users are sent to the login page.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q

from ism import access
from ism.access import EVERY_ROW, Scope, visibility_filter, visible
from ism.audit import audit_record
from ism.concurrency import fields_version
from ism.models import (
    AuditEvent,
    Committee,
    CommitteeChair,
    CommitteeMembership,
    Convention,
    Participation,
    Role,
    RoleAssignment,
    State,
    StateContact,
)
from ism.models.bank import BANK_FIELDS
from ism.services import CONVENTION_EDITABLE
from ism.vocabulary import with_translations
from tests.factories import (
    CommitteeFactory,
    ConventionFactory,
    StateFactory,
    UserFactory,
    assign,
)


def contact_url(state, convention):
    return f"/states/{state.iso3}/{convention.code}/contact/"


CONTACT = {
    "recipient": "Permanent Mission of Atlantis to the UN Office at Geneva",
    "address": "Rue de l'Océan 1\n1202 Genève",
    "emails": "mission@atlantis.example, isu@atlantis.example",
}


# --- A State's private page: 404 for another State ------------------------------------


def test_it_shows_a_focal_point_their_own_states_contact_page(
    client_for, focal_a, state_a, apmbc
):
    StateContact.objects.create(
        state=state_a, convention=apmbc, recipient="Mission of Atlantis", address="x"
    )
    response = client_for(focal_a).get(contact_url(state_a, apmbc))
    assert response.status_code == 200
    assert response.context["state"] == state_a
    assert "Mission of Atlantis" in response.content.decode()


def test_it_hides_another_states_contact_page_from_a_focal_point(
    client_for, focal_a, state_b, apmbc
):
    StateContact.objects.create(
        state=state_b, convention=apmbc, recipient="Mission of Borduria", address="x"
    )
    response = client_for(focal_a).get(contact_url(state_b, apmbc))
    assert response.status_code == 404
    assert b"Mission of Borduria" not in response.content


def test_it_refuses_a_focal_points_post_to_another_states_page_with_404(
    client_for, focal_a, state_b, apmbc
):
    response = client_for(focal_a).post(contact_url(state_b, apmbc), CONTACT)
    assert response.status_code == 404
    assert not StateContact.objects.filter(state=state_b).exists()
    assert not AuditEvent.objects.exists()


def test_it_saves_a_focal_points_own_contact_and_audits_it(
    client_for, focal_a, state_a, apmbc
):
    response = client_for(focal_a).post(contact_url(state_a, apmbc), CONTACT)

    assert response.status_code == 302
    assert response.url == contact_url(state_a, apmbc)
    contact = StateContact.objects.get(state=state_a, convention=apmbc)
    assert contact.recipient == CONTACT["recipient"]
    assert contact.email_list == [
        "mission@atlantis.example",
        "isu@atlantis.example",
    ]
    event = AuditEvent.objects.get()
    assert event.actor == focal_a
    assert event.verb == "contact created"
    assert event.object_id == str(contact.pk)
    assert (event.state, event.convention) == (state_a, apmbc)
    # A new contact's fields change from blank to what was typed.
    assert event.changes["recipient"] == ["", CONTACT["recipient"]]


def test_it_refuses_an_invalid_email_on_the_contact_page_and_saves_nothing(
    client_for, focal_a, state_a, apmbc
):
    data = {**CONTACT, "emails": "mission@atlantis.example, not-an-address"}
    response = client_for(focal_a).post(contact_url(state_a, apmbc), data)

    assert response.status_code == 400
    assert "not-an-address" in response.context["form"].errors["emails"][0]
    assert not StateContact.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_lets_the_auditor_read_a_states_page_but_not_change_it(
    client_for, auditor, state_a, apmbc
):
    StateContact.objects.create(
        state=state_a, convention=apmbc, recipient="Mission of Atlantis", address="x"
    )
    client = client_for(auditor)

    page = client.get(contact_url(state_a, apmbc))
    assert page.status_code == 200
    assert "Mission of Atlantis" in page.content.decode()
    assert page.context["can_edit"] is False

    response = client.post(contact_url(state_a, apmbc), CONTACT)
    assert response.status_code == 403
    assert StateContact.objects.get().recipient == "Mission of Atlantis"
    assert not AuditEvent.objects.exists()


# --- Convention settings: 403 for staff of another convention -------------------------


SETTINGS_URL = "/conventions/APMBC/settings/"


def settings_form(convention: Convention, **changes) -> dict:
    data = {
        "host": convention.host,
        "iati_org_ref": convention.iati_org_ref,
        "action_plan_name": convention.action_plan_name,
        "action_plan_start": convention.action_plan_start or "",
        "action_plan_end": convention.action_plan_end or "",
        "initial_report_days": convention.initial_report_days or "",
        "annual_report_month": convention.annual_report_month,
        "annual_report_day": convention.annual_report_day,
        "assessment_floor": convention.assessment_floor or "",
        "assessment_ceiling": convention.assessment_ceiling or "",
        # The version the settings page carries (ism.concurrency).
        "version": fields_version(convention, CONVENTION_EDITABLE),
    }
    # What a party is called, as it stands (issue 17).
    data.update(
        (name, getattr(convention, name) or "")
        for name in with_translations("party_singular", "party_plural", "party_of")
    )
    # The bank account as it stands (a box left out of a form is unticked).
    data.update(
        (name, getattr(convention, name))
        for name in BANK_FIELDS
        if name != "bank_illustrative" or convention.bank_illustrative
    )
    return {**data, **changes}


def test_it_forbids_another_conventions_staff_the_settings_page(
    client_for, other_staff, apmbc
):
    client = client_for(other_staff)
    assert client.get(SETTINGS_URL).status_code == 403
    response = client.post(SETTINGS_URL, settings_form(apmbc, host="Hijacked"))
    assert response.status_code == 403
    apmbc.refresh_from_db()
    assert apmbc.host == "GICHD"
    assert not AuditEvent.objects.exists()


def test_it_lets_the_conventions_staff_save_its_settings(client_for, isu_staff, apmbc):
    client = client_for(isu_staff)
    assert client.get(SETTINGS_URL).status_code == 200

    response = client.post(
        SETTINGS_URL,
        settings_form(apmbc, host="GICHD, Geneva", annual_report_day=15),
    )

    assert response.status_code == 302
    assert response.url == "/conventions/APMBC/"
    apmbc.refresh_from_db()
    assert (apmbc.host, apmbc.annual_report_day) == ("GICHD, Geneva", 15)
    event = AuditEvent.objects.get()
    assert (event.actor, event.verb, event.convention) == (
        isu_staff,
        "settings changed",
        apmbc,
    )
    assert event.changes == {
        "annual_report_day": [30, 15],
        "host": ["GICHD", "GICHD, Geneva"],
    }


INVALID_SETTINGS = [
    ("annual_report_month", "13"),
    ("annual_report_month", "0"),
    ("annual_report_day", "32"),
    ("action_plan_start", "twenty-twenty-five"),
    ("initial_report_days", "-1"),
    ("assessment_ceiling", "1.5"),
]


@pytest.mark.parametrize(("field", "value"), INVALID_SETTINGS)
def test_it_refuses_an_invalid_setting_with_a_message_and_changes_nothing(
    client_for, isu_staff, apmbc, field, value
):
    before = Convention.objects.values().get(pk=apmbc.pk)

    response = client_for(isu_staff).post(
        SETTINGS_URL, settings_form(apmbc, host="Changed too", **{field: value})
    )

    assert response.status_code == 400
    assert response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    # The valid change typed alongside is not saved either: nothing half-way.
    assert Convention.objects.values().get(pk=apmbc.pk) == before
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("action_plan_start", "twenty-twenty-five"),
        ("initial_report_days", "-1"),
        ("annual_report_month", "13"),
        ("annual_report_day", "32"),
        ("assessment_ceiling", "1.5"),
    ],
)
def test_it_puts_the_message_about_an_invalid_setting_beside_its_field(
    client_for, isu_staff, apmbc, field, value
):
    # DESIGN.md: bad input gets a clear message next to the field.
    response = client_for(isu_staff).post(
        SETTINGS_URL, settings_form(apmbc, **{field: value})
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    assert 'class="field-error"' in response.content.decode()


def test_it_forbids_the_auditor_to_change_settings(client_for, auditor, apmbc):
    client = client_for(auditor)
    # The auditor reads the convention page, which links no edit form for them.
    page = client.get("/conventions/APMBC/")
    assert page.status_code == 200
    assert page.context["can_manage"] is False
    assert SETTINGS_URL not in page.content.decode()

    response = client.post(SETTINGS_URL, settings_form(apmbc, host="Audited"))
    assert response.status_code == 403
    apmbc.refresh_from_db()
    assert apmbc.host == "GICHD"


# --- Anonymous users ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/budgets/", SETTINGS_URL])
def test_it_sends_anonymous_users_to_the_login_page(client, apmbc, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(
    "url", ["/public/", "/conventions/APMBC/", "/healthz", "/accounts/login/"]
)
def test_it_serves_public_pages_to_anonymous_users(client, apmbc, url):
    assert client.get(url).status_code == 200


def test_it_lists_the_conventions_on_the_public_page(client, apmbc, ccm):
    response = client.get("/public/")
    assert [c.code for c in response.context["conventions"]] == ["APMBC", "CCM"]


# --- visible(): rows of AuditEvent ----------------------------------------------------


@pytest.fixture
def events(apmbc, ccm, state_a, state_b):
    """One history row per scope: State A's, State B's, the APMBC's, the CCM's."""
    return {
        "a": record("a", state_a, convention=apmbc, state=state_a),
        "b": record("b", state_b, convention=apmbc, state=state_b),
        "apmbc": record("apmbc", apmbc, convention=apmbc),
        "ccm": record("ccm", ccm, convention=ccm),
    }


def record(verb, obj, **scope):
    with transaction.atomic():
        return audit_record(actor=None, verb=verb, obj=obj, **scope)


def visible_verbs(user, queryset=None) -> set[str]:
    rows = visible(user, queryset if queryset is not None else AuditEvent.objects)
    return set(rows.values_list("verb", flat=True))


def test_it_shows_a_focal_point_only_their_states_history(events, focal_a):
    assert visible_verbs(focal_a) == {"a"}


def test_it_shows_isu_staff_only_their_conventions_history(events, isu_staff):
    assert visible_verbs(isu_staff) == {"a", "b", "apmbc"}


def test_it_shows_the_auditor_of_all_conventions_every_event(events, auditor):
    assert visible_verbs(auditor) == {"a", "b", "apmbc", "ccm"}


def test_it_shows_an_auditor_of_one_convention_only_that_one(events, ccm):
    ccm_auditor = UserFactory(username="auditor-ccm")
    assign(ccm_auditor, Role.AUDITOR, convention=ccm)
    assert visible_verbs(ccm_auditor) == {"ccm"}


def test_it_shows_no_history_to_anonymous_users_or_users_without_a_role(events):
    assert visible_verbs(AnonymousUser()) == set()
    assert visible_verbs(UserFactory(username="nobody")) == set()


def test_it_does_not_let_a_focal_point_of_another_convention_see_the_apmbc_rows(
    events, ccm, state_a
):
    # Focal point of State A, but for the CCM: State A's APMBC history is not theirs.
    ccm_focal = UserFactory(username="focal-a-ccm")
    assign(ccm_focal, Role.FOCAL_POINT, state=state_a, convention=ccm)
    assert visible_verbs(ccm_focal) == set()


# --- visibility_filter(): committees and reviewers ------------------------------------


@pytest.fixture
def membership_scoped_by_committee(monkeypatch):
    monkeypatch.setitem(
        access._registry,
        CommitteeMembership,
        Scope(committee="committee", convention="committee__convention"),
    )


def test_it_shows_a_committee_member_their_committees_rows_only(
    membership_scoped_by_committee,
    committee_member,
    thematic_member,
    coordinating_committee,
    thematic_committee,
):
    def committees_seen(user):
        rows = visible(user, CommitteeMembership.objects.all())
        return set(rows.values_list("committee", flat=True))

    assert committees_seen(committee_member) == {coordinating_committee.pk}
    assert committees_seen(thematic_member) == {thematic_committee.pk}
    assert committees_seen(AnonymousUser()) == set()


def test_it_shows_rows_for_reviewers_to_the_coordinating_committee_only(
    monkeypatch, apmbc, ccm, committee_member, thematic_member, focal_a, events
):
    # A budget submitted for review is visible to the convention's Coordinating
    # Committee, not to thematic committees and not to another convention's.
    monkeypatch.setitem(
        access._registry,
        AuditEvent,
        Scope(convention="convention", for_reviewers=Q(verb__startswith="submitted")),
    )
    record("submitted apmbc", apmbc, convention=apmbc)
    record("submitted ccm", ccm, convention=ccm)
    ccm_coordinating = CommitteeFactory(
        convention=ccm, name="CCM CC", kind=Committee.Kind.COORDINATING
    )
    ccm_member = UserFactory(username="member-ccm-cc")
    assign(ccm_member, Role.COMMITTEE_MEMBER, committee=ccm_coordinating)

    assert visible_verbs(committee_member) == {"submitted apmbc"}
    assert visible_verbs(ccm_member) == {"submitted ccm"}
    assert visible_verbs(thematic_member) == set()
    assert visible_verbs(focal_a) == set()


def test_it_shows_rows_for_committees_to_every_committee_of_the_convention(
    monkeypatch, apmbc, ccm, committee_member, thematic_member, other_staff
):
    monkeypatch.setitem(
        access._registry,
        AuditEvent,
        Scope(convention="convention", for_committees=Q(verb="for committees")),
    )
    record("for committees", apmbc, convention=apmbc)
    record("staff only", apmbc, convention=apmbc)

    assert visible_verbs(committee_member) == {"for committees"}
    assert visible_verbs(thematic_member) == {"for committees"}
    assert visible_verbs(other_staff) == set()


def test_it_shows_rows_for_states_to_every_focal_point_of_the_convention(
    monkeypatch, apmbc, ccm, focal_a, focal_b, state_a
):
    monkeypatch.setitem(
        access._registry,
        AuditEvent,
        Scope(convention="convention", state="state", for_states=Q(verb="circulated")),
    )
    record("circulated", apmbc, convention=apmbc)
    record("circulated", ccm, convention=ccm)
    record("a only", state_a, convention=apmbc, state=state_a)

    assert visible_verbs(focal_a) == {"circulated", "a only"}
    assert visible_verbs(focal_b) == {"circulated"}
    # The CCM's circulated row is not the APMBC focal points'.
    assert set(
        visible(focal_b, AuditEvent.objects).values_list("convention__code", flat=True)
    ) == {"APMBC"}


def test_it_refuses_a_model_without_a_registered_scope(isu_staff):
    with pytest.raises(ImproperlyConfigured, match="RoleAssignment has no access"):
        visible(isu_staff, RoleAssignment.objects.all())
    with pytest.raises(ImproperlyConfigured):
        visibility_filter(AnonymousUser(), RoleAssignment)


# --- Public scopes: Q(x) | Q() is Q(x), so "every row" must be a real condition -------


@pytest.fixture
def public_world(apmbc, ccm, state_a, state_b, coordinating_committee):
    CommitteeChair.objects.create(
        committee=coordinating_committee, state=state_a, start="2025-01-01"
    )
    StateFactory.create_batch(3)


PUBLIC_MODELS = [
    Convention,
    State,
    Participation,
    Committee,
    CommitteeMembership,
    CommitteeChair,
]


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda m: m.__name__)
def test_it_shows_every_row_of_a_public_model_to_anonymous_users(public_world, model):
    total = model.objects.count()
    assert total > 0
    assert visible(AnonymousUser(), model.objects.all()).count() == total


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda m: m.__name__)
def test_it_shows_every_row_of_a_public_model_to_a_focal_point(
    public_world, focal_a, model
):
    # OR-ing the focal point's own rows must not narrow the public ones.
    assert visible(focal_a, model.objects.all()).count() == model.objects.count()


def test_it_shows_every_row_to_anonymous_users_through_a_temporary_public_scope(
    monkeypatch, apmbc, ccm
):
    monkeypatch.setitem(
        access._registry, Convention, Scope(convention="pk", public=EVERY_ROW)
    )
    ConventionFactory(code="CCW", currency="USD")
    # EVERY_ROW is a real condition: an empty Q() would vanish when OR-ed with
    # the policy's starting Q(pk__in=[]) and the public would see nothing.
    assert visible(AnonymousUser(), Convention.objects.all()).count() == 3


def test_it_keeps_private_models_closed_to_anonymous_users(state_a, apmbc):
    StateContact.objects.create(
        state=state_a, convention=apmbc, recipient="r", address="a"
    )
    assert not visible(AnonymousUser(), StateContact.objects.all()).exists()
