"""Two staff members in two browsers edit one budget (issue 15 §2): A saves a new
title and travel figure; B, whose page was opened before, saves a change to
another line. B is told what A changed, nothing of A's is lost, B's own entry is
still on B's page, and B's next save (over the new version) keeps both."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.budgets.factories import private_media  # noqa: F401  (autouse)
from tests.e2e.conftest import accept_confirmations
from tests.e2e.test_budget_journey import line_row, log_in

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def second_page(browser, live_server, console_errors):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    yield page
    context.close()


def amounts(budget) -> dict:
    from budgets.models import BudgetLine

    rows = BudgetLine.objects.filter(budget=budget)
    return {line.label: line.amount.amount for line in rows}


def amount_input(page: Page, label: str):
    return line_row(page, label).locator('input[name$="-amount"]')


def test_a_stale_save_shows_what_changed_and_loses_nothing(
    page: Page, second_page: Page, full_demo, console_errors
):
    from budgets.models import Budget
    from ism.demo_people import DEMO_PASSWORD
    from ism.models import Convention, Role, User
    from tests.factories import assign

    colleague = User.objects.create_user("staff.apmbc.2", password=DEMO_PASSWORD)
    assign(colleague, Role.ISU_STAFF, convention=Convention.objects.get(code="APMBC"))
    accept_confirmations(page)
    accept_confirmations(second_page)

    log_in(page, "staff.apmbc")
    page.goto("/budgets/new/")
    page.get_by_role("button", name="Create the draft").click()
    expect(page).to_have_url(re.compile(r"/budgets/\d+/edit/$"))
    edit_url = page.url
    log_in(second_page, "staff.apmbc.2")
    second_page.goto(edit_url)

    page.get_by_label("Title", exact=True).fill("Budget with A's travel")
    amount_input(page, "Staff travel").fill("61000")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/budgets/\d+/$"))

    amount_input(second_page, "Other support costs").fill("45000")
    second_page.get_by_role("button", name="Save").click()
    conflict = second_page.get_by_test_id("edit-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Budget with A's travel")
    expect(conflict).to_contain_text("61000")
    expect(amount_input(second_page, "Other support costs")).to_have_value("45000")

    budget = Budget.objects.get(pk=int(edit_url.rstrip("/").split("/")[-2]))
    assert budget.title == "Budget with A's travel"
    lines = amounts(budget)
    assert lines["Staff travel"] == Decimal("61000")
    assert lines["Other support costs"] != Decimal("45000")

    # B takes A's figures into their page and saves again: both stand.
    second_page.get_by_label("Title", exact=True).fill("Budget with A's travel")
    amount_input(second_page, "Staff travel").fill("61000")
    second_page.get_by_role("button", name="Save").click()
    expect(second_page).to_have_url(re.compile(r"/budgets/\d+/$"))
    lines = amounts(budget)
    assert lines["Staff travel"] == Decimal("61000")
    assert lines["Other support costs"] == Decimal("45000")
    assert console_errors == []
