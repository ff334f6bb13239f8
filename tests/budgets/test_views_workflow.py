"""The workflow on the budget's page: each step is a button (a POST form) shown to
those who may take it, and goes through the service. Staff submit, return to draft
with a reason, circulate and record the adoption; committee members approve or
request changes once the budget is submitted; both comment."""

import datetime as dt

import pytest
from django.urls import reverse
from djmoney.money import Money

from budgets.models import Budget, BudgetComment
from ism.models import AuditEvent
from tests.budgets.factories import BudgetFactory, BudgetLineFactory
from tests.budgets.page_forms import error_beside

Status = Budget.Status


@pytest.fixture
def budget(apmbc):
    budget = BudgetFactory(convention=apmbc, year=2027)
    BudgetLineFactory(budget=budget, label="Staff travel", amount=Money(50000, "CHF"))
    return budget


def at(budget, status):
    Budget.objects.filter(pk=budget.pk).update(status=status)
    return Budget.objects.get(pk=budget.pk)


def page(client, budget) -> str:
    response = client.get(budget.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def action(name, budget) -> str:
    return reverse(f"budgets:{name}", args=[budget.pk])


def status_of(budget):
    return Budget.objects.get(pk=budget.pk).status


def test_staff_submit_a_draft_after_confirming(client_for, isu_staff, budget):
    client = client_for(isu_staff)
    html = page(client, budget)
    assert f'action="{action("submit", budget)}"' in html
    assert 'data-confirm="Submit this budget to the Coordinating Committee?"' in html

    response = client.post(action("submit", budget))

    assert response.status_code == 302
    assert status_of(budget) == Status.SUBMITTED


def test_an_empty_draft_cannot_be_submitted_and_the_page_says_why(
    client_for, isu_staff, apmbc
):
    empty = BudgetFactory(convention=apmbc, year=2028)

    response = client_for(isu_staff).post(action("submit", empty))

    assert response.status_code == 400
    assert "The budget is empty" in response.content.decode()
    assert status_of(empty) == Status.DRAFT


def test_committee_members_see_approve_and_request_changes_only_when_submitted(
    client_for, committee_member, budget
):
    client = client_for(committee_member)
    for status in (Status.APPROVED, Status.CIRCULATED, Status.ADOPTED):
        html = page(client, at(budget, status))
        assert action("approve", budget) not in html
        assert action("request-changes", budget) not in html

    html = page(client, at(budget, Status.SUBMITTED))

    assert f'action="{action("approve", budget)}"' in html
    assert f'action="{action("request-changes", budget)}"' in html
    assert action("submit", budget) not in html
    assert reverse("budgets:edit", args=[budget.pk]) not in html


def test_a_committee_member_approves_through_the_page(
    client_for, committee_member, budget
):
    budget = at(budget, Status.SUBMITTED)

    response = client_for(committee_member).post(action("approve", budget))

    assert response.status_code == 302
    assert status_of(budget) == Status.APPROVED
    event = AuditEvent.objects.filter(verb__icontains="approv").get()
    assert event.actor == committee_member


def test_a_committee_member_cannot_approve_a_draft(client_for, committee_member, apmbc):
    # A draft does not exist for them.
    draft = BudgetFactory(convention=apmbc, year=2029)
    response = client_for(committee_member).post(action("approve", draft))
    assert response.status_code == 404


def test_staff_cannot_approve_their_own_budget(client_for, isu_staff, budget):
    budget = at(budget, Status.SUBMITTED)

    response = client_for(isu_staff).post(action("approve", budget))

    assert response.status_code == 403
    assert status_of(budget) == Status.SUBMITTED


def test_requesting_changes_needs_a_comment(client_for, committee_member, budget):
    budget = at(budget, Status.SUBMITTED)
    client = client_for(committee_member)

    refused = client.post(
        action("request-changes", budget), {"request-changes-comment": " "}
    )

    assert refused.status_code == 400
    assert error_beside(refused, "request-changes-comment") == "Say what should change."
    assert status_of(budget) == Status.SUBMITTED

    client.post(
        action("request-changes", budget),
        {"request-changes-comment": "Explain the rise in travel."},
    )

    assert status_of(budget) == Status.DRAFT
    assert BudgetComment.objects.get().text == "Explain the rise in travel."


def test_returning_to_draft_needs_a_reason(client_for, isu_staff, budget):
    budget = at(budget, Status.SUBMITTED)
    client = client_for(isu_staff)

    refused = client.post(action("return", budget), {"return-reason": ""})

    assert refused.status_code == 400
    assert "Say why the budget goes back to draft." in error_beside(
        refused, "return-reason"
    )
    assert status_of(budget) == Status.SUBMITTED

    client.post(action("return", budget), {"return-reason": "Salary scale changed."})

    assert status_of(budget) == Status.DRAFT
    history = page(client, budget)
    assert "Salary scale changed." in history


def test_staff_record_circulation_and_adoption(client_for, isu_staff, budget):
    budget = at(budget, Status.APPROVED)
    client = client_for(isu_staff)

    client.post(action("circulate", budget), {"circulate-on": "2026-09-30"})

    budget.refresh_from_db()
    assert budget.status == Status.CIRCULATED
    assert budget.circulated_on == dt.date(2026, 9, 30)

    refused = client.post(action("adopt", budget), {"adopt-on": "2026-12-04"})
    assert refused.status_code == 400
    assert error_beside(refused, "adopt-meeting")
    assert status_of(budget) == Status.CIRCULATED

    client.post(
        action("adopt", budget),
        {
            "adopt-on": "2026-12-04",
            "adopt-meeting": "Twenty-Third Meeting of the States Parties",
            "adopt-decision": "Final report, para 30",
            "adopt-document_symbol": "APLC/MSP.23/2026/5",
        },
    )

    budget.refresh_from_db()
    assert budget.status == Status.ADOPTED
    assert budget.adopted_by == "Twenty-Third Meeting of the States Parties"
    html = page(client, budget)
    assert "Twenty-Third Meeting of the States Parties" in html
    assert action("revise", budget) in html


def test_revising_an_adopted_budget_opens_the_new_version_for_editing(
    client_for, isu_staff, budget
):
    budget = at(budget, Status.ADOPTED)

    response = client_for(isu_staff).post(action("revise", budget))

    revision = Budget.objects.get(revises=budget)
    assert revision.version == 2
    assert response.url == reverse("budgets:edit", args=[revision.pk])
    assert status_of(budget) == Status.ADOPTED


def test_committee_and_staff_hold_a_comment_thread(
    client_for, committee_member, isu_staff, budget
):
    budget = at(budget, Status.SUBMITTED)
    client = client_for(committee_member)
    client.post(action("comment", budget), {"comment-text": "Why 26 missions?"})
    client = client_for(isu_staff)
    client.post(action("comment", budget), {"comment-text": "Ten are Article 5."})

    html = page(client_for(committee_member), budget)

    thread = html[html.index('id="comments"') :]
    assert thread.index("Why 26 missions?") < thread.index("Ten are Article 5.")


def test_an_empty_comment_is_refused_beside_the_field(client_for, isu_staff, budget):
    response = client_for(isu_staff).post(
        action("comment", budget), {"comment-text": ""}
    )

    assert response.status_code == 400
    assert error_beside(response, "comment-text") == "Write the comment first."
    assert not BudgetComment.objects.exists()


def test_a_focal_point_cannot_comment_on_a_public_budget(client_for, focal_a, budget):
    budget = at(budget, Status.CIRCULATED)
    client = client_for(focal_a)
    assert action("comment", budget) not in page(client, budget)

    response = client.post(action("comment", budget), {"comment-text": "Hello"})

    assert response.status_code == 403
    assert not BudgetComment.objects.exists()


def test_a_wrong_step_is_refused_with_the_reason(client_for, isu_staff, budget):
    """A second tab that still shows "Submit" after the budget was submitted."""
    budget = at(budget, Status.SUBMITTED)

    response = client_for(isu_staff).post(action("submit", budget))

    assert response.status_code == 400
    assert "cannot be submitted" in response.content.decode()
