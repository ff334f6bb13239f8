"""Audit events: recorded in the change's own transaction, with who, what, which
fields and the scope that decides who may read them; shown on the object's page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from ism.audit import audit_record, changes_between, history_of
from ism.concurrency import LATEST
from ism.models import AuditEvent, CommitteeChair, StateContact
from ism.selectors import chair_on
from ism.services import committee_chair_change, convention_update
from tests.factories import MembershipFactory, StateFactory


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_record_outside_a_transaction(apmbc, isu_staff):
    # No wrapping atomic block here: the test database runs in autocommit.
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=isu_staff, verb="settings changed", obj=apmbc)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_records_inside_a_transaction_and_commits_with_it(apmbc, isu_staff):
    with transaction.atomic():
        audit_record(actor=isu_staff, verb="settings changed", obj=apmbc)
    assert AuditEvent.objects.get().verb == "settings changed"


@pytest.mark.django_db(transaction=True)
def test_it_rolls_the_event_back_with_a_failed_change(apmbc, isu_staff):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(actor=isu_staff, verb="settings changed", obj=apmbc)
        1 / 0  # noqa: B018  (the change fails after the event was written)
    assert not AuditEvent.objects.exists()


def test_it_records_actor_verb_object_changes_and_scope(focal_a, state_a, apmbc):
    contact = StateContact.objects.create(
        state=state_a, convention=apmbc, recipient="Old", address="x"
    )
    with transaction.atomic():
        event = audit_record(
            actor=focal_a,
            verb="contact changed",
            obj=contact,
            changes={"recipient": ["Old", "New"]},
        )

    event.refresh_from_db()
    assert event.actor == focal_a
    assert event.verb == "contact changed"
    assert event.content_type.model_class() is StateContact
    assert event.object_id == str(contact.pk)
    assert event.object_repr == str(contact)
    assert event.changes == {"recipient": ["Old", "New"]}
    # The scope is taken from the object: its convention and its State.
    assert (event.convention, event.state) == (apmbc, state_a)
    assert list(history_of(contact)) == [event]


def test_it_records_an_anonymous_actor_as_the_system(apmbc):
    from django.contrib.auth.models import AnonymousUser

    with transaction.atomic():
        event = audit_record(actor=AnonymousUser(), verb="synced", obj=apmbc)
    assert event.actor is None


def test_it_lists_only_the_fields_that_changed():
    from decimal import Decimal

    before = {"host": "GICHD", "floor": Decimal("100.00"), "days": 180}
    after = {"host": "GICHD", "floor": Decimal("150.50"), "days": None}
    # Money stays exact: decimals become strings, never floats.
    assert changes_between(before, after) == {
        "days": [180, None],
        "floor": ["100", "150.5"],
    }


def test_it_sees_no_change_where_only_the_decimal_places_differ():
    """A form gives 0.6 where the database read 0.60: the same value, no event
    line (the audit's three formatters disagreed here; ism.audit.plain rules)."""
    from decimal import Decimal

    assert changes_between({"fte": Decimal("0.60")}, {"fte": Decimal("0.6")}) == {}


def test_one_formatter_writes_every_value_of_the_audit_trail():
    import datetime as dt
    from decimal import Decimal

    from djmoney.money import Money

    from ism.audit import plain

    assert plain(Money("50000", "CHF")) == "50000.00"
    assert plain(Decimal("0.1950")) == "0.195"
    assert plain(Decimal("1E+2")) == "100"
    assert plain(dt.date(2026, 4, 30)) == "2026-04-30"
    assert plain(None) is None
    assert plain(3) == 3


def test_it_records_field_level_changes_of_a_service(isu_staff, apmbc):
    convention_update(
        convention=apmbc,
        data={
            "host": "GICHD, Geneva",
            "annual_report_day": 15,
            "action_plan_end": None,
            "version": LATEST,
        },
        actor=isu_staff,
    )
    event = AuditEvent.objects.get()
    assert event.changes == {
        "annual_report_day": [30, 15],
        "host": ["GICHD", "GICHD, Geneva"],
    }
    assert (event.actor, event.convention, event.state) == (isu_staff, apmbc, None)


def test_it_records_nothing_when_a_service_changes_nothing(isu_staff, apmbc):
    convention_update(
        convention=apmbc,
        data={"host": apmbc.host, "version": LATEST},
        actor=isu_staff,
    )
    assert not AuditEvent.objects.exists()


# --- Committee chairs -----------------------------------------------------------------


@pytest.fixture
def cooperation(coordinating_committee, state_a, state_b):
    """A committee with two members for 2025 (A already sits on it, B joins)."""
    MembershipFactory(committee=coordinating_committee, state=state_b)
    return coordinating_committee


def test_it_hands_over_the_chair_the_day_after_the_previous_chair_ends(
    cooperation, state_a, state_b, isu_staff
):
    first = committee_chair_change(
        committee=cooperation, state=state_a, start=dt.date(2025, 1, 1), actor=isu_staff
    )
    second = committee_chair_change(
        committee=cooperation,
        state=state_b,
        start=dt.date(2025, 6, 21),
        actor=isu_staff,
        note="from the intersessional meetings",
    )

    first.refresh_from_db()
    assert first.end == dt.date(2025, 6, 20)
    assert second.end is None
    assert second.note == "from the intersessional meetings"
    cooperation.refresh_from_db()
    assert chair_on(cooperation, dt.date(2025, 6, 20)).state == state_a
    assert chair_on(cooperation, dt.date(2025, 6, 21)).state == state_b
    assert chair_on(cooperation, dt.date(2024, 12, 31)) is None


def test_it_cuts_short_a_chair_whose_planned_term_runs_past_the_handover(
    cooperation, state_a, state_b, isu_staff
):
    # A chair recorded with its planned end (as load_demo records them) who hands
    # over early: two chairs must never overlap.
    CommitteeChair.objects.create(
        committee=cooperation,
        state=state_a,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 6, 20),
    )
    committee_chair_change(
        committee=cooperation, state=state_b, start=dt.date(2025, 3, 1), actor=isu_staff
    )
    assert chair_on(cooperation, dt.date(2025, 3, 1)).state == state_b
    assert CommitteeChair.objects.get(state=state_a).end == dt.date(2025, 2, 28)


