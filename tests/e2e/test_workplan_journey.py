"""The review of a work plan in Chromium, under the production CSP: a member of the
Coordinating Committee comments on an activity, the ISU answers and resolves the
thread beside the statement, the member approves. And the ISU edits a draft with
htmx: no reload, refused input kept beside its field."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ism.demo_people import DEMO_PASSWORD
from tests.e2e.conftest import accept_confirmations
from workplans.models import ReviewThread, WorkPlan

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def plan(demo_data, monkeypatch):
    """The APMBC 2026 demo plan, submitted to the Coordinating Committee. (Its
    documents are another test's subject: not rendered here.)"""
    from workplans import demo

    monkeypatch.setattr("workplans.services.plans.documents_refresh", lambda pk: None)
    return demo.load()


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("who")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_a_member_comments_staff_resolve_and_the_member_approves(
    page: Page, plan, console_errors, snapshot
):
    accept_confirmations(page)

    # The committee member finds the plan and comments on an activity.
    log_in(page, "committee.apmbc")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Work plans"
    ).click()
    page.get_by_role("link", name="APMBC ISU work plan 2026").click()
    page.get_by_test_id("tab-review").click()
    activity = page.get_by_role("article", name="Activity 1", exact=True)
    activity.get_by_text("Comment on Activity 1").click()
    activity.get_by_label("Comment").fill("Does this include the thematic committees?")
    activity.get_by_role("button", name="Post the comment").click()
    thread = activity.get_by_test_id("thread")
    expect(thread).to_contain_text("Does this include the thematic committees?")
    expect(thread).to_have_attribute("data-open", "true")
    snapshot("commented")

    # Approving with an open thread is not offered: the button says why.
    expect(page.get_by_role("button", name="Approve the work plan")).to_be_disabled()
    expect(page.get_by_test_id("refusal")).to_have_text(
        "1 comment thread is open: resolve it first."
    )
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.IN_REVIEW
    log_out(page)

    # The ISU sees the comment beside the statement, answers and resolves it.
    log_in(page, "staff.apmbc")
    page.goto(f"/workplans/{plan.pk}/")
    page.get_by_test_id("tab-edit").click()
    statement = page.locator("li[data-testid=statement]").filter(has_text="Activity 1 ")
    expect(statement).to_contain_text("Does this include the thematic committees?")
    statement.get_by_label("Your answer").fill("Yes: all five committees.")
    statement.get_by_role("button", name="Answer").click()
    statement = page.locator("li[data-testid=statement]").filter(has_text="Activity 1 ")
    expect(statement).to_contain_text("Yes: all five committees.")
    snapshot("answered")
    statement.get_by_role("button", name="Resolve").click()
    expect(page.locator("#plan-editor")).to_contain_text("Thread resolved.")
    expect(
        page.locator("li[data-testid=statement]").filter(has_text="Activity 1 ")
    ).not_to_contain_text("Does this include")
    assert ReviewThread.objects.get().resolved_at is not None
    log_out(page)

    # The member sees the thread resolved and approves.
    log_in(page, "committee.apmbc")
    page.goto(f"/workplans/{plan.pk}/review/")
    thread = page.get_by_role("article", name="Activity 1", exact=True).get_by_test_id(
        "thread"
    )
    expect(thread).to_have_attribute("data-open", "false")
    expect(thread).to_contain_text("Yes: all five committees.")
    page.get_by_role("button", name="Approve the work plan").click()
    expect(page.get_by_test_id("workplan-status")).to_have_text(
        "Approved by the Coordinating Committee"
    )
    snapshot("approved")
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.APPROVED
    assert console_errors == []


def test_staff_edit_a_draft_without_reloading_the_page(
    page: Page, demo_data, console_errors, snapshot
):
    accept_confirmations(page)
    log_in(page, "staff.apmbc")
    page.goto("/workplans/")
    page.get_by_test_id("new-workplan").click()
    page.get_by_label("Year (first year of a multi-year plan)").fill("2027")
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/workplans/\d+/edit/$"))

    page.get_by_label("Title of the thematic area").fill("Support to meetings")
    page.get_by_role("button", name="Add the area").click()
    editor = page.locator("#plan-editor")
    expect(editor).to_contain_text("Area 1: Support to meetings")
    # A marker on the page: a reload would lose it, an htmx swap keeps it.
    page.evaluate("window.__noReload = true")

    page.get_by_text("Add an outcome").click()
    page.locator("#id_add-outcome-text").fill("Meetings succeed.")
    page.get_by_role("button", name="Add the outcome").click()
    expect(editor).to_contain_text("Outcome 1 Meetings succeed.")

    page.get_by_text("Add an output").click()
    page.locator("#id_add-output-text").fill("Meetings are prepared.")
    page.locator("#id_add-output-parent").select_option(
        label="Outcome 1 — Meetings succeed."
    )
    page.get_by_role("button", name="Add the output").click()
    expect(editor).to_contain_text("Output 1.1 Meetings are prepared.")

    # An empty statement is refused beside its field, the form stays open.
    page.get_by_text("Add an activity").click()
    page.get_by_role("button", name="Add the activity").click()
    expect(page.get_by_test_id("error-add-activity-text")).to_have_text(
        "A statement cannot be empty."
    )
    page.locator("#id_add-activity-text").fill("Draft the documents.")
    page.locator("#id_add-activity-parent").select_option(
        label="Output 1.1 — Meetings are prepared."
    )
    page.get_by_role("button", name="Add the activity").click()
    expect(editor).to_contain_text("Activity 1.1.1 Draft the documents.")
    snapshot("chain")

    # A statement's form is fetched when its editor is opened; saving it swaps
    # the editor in place too.
    activity = page.locator("li[data-testid=statement]").filter(
        has_text="Activity 1.1.1 "
    )
    activity.locator("summary", has_text="Edit Activity 1.1.1").click()
    activity.get_by_label("Statement").fill("Draft and translate the documents.")
    activity.get_by_role("button", name="Save").click()
    expect(editor).to_contain_text("Activity 1.1.1 Draft and translate the documents.")
    expect(editor).to_contain_text("Statement saved.")

    # Delete the output, after confirming: the activity stays, unlinked.
    output = page.locator("li[data-testid=statement]").filter(has_text="Output 1.1 ")
    output.get_by_role("button", name="Delete Output 1.1").click()
    expect(editor).to_contain_text("Activity 1 Draft and translate the documents.")
    assert page.evaluate("window.__noReload") is True
    # The browser logs the one refused request (400, the empty statement); any
    # other console error is a failure.
    refused = [e for e in console_errors if "status of 400" in e]
    assert len(refused) == 1
    assert [e for e in console_errors if e not in refused] == []
