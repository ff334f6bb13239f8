"""Who reads a convention's accounts in the pages, persona by persona: the same
question (ism.access.can_read_accounts) gets the same answer on every page that
asks it. The convention is public, so a person who may not read its accounts gets
a 403 (a missing permission), never a 404; an unknown convention is a 404;
anonymous visitors go to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

YEAR = 2026

# The pages showing a convention's accounts, by URL name and arguments after the
# convention's code.
ACCOUNTS_PAGES = [
    ("budgets:contributions-status", []),
    ("budgets:contributions-xlsx", [YEAR]),
    ("budgets:invoice-list", []),
    ("budgets:pledge-list", []),
    ("budgets:opening-balances", []),
    ("budgets:invoice-reminders", []),
]

# persona fixture (None: anonymous) → status on the APMBC's accounts pages.
MATRIX = {
    None: 302,
    "focal_a": 403,
    "committee_member": 403,
    "thematic_member": 403,
    "other_staff": 403,
    "isu_staff": 200,
    "auditor": 200,
    "superuser": 200,
}


def persona(request, name):
    return None if name is None else request.getfixturevalue(name)


@pytest.mark.parametrize(("name", "args"), ACCOUNTS_PAGES)
@pytest.mark.parametrize(("who", "status"), MATRIX.items())
def test_it_answers_each_persona_the_same_on_every_accounts_page(
    request, client_for, apmbc, ccm, name, args, who, status
):
    response = client_for(persona(request, who)).get(
        reverse(name, args=["apmbc", *args])
    )

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args"), ACCOUNTS_PAGES)
def test_it_says_an_unknown_convention_does_not_exist(
    client_for, isu_staff, name, args
):
    response = client_for(isu_staff).get(reverse(name, args=["NOPE", *args]))

    assert response.status_code == 404


def test_it_tells_the_refused_reader_why(client_for, focal_a):
    for name, args in ACCOUNTS_PAGES:
        response = client_for(focal_a).get(reverse(name, args=["APMBC", *args]))
        assert "read its accounts" in response.content.decode(), name


# The funds' pages: read also by the convention's committees (ism.access.
# can_read_funds); a fund of another convention is a 404.
FUNDS_MATRIX = {**MATRIX, "committee_member": 200, "thematic_member": 200}


@pytest.fixture
def apmbc_fund(apmbc):
    from budgets.models import Fund

    return Fund.objects.create(
        convention=apmbc, kind="working_capital", name="WCF", currency="CHF"
    )


@pytest.mark.parametrize("page", ["list", "detail"])
@pytest.mark.parametrize(("who", "status"), FUNDS_MATRIX.items())
def test_it_answers_each_persona_the_same_on_the_funds_pages(
    request, client_for, apmbc, ccm, apmbc_fund, page, who, status
):
    args = ["apmbc"] if page == "list" else ["apmbc", apmbc_fund.pk]
    response = client_for(persona(request, who)).get(
        reverse(f"budgets:fund-{page}", args=args)
    )

    assert response.status_code == status
    if status == 200:
        assert apmbc_fund.name in response.content.decode()


def test_another_conventions_fund_is_not_found(client_for, other_staff, apmbc_fund):
    # The CCM's staff ask for the APMBC's fund under their own convention.
    response = client_for(other_staff).get(
        reverse("budgets:fund-detail", args=["CCM", apmbc_fund.pk])
    )

    assert response.status_code == 404


# Parties in bulk (ism.views_parties): the convention's ISU staff only, since it
# writes the treaty record; the convention is public, so others get a 403.
PARTIES_MATRIX = {**MATRIX, "auditor": 403}


@pytest.mark.parametrize(("who", "status"), PARTIES_MATRIX.items())
def test_it_answers_each_persona_on_the_parties_import_page(
    request, client_for, apmbc, ccm, who, status
):
    response = client_for(persona(request, who)).get(
        reverse("parties-import", args=["apmbc"])
    )

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


def test_the_parties_import_page_of_an_unknown_convention_is_not_found(
    client_for, isu_staff
):
    response = client_for(isu_staff).get(reverse("parties-import", args=["NOPE"]))

    assert response.status_code == 404


# The people pages (ism.people): the convention's ISU staff and administrators
# only (ism.access.can_manage_people); an auditor reads the record, but does
# not manage who works on it.
PEOPLE_PAGES = ["people", "people-invite", "people-grant"]
PEOPLE_MATRIX = {**MATRIX, "auditor": 403}


@pytest.mark.parametrize("name", PEOPLE_PAGES)
@pytest.mark.parametrize(("who", "status"), PEOPLE_MATRIX.items())
def test_it_answers_each_persona_the_same_on_the_people_pages(
    request, client_for, apmbc, ccm, focal_a, name, who, status
):
    response = client_for(persona(request, who)).get(reverse(name, args=["apmbc"]))

    assert response.status_code == status
    if status == 200 and name == "people":
        assert "focal-a" in response.content.decode()
    if status == 403:
        assert "manage its people" in response.content.decode()


def test_another_conventions_role_or_invitation_is_not_found(
    client_for, isu_staff, other_staff, ccm
):
    from ism import people

    invitation, _ = people.invitation_create(
        actor=other_staff, convention=ccm, email="x@ccm.example", role="isu_staff"
    )
    ccm_role = other_staff.role_assignments.get()
    browser = client_for(isu_staff)
    # The APMBC's staff ask for the CCM's rows under their own convention.
    assert (
        browser.get(reverse("role-revoke", args=["APMBC", ccm_role.pk])).status_code
        == 404
    )
    assert (
        browser.post(
            reverse("invitation-revoke", args=["APMBC", invitation.pk])
        ).status_code
        == 404
    )
    # Under the CCM's code, a 403: they are not its staff.
    assert (
        browser.get(reverse("role-revoke", args=["CCM", ccm_role.pk])).status_code
        == 403
    )
