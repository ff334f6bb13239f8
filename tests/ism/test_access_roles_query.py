"""ism.access.roles_of reads a user's roles in one query whose SQL is compiled
once per process (the ORM's, with the user's id as its parameter): every role
kind, scope and committee lands where it did, and another user's answer is
their own."""

from __future__ import annotations

from ism.access import roles_of
from ism.models import Role
from tests.factories import UserFactory, assign


def test_every_kind_of_role_in_one_query(
    apmbc, ccm, state_a, coordinating_committee, django_assert_num_queries
):
    user = UserFactory(username="many-hats")
    assign(user, Role.ISU_STAFF, convention=apmbc)
    assign(user, Role.AUDITOR, convention=ccm)
    assign(user, Role.COMMITTEE_MEMBER, committee=coordinating_committee)
    assign(user, Role.FOCAL_POINT, state=state_a, convention=apmbc)
    other = UserFactory(username="one-hat")
    assign(other, Role.AUDITOR)

    with django_assert_num_queries(1):
        roles = roles_of(user)
    with django_assert_num_queries(1):
        others = roles_of(other)

    assert roles.staff_conventions == {apmbc.pk}
    assert roles.audited_conventions == {ccm.pk}
    assert not roles.auditor_of_all
    assert roles.committees == {coordinating_committee.pk}
    assert roles.committee_conventions == {apmbc.pk}
    assert roles.coordinating_conventions == {apmbc.pk}
    assert roles.focal_points == {(state_a.pk, apmbc.pk)}
    assert others.auditor_of_all
    assert not others.staff_conventions and not others.focal_points