def test_it_refuses_a_chair_who_is_not_a_member_on_that_day(
    cooperation, state_a, isu_staff
):
    outsider = StateFactory(name="Outsider")
    with pytest.raises(ValidationError) as caught:
        committee_chair_change(
            committee=cooperation,
            state=outsider,
            start=dt.date(2025, 3, 1),
            actor=isu_staff,
        )
    assert "Outsider is not a member" in caught.value.message_dict["state"][0]
    # A member whose term has not started is refused too.
    with pytest.raises(ValidationError):
        committee_chair_change(
            committee=cooperation,
            state=state_a,
            start=dt.date(2024, 12, 31),
            actor=isu_staff,
        )
    assert not CommitteeChair.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_audits_a_change_of_chair(cooperation, state_a, state_b, isu_staff, apmbc):
    committee_chair_change(
        committee=cooperation, state=state_a, start=dt.date(2025, 1, 1), actor=isu_staff
    )
    committee_chair_change(
        committee=cooperation,
        state=state_b,
        start=dt.date(2025, 6, 21),
        actor=isu_staff,
    )
    latest, earliest = history_of(cooperation)
    assert (latest.actor, latest.verb, latest.convention) == (
        isu_staff,
        "chair changed",
        apmbc,
    )
    assert latest.changes == {
        "chair": [state_a.name, state_b.name],
        "from": [None, "2025-06-21"],
    }
    assert earliest.changes["chair"] == [None, state_a.name]


def test_it_shows_the_committees_history_to_its_conventions_staff_only(
    client_for, cooperation, state_a, isu_staff, other_staff, focal_a
):
    committee_chair_change(
        committee=cooperation, state=state_a, start=dt.date(2025, 1, 1), actor=isu_staff
    )
    url = f"/committees/{cooperation.pk}/"

    page = client_for(isu_staff).get(url).content.decode()
    assert 'id="history-title"' in page
    assert "chair changed" in page
    assert str(isu_staff) in page

    # Membership and chairs are public; the history is not.
    for user in (other_staff, focal_a, None):
        page = client_for(user).get(url)
        assert page.status_code == 200
        assert state_a.name in page.content.decode()
        assert "chair changed" not in page.content.decode()


def test_an_admin_change_is_written_like_a_services(client, superuser, apmbc):
    """The admin wrote every value with str(): an emptied date became "None"."""
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from ism.models import Convention

    apmbc.action_plan_end = 2029
    apmbc.save()
    admin = site._registry[Convention]
    request = RequestFactory().post("/")
    request.user = superuser
    form_class = admin.get_form(request, apmbc, change=True, fields=["action_plan_end"])
    form = form_class({"action_plan_end": ""}, instance=apmbc)
    assert form.is_valid(), form.errors
    with transaction.atomic():
        admin.save_model(request, form.save(commit=False), form, change=True)
    event = AuditEvent.objects.get(verb="changed in admin")
    assert event.changes == {"action_plan_end": [2029, None]}
