"""The home page as each role's list of things to do (issue #19), in Chromium on the
demo world: an item appears when work waits for the user, links to where it is
done, is counted in the navigation, and goes when the work is done.

* committee: staff submit a budget → the member's home lists it → the member
  approves it → gone;
* focal point: an invoice to their State → "owes", with its due date; paid → gone;
  the annual report due → submitted → gone;
* staff: a State submits its report → "publish" → the link leads to the board's
  Publish button → published → gone.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import accept_confirmations
from tests.e2e.test_budget_journey import log_in, log_out

pytestmark = [pytest.mark.e2e]


def draft_budget(code: str):
    """A draft budget of next year with one line, ready to submit."""
    from djmoney.money import Money

    from budgets.models import Budget, BudgetLine
    from ism.models import Convention

    convention = Convention.objects.get(code=code)
    budget = Budget.objects.create(
        convention=convention,
        year=timezone.localdate().year + 1,
        currency=convention.currency,
    )
    BudgetLine.objects.create(
        budget=budget,
        category=BudgetLine.Category.OTHER,
        label="Website",
        amount=Money(3000, convention.currency),
    )
    return budget


def test_the_committee_is_told_of_a_submitted_budget_until_it_approves_it(
    page: Page, demo_data, console_errors
):
    budget = draft_budget("APMBC")
    budget_url = f"/budgets/{budget.pk}/"
    # Submit and Approve ask "are you sure?" first (ISM's dialog); the user says yes.
    accept_confirmations(page)

    log_in(page, "committee.apmbc")
    expect(page.get_by_test_id("todo-empty")).to_be_visible()
    expect(page.get_by_test_id("nav-count-budgets")).to_have_count(0)
    log_out(page)

    # Staff submit the budget to the Coordinating Committee.
    log_in(page, "staff.apmbc")
    page.goto(budget_url)
    page.get_by_role("button", name="Submit to the Coordinating Committee").click()
    expect(page.get_by_test_id("budget-status")).to_have_text(
        "Submitted to the Coordinating Committee"
    )
    log_out(page)

    # The member's home lists it, links to it and counts it in the navigation.
    log_in(page, "committee.apmbc")
    item = page.get_by_test_id("todo-budget-review")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(f"Review the {budget.year} budget of APMBC")
    expect(page.get_by_test_id("nav-count-budgets")).to_contain_text("(1")
    expect(page.get_by_test_id("todo-empty")).to_have_count(0)
    # Every page's navigation counts it, not only the home page's.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Meetings"
    ).click()
    expect(page.get_by_test_id("nav-count-budgets")).to_contain_text("(1")
    page.go_back()
    item.get_by_role("link").click()
    expect(page).to_have_url(budget_url)
    expect(page.get_by_test_id("nav-count-budgets")).to_contain_text("(1")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("budget-status")).to_have_text(
        "Approved by the Coordinating Committee"
    )
    # The budget's own page, after approving, counts nothing any more.
    expect(page.get_by_test_id("nav-count-budgets")).to_have_count(0)

    # Approved: the item is gone, and so is the count.
    page.get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_test_id("todo-budget-review")).to_have_count(0)
    expect(page.get_by_test_id("todo-empty")).to_be_visible()
    expect(page.get_by_test_id("nav-count-budgets")).to_have_count(0)
    assert console_errors == []


def test_a_focal_point_is_told_what_their_state_owes_and_its_report_due(
    page: Page, demo_data, console_errors
):
    from ism.models import Convention, State
    from reporting.models import Report
    from tests.budgets.contrib import issue_invoice_today, pay

    apmbc = Convention.objects.get(code="APMBC")
    norway = State.objects.get(iso3="NOR")
    year = timezone.localdate().year - 1
    due = apmbc.annual_report_due(year)

    log_in(page, "focal.norway")
    report_item = page.get_by_test_id("todo-report-due")
    expect(report_item).to_contain_text(f"Submit the {year} report of Norway")
    expect(report_item).to_contain_text(f"{due.day} {due:%B} {due.year}")
    expect(page.get_by_test_id("todo-state-owes")).to_have_count(0)

    invoice = issue_invoice_today(apmbc, norway, "1200.00", due_in_days=30)
    pay(invoice, "200.00", date=timezone.localdate())
    page.reload()
    owes = page.get_by_test_id("todo-state-owes")
    expect(owes).to_contain_text("Norway owes")
    expect(owes).to_contain_text("1,000")
    day = invoice.due_date
    expect(owes).to_contain_text(f"by {day.day} {day:%B} {day.year}")
    expect(page.get_by_test_id("nav-count-contributions")).to_contain_text("(1")
    owes.get_by_role("link").click()
    expect(page).to_have_url("/budgets/states/NOR/APMBC/contributions/")

    # Paid in full, and the report submitted: both items are gone.
    pay(invoice, "1000.00", date=timezone.localdate())
    Report.objects.create(
        state=norway,
        convention=apmbc,
        report_type=apmbc.report_types.get(code="article7"),
        year=year,
        kind=Report.Kind.ANNUAL,
        status=Report.Status.SUBMITTED,
        first_submitted_on=timezone.localdate() - dt.timedelta(days=1),
        last_submitted_at=timezone.now(),
    )
    page.get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_test_id("todo-state-owes")).to_have_count(0)
    expect(page.get_by_test_id("todo-report-due")).to_have_count(0)
    expect(page.get_by_test_id("nav-count-contributions")).to_have_count(0)
    assert console_errors == []


def test_staff_are_told_of_a_report_to_publish_until_they_publish_it(
    page: Page, demo_data, console_errors
):
    from ism.models import Convention
    from tests.reporting.helpers import party, submitted_report

    apmbc = Convention.objects.get(code="APMBC")
    year = timezone.localdate().year - 1
    state = party(apmbc, name="Freedonia")
    submitted_report(state, apmbc, year=year, on=timezone.localdate())
    accept_confirmations(page)

    log_in(page, "staff.apmbc")
    item = page.get_by_test_id("todo-report-publish").filter(has_text="Freedonia")
    expect(item).to_contain_text(f"Publish the {year} report of Freedonia (APMBC)")
    expect(page.get_by_test_id("nav-count-reporting")).to_be_visible()
    item.get_by_role("link").click()
    expect(page).to_have_url(f"/reporting/board/APMBC/{year}/#awaiting")
    page.get_by_test_id(f"publish-{state.iso3}").click()
    expect(page.get_by_test_id(f"publish-{state.iso3}")).to_have_count(0)

    page.get_by_role("link", name="Home", exact=True).click()
    expect(page.get_by_test_id("todo")).to_be_visible()
    expect(item).to_have_count(0)
    assert console_errors == []
