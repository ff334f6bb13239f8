"""Issuing the year's invoices, as ISU staff meet it in Chromium: the question is
ISM's own dialog (modal, the safe choice focused, Escape and "Go back" change
nothing), and once confirmed the button says the work is under way and cannot be
pressed twice while the server issues and renders the invoices.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.budgets.factories import private_media  # noqa: F401  (autouse)
from tests.budgets.invoice_docs import tasks_in_process  # noqa: F401
from tests.e2e.test_contributions_journey import (  # noqa: F401  (fixture)
    AMOUNT,
    YEAR,
    log_in,
    world,
)

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("tasks_in_process")]

RECORD_BUTTON_STATE = """() => window.addEventListener("submit", (event) => {
  const button = event.target.querySelector("button[type=submit]");
  sessionStorage.setItem("busy", JSON.stringify({
    busy: event.target.getAttribute("aria-busy"), disabled: button.disabled,
    text: button.textContent}));
})"""


def preview_the_assessment(page: Page, world) -> None:  # noqa: F811
    log_in(page, "staff.apmbc")
    page.goto("/budgets/contributions/APMBC/assess/")
    page.get_by_label("Year", exact=True).fill(str(YEAR))
    page.get_by_label("Amount to assess").fill(str(AMOUNT))
    page.get_by_label("Scale of assessment").select_option(label=str(world))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("preview")).to_be_visible()


def test_the_issue_asks_in_a_dialog_and_shows_it_is_busy(
    page: Page,
    world,  # noqa: F811
    console_errors,
):
    from budgets.models import Invoice

    native = []  # the browser's own confirm() must not appear any more
    page.on("dialog", lambda dialog: (native.append(dialog.type), dialog.dismiss()))
    preview_the_assessment(page, world)
    issue = page.get_by_role("button", name="Issue 4 invoices")
    dialog = page.get_by_test_id("confirm-dialog")

    # Escape cancels, and nothing is issued.
    issue.click()
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(
        f"Issue 4 invoices for {YEAR}? Issued invoices cannot be changed"
    )
    go_back = dialog.get_by_role("button", name="Go back")
    expect(go_back).to_be_focused()  # the safe choice
    expect(dialog.get_by_role("button", name="Issue 4 invoices")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(issue).to_be_focused()

    # "Go back" does nothing either.
    issue.click()
    go_back.click()
    expect(dialog).to_be_hidden()
    assert not Invoice.objects.filter(year=YEAR).exists()

    # Confirmed: the moment the form is submitted, the page shows the work under
    # way (recorded by a listener that runs after ISM's, kept across the page
    # change in sessionStorage).
    page.evaluate(RECORD_BUTTON_STATE)
    issue.click()
    dialog.get_by_role("button", name="Issue 4 invoices").click()
    expect(page.get_by_text(f"4 invoices issued for {YEAR}.")).to_be_visible()
    assert Invoice.objects.filter(year=YEAR).count() == 4  # step=issue travelled
    assert json.loads(page.evaluate("sessionStorage.getItem('busy')")) == {
        "busy": "true",
        "disabled": True,
        "text": "Issuing the invoices…",
    }
    assert native == []
    assert console_errors == []
