"""Who reaches which budget page. The access policy decides what exists for a user
(else 404) and what they may do with it (else 403); anonymous visitors go to the
login page, except for the public pages of circulated and adopted budgets."""

import pytest
from django.urls import reverse
from djmoney.money import Money

from budgets.models import Budget
from tests.budgets.factories import BudgetFactory, BudgetLineFactory

Status = Budget.Status


YEARS = {Status.DRAFT: 2027, Status.SUBMITTED: 2026, Status.CIRCULATED: 2025}


def budget_in(status, convention):
    budget = BudgetFactory(convention=convention, year=YEARS[status], status=status)
    BudgetLineFactory(budget=budget, label="Staff travel", amount=Money(50000, "CHF"))
    return budget


@pytest.fixture
def draft(apmbc):
    return budget_in(Status.DRAFT, apmbc)


@pytest.fixture
def submitted(apmbc):
    return budget_in(Status.SUBMITTED, apmbc)


@pytest.fixture
def circulated(apmbc):
    return budget_in(Status.CIRCULATED, apmbc)


def get(client, name, budget):
    return client.get(reverse(f"budgets:{name}", args=[budget.pk]))


# --- The edit page: only ISU staff of that convention ------------------------------


def test_staff_of_the_convention_edit_its_draft(client_for, isu_staff, draft):
    response = get(client_for(isu_staff), "edit", draft)

    assert response.status_code == 200
    assert b'id="budget-form"' in response.content


def test_another_conventions_staff_do_not_see_a_draft(client_for, other_staff, draft):
    client = client_for(other_staff)

    assert get(client, "detail", draft).status_code == 404
    assert get(client, "edit", draft).status_code == 404
    assert client.post(reverse("budgets:edit", args=[draft.pk]), {}).status_code == 404


def test_another_conventions_staff_may_read_a_public_budget_but_not_edit_it(
    client_for, other_staff, circulated
):
    client = client_for(other_staff)

    assert get(client, "detail", circulated).status_code == 200
    assert get(client, "edit", circulated).status_code == 403
    response = client.post(reverse("budgets:submit", args=[circulated.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["focal_a", "focal_b", "thematic_member"])
def test_focal_points_and_other_committees_do_not_see_drafts(
    client_for, request, persona, draft, submitted
):
    client = client_for(request.getfixturevalue(persona))

    for budget in (draft, submitted):
        assert get(client, "detail", budget).status_code == 404
        assert get(client, "edit", budget).status_code == 404
        assert get(client, "compare", budget).status_code == 404


def test_committee_members_see_a_submitted_budget_but_cannot_edit_it(
    client_for, committee_member, draft, submitted
):
    client = client_for(committee_member)

    assert get(client, "detail", draft).status_code == 404
    assert get(client, "detail", submitted).status_code == 200
    assert get(client, "edit", submitted).status_code == 403
    assert (
        client.post(reverse("budgets:edit-preview", args=[submitted.pk])).status_code
        == 403
    )


def test_the_auditor_reads_a_draft_and_changes_nothing(client_for, auditor, draft):
    client = client_for(auditor)

    assert get(client, "detail", draft).status_code == 200
    assert get(client, "edit", draft).status_code == 403
    assert client.post(reverse("budgets:submit", args=[draft.pk])).status_code == 403
    assert Budget.objects.get(pk=draft.pk).status == Status.DRAFT


def test_anonymous_visitors_read_public_budgets_only(client, draft, circulated):
    assert get(client, "detail", circulated).status_code == 200
    assert get(client, "compare", circulated).status_code == 200
    assert get(client, "detail", draft).status_code == 404
    assert client.get(reverse("budgets:public-list")).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in_for_everything_else(client, circulated):
    for url in (
        reverse("budgets:index"),
        reverse("budgets:new"),
        reverse("budgets:edit", args=[circulated.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    response = client.post(reverse("budgets:approve", args=[circulated.pk]))
    assert response.status_code == 302
    assert Budget.objects.get(pk=circulated.pk).status == Status.CIRCULATED


def test_only_staff_may_create_a_budget(client_for, committee_member, focal_a):
    for user in (committee_member, focal_a):
        response = client_for(user).get(reverse("budgets:new"))
        assert response.status_code == 403


def test_a_public_page_hides_the_review_thread_and_history(
    client, client_for, isu_staff, committee_member, circulated
):
    from budgets.models import BudgetComment

    BudgetComment.objects.create(
        budget=circulated, author=committee_member, text="Internal remark"
    )

    public = get(client, "detail", circulated).content.decode()
    staff = get(client_for(isu_staff), "detail", circulated).content.decode()

    assert "Internal remark" not in public
    assert "Internal remark" in staff
