"""The database refuses rows that break the core's invariants, whatever code wrote
them; `clean()` explains the same rules field by field for forms and the admin."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ism.models import (
    CommitteeChair,
    CommitteeMembership,
    Convention,
    Participation,
    Role,
    RoleAssignment,
)
from tests.factories import ConventionFactory, StateFactory, UserFactory


def refused(**row):
    """Creating the row fails in the database; the savepoint keeps the test going."""
    model = row.pop("model")
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**row)


@pytest.fixture
def user(db):
    return UserFactory(username="someone")


# --- Role assignments name exactly their scope ----------------------------------------


def test_it_refuses_isu_staff_without_a_convention(user):
    refused(model=RoleAssignment, user=user, role=Role.ISU_STAFF)
    assert not RoleAssignment.objects.exists()


def test_it_refuses_a_focal_point_without_a_state(user, apmbc):
    refused(model=RoleAssignment, user=user, role=Role.FOCAL_POINT, convention=apmbc)


def test_it_refuses_a_focal_point_without_a_convention(user, state_a):
    refused(model=RoleAssignment, user=user, role=Role.FOCAL_POINT, state=state_a)


def test_it_refuses_a_committee_member_without_a_committee(user, apmbc):
    refused(
        model=RoleAssignment, user=user, role=Role.COMMITTEE_MEMBER, convention=apmbc
    )


def test_it_refuses_isu_staff_scoped_to_a_state_as_well(user, apmbc, state_a):
    refused(
        model=RoleAssignment,
        user=user,
        role=Role.ISU_STAFF,
        convention=apmbc,
        state=state_a,
    )


def test_it_refuses_an_auditor_scoped_to_a_state(user, state_a):
    refused(model=RoleAssignment, user=user, role=Role.AUDITOR, state=state_a)


def test_it_accepts_each_role_with_its_own_scope(
    user, apmbc, state_a, coordinating_committee
):
    # The positive side of the same constraint: every well-formed row is stored.
    RoleAssignment.objects.create(user=user, role=Role.ISU_STAFF, convention=apmbc)
    RoleAssignment.objects.create(
        user=user, role=Role.COMMITTEE_MEMBER, committee=coordinating_committee
    )
    RoleAssignment.objects.create(
        user=user, role=Role.FOCAL_POINT, state=state_a, convention=apmbc
    )
    RoleAssignment.objects.create(user=user, role=Role.AUDITOR)
    RoleAssignment.objects.create(user=user, role=Role.AUDITOR, convention=apmbc)
    assert RoleAssignment.objects.filter(user=user).count() == 5


def test_it_refuses_the_same_focal_point_assignment_twice(focal_a, apmbc, state_a):
    refused(
        model=RoleAssignment,
        user=focal_a,
        role=Role.FOCAL_POINT,
        state=state_a,
        convention=apmbc,
    )
    assert RoleAssignment.objects.filter(user=focal_a).count() == 1


def test_it_lets_one_user_be_focal_point_of_two_states(focal_a, apmbc, state_b):
    RoleAssignment.objects.create(
        user=focal_a, role=Role.FOCAL_POINT, state=state_b, convention=apmbc
    )
    assert RoleAssignment.objects.filter(user=focal_a).count() == 2


def test_it_refuses_the_same_isu_staff_assignment_twice(isu_staff, apmbc):
    refused(model=RoleAssignment, user=isu_staff, role=Role.ISU_STAFF, convention=apmbc)


def test_it_refuses_the_same_committee_seat_twice(
    committee_member, coordinating_committee
):
    refused(
        model=RoleAssignment,
        user=committee_member,
        role=Role.COMMITTEE_MEMBER,
        committee=coordinating_committee,
    )


def test_it_refuses_a_second_auditor_of_all_conventions_row(auditor):
    # NULL scopes never collide in a plain unique index; the partial index does.
    refused(model=RoleAssignment, user=auditor, role=Role.AUDITOR)


# --- Committees, participations, conventions ------------------------------------------


def test_it_refuses_a_membership_that_ends_before_it_starts(
    coordinating_committee, state_b
):
    refused(
        model=CommitteeMembership,
        committee=coordinating_committee,
        state=state_b,
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2025, 12, 31),
    )


def test_it_accepts_a_one_day_membership(coordinating_committee, state_b):
    CommitteeMembership.objects.create(
        committee=coordinating_committee,
        state=state_b,
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2026, 1, 1),
    )


def test_it_refuses_a_chair_whose_period_ends_before_it_starts(
    coordinating_committee, state_a
):
    refused(
        model=CommitteeChair,
        committee=coordinating_committee,
        state=state_a,
        start=dt.date(2025, 6, 21),
        end=dt.date(2025, 6, 20),
    )


def test_it_refuses_entry_into_force_before_consent(apmbc):
    refused(
        model=Participation,
        state=StateFactory(),
        convention=apmbc,
        status=Participation.Status.PARTY,
        consent_date=dt.date(2010, 5, 1),
        entry_into_force=dt.date(2010, 4, 30),
    )


def test_it_refuses_a_second_participation_of_a_state_in_a_convention(apmbc, state_a):
    refused(
        model=Participation,
        state=state_a,
        convention=apmbc,
        status=Participation.Status.SIGNATORY,
    )


@pytest.mark.parametrize(
    ("month", "day"), [(13, 30), (0, 30), (4, 0), (4, 32)], ids=str
)
def test_it_refuses_an_impossible_annual_report_date(db, month, day):
    refused(
        model=Convention,
        code="XYZ",
        short_name="x",
        name="x",
        currency="CHF",
        host="x",
        financing_model=Convention.Financing.VOLUNTARY,
        annual_report_month=month,
        annual_report_day=day,
    )


def test_it_refuses_an_update_to_report_month_13(apmbc):
    # Also when the write bypasses the model (a bulk update, a data migration).
    with pytest.raises(IntegrityError), transaction.atomic():
        Convention.objects.filter(pk=apmbc.pk).update(annual_report_month=13)
    apmbc.refresh_from_db()
    assert apmbc.annual_report_month == 4


@pytest.mark.parametrize("ceiling", ["0", "1.00001", "-0.1"])
def test_it_refuses_an_assessment_ceiling_that_is_not_a_share(apmbc, ceiling):
    with pytest.raises(IntegrityError), transaction.atomic():
        Convention.objects.filter(pk=apmbc.pk).update(assessment_ceiling=ceiling)


def test_it_accepts_a_22_percent_ceiling(apmbc):
    Convention.objects.filter(pk=apmbc.pk).update(assessment_ceiling="0.22")
    apmbc.refresh_from_db()
    assert str(apmbc.assessment_ceiling) == "0.22000"


# --- RoleAssignment.clean(): one message per field ------------------------------------


def clean_errors(**row) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        RoleAssignment(**row).clean()
    return caught.value.message_dict


def test_it_asks_for_the_convention_of_isu_staff(user):
    assert clean_errors(user=user, role=Role.ISU_STAFF) == {
        "convention": ["Required for this role."]
    }


def test_it_asks_for_both_state_and_convention_of_a_focal_point(user):
    assert clean_errors(user=user, role=Role.FOCAL_POINT) == {
        "convention": ["Required for this role."],
        "state": ["Required for this role."],
    }


def test_it_says_which_fields_must_be_empty_for_a_committee_member(
    user, apmbc, state_a, coordinating_committee
):
    errors = clean_errors(
        user=user,
        role=Role.COMMITTEE_MEMBER,
        committee=coordinating_committee,
        convention=apmbc,
        state=state_a,
    )
    assert errors == {
        "convention": ["Must be empty for this role."],
        "state": ["Must be empty for this role."],
    }


def test_it_refuses_a_committee_on_an_auditor_but_allows_a_convention(
    user, apmbc, coordinating_committee
):
    assert clean_errors(
        user=user, role=Role.AUDITOR, committee=coordinating_committee
    ) == {"committee": ["Must be empty for this role."]}
    # An auditor of one convention, or of all of them, is clean.
    RoleAssignment(user=user, role=Role.AUDITOR, convention=apmbc).clean()
    RoleAssignment(user=user, role=Role.AUDITOR).clean()


def test_it_cleans_a_well_formed_focal_point(user, apmbc, state_a):
    RoleAssignment(
        user=user, role=Role.FOCAL_POINT, convention=apmbc, state=state_a
    ).clean()


def test_it_checks_the_scope_in_full_clean_too(user):
    # Forms and the admin call full_clean(); it must carry clean()'s messages.
    ccw = ConventionFactory(code="CCW", currency="USD")
    with pytest.raises(ValidationError) as caught:
        RoleAssignment(user=user, role=Role.FOCAL_POINT, convention=ccw).full_clean()
    assert caught.value.message_dict["state"] == ["Required for this role."]
