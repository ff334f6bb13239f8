"""The budget journey in Chromium, on the demo data: ISU staff copy last year's
budget, change the published salaries total and the travel line and watch the
total follow without a reload, save and submit; a member of the Coordinating
Committee approves; staff download the PDF, whose text holds the new total.

Runs under the production Content-Security-Policy: htmx, the row buttons and the
"unsaved changes" question must work without any inline script or style.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from ism.demo import REFERENCE_DIR
from ism.demo_people import DEMO_PASSWORD
from ism.money import format_amount
from tests.budgets.factories import private_media  # noqa: F401  (autouse)
from tests.e2e.conftest import accept_confirmations

pytestmark = [pytest.mark.e2e]

REFERENCE = json.loads(
    (REFERENCE_DIR / "apmbc-2026-budget.json").read_text(encoding="utf-8")
)
PUBLISHED = {line["label"]: Decimal(line["amount"]) for line in REFERENCE["lines"]}

NEW_SALARIES = Decimal(580000)
NEW_TRAVEL = Decimal(52000)
WEBSITE = Decimal(3000)


def total(salaries=PUBLISHED["Salaries"], travel=PUBLISHED["Staff travel"], extra=0):
    """The total computed here from the published lines, independently of ISM:
    the 2026 document gives social security as an amount (110,835), which a copy
    keeps, so it does not move with the salaries."""
    return format_amount(
        salaries
        + PUBLISHED["Social security"]
        + travel
        + PUBLISHED["Other support costs"]
        + extra,
        "en",
    )


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("who")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_test_id("who")).to_have_count(0)


def line_row(page: Page, label: str):
    return page.locator(f'tr:has(input[name$="-label"][value="{label}"])')


def test_staff_prepare_the_budget_the_committee_approves_it_and_the_pdf_follows(
    page: Page, full_demo, console_errors, snapshot
):
    accept_confirmations(page)

    # --- ISU staff copy the latest budget into the year after it ------------------
    # The demo's latest APMBC budget is next year's draft, itself a copy of the
    # published 2026 budget, whatever the day the demo was loaded.
    from budgets.models import Budget

    latest = Budget.objects.filter(convention__code="APMBC").order_by("-year").first()
    log_in(page, "staff.apmbc")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Budgets"
    ).click()
    expect(page.get_by_role("heading", name="Budgets", exact=True)).to_be_visible()
    snapshot("index")
    page.get_by_test_id("new-budget").click()
    expect(page.get_by_label("Year")).to_have_value(str(latest.year + 1))
    expect(page.get_by_label("Start from")).to_contain_text(f"APMBC {latest.year}")
    snapshot("new")
    page.get_by_role("button", name="Create the draft").click()

    expect(page).to_have_url(re.compile(r"/budgets/\d+/edit/$"))
    # Typed before htmx has read the form (its script is deferred), the first
    # figure would ask for no new total: on a loaded CI box the test once typed
    # that early and waited for a total that was never asked for.
    page.wait_for_load_state()
    budget_url = page.url.removesuffix("edit/")
    figure_total = page.get_by_test_id("figure-total")
    expect(figure_total).to_have_text(total())  # 769,221, as copied
    snapshot("edit-copied")

    # --- The total follows what is typed, without a reload ------------------------
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Salaries (published total)").fill(str(NEW_SALARIES))
    expect(figure_total).to_have_text(total(salaries=NEW_SALARIES))
    line_row(page, "Staff travel").get_by_label("Amount").fill("52,000")
    expected = total(salaries=NEW_SALARIES, travel=NEW_TRAVEL)
    expect(figure_total).to_have_text(expected)
    # The save bar, always in view, carries the same total.
    expect(page.locator("#sticky-total")).to_contain_text(expected)

    # A line added and deleted again, without a reload either.
    page.get_by_role("button", name="Add a line").click()
    new_row = page.locator('tbody[data-formset-body="lines"] tr').last
    new_row.get_by_label("Line label").fill("Website")
    new_row.get_by_label("Amount").fill(str(WEBSITE))
    expect(figure_total).to_have_text(
        total(salaries=NEW_SALARIES, travel=NEW_TRAVEL, extra=WEBSITE)
    )
    new_row.get_by_role("button", name="Delete").click()  # confirmed
    expect(new_row).to_be_hidden()
    expect(figure_total).to_have_text(expected)

    # A bad value is marked at once and left out of the figures.
    line_row(page, "Other support costs").get_by_label("Amount").fill("-40000")
    expect(page.get_by_test_id("figures-skipped")).to_contain_text(
        "Other support costs: An amount cannot be negative."
    )
    line_row(page, "Other support costs").get_by_label("Amount").fill("40000")
    expect(figure_total).to_have_text(expected)
    expect(page.get_by_test_id("figures-skipped")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    snapshot("edit-changed")

    # --- Save and submit ---------------------------------------------------------
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(budget_url)
    expect(page.get_by_test_id("budget-total")).to_have_text(expected)
    expect(page.get_by_text("Budget saved.")).to_be_visible()
    snapshot("detail-draft")
    page.get_by_role("button", name="Submit to the Coordinating Committee").click()
    expect(page.get_by_test_id("budget-status")).to_have_text(
        "Submitted to the Coordinating Committee"
    )
    log_out(page)

    # --- A member of the Coordinating Committee approves ------------------------
    log_in(page, "committee.apmbc")
    page.goto(budget_url)
    expect(page.get_by_test_id("budget-total")).to_have_text(expected)
    snapshot("detail-review")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("budget-status")).to_have_text(
        "Approved by the Coordinating Committee"
    )
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    log_out(page)

    # --- Staff download the PDF; it holds the new total --------------------------
    log_in(page, "staff.apmbc")
    page.goto(budget_url)
    snapshot("detail-approved")
    with page.expect_download() as download_info:
        page.get_by_test_id("pdf-link").click()
    download = download_info.value
    assert download.suggested_filename == f"APMBC-ISU-budget-{latest.year + 1}-v1.pdf"
    from pypdf import PdfReader

    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(pdf_page.extract_text() for pdf_page in reader.pages)
    assert expected in text  # 782,835
    assert format_amount(NEW_TRAVEL, "en") in text

    assert console_errors == []


def test_leaving_the_edit_page_with_unsaved_changes_asks_first(
    page: Page, full_demo, console_errors
):
    log_in(page, "staff.apmbc")
    page.goto("/budgets/new/")
    page.get_by_role("button", name="Create the draft").click()
    expect(page).to_have_url(re.compile(r"/budgets/\d+/edit/$"))
    page.wait_for_load_state()  # ism.js, deferred, notes what is typed from then on
    edit_url = page.url
    page.get_by_label("Title", exact=True).fill("Changed but not saved")

    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", dismiss)
    page.get_by_role("link", name="Cancel").click()

    assert dialogs == ["beforeunload"]
    assert page.url == edit_url
    expect(page.get_by_label("Title", exact=True)).to_have_value(
        "Changed but not saved"
    )
    assert console_errors == []


# The document parsed, no deferred script run yet: "typed" then, without an event.
TYPE_WHILE_PARSED = """document.addEventListener("readystatechange", () => {
  if (document.readyState !== "interactive") { return; }
  const field = document.querySelector('input[name="salaries_total"]');
  if (field) { field.value = "VALUE"; }
});"""


def test_what_is_typed_before_the_scripts_run_still_moves_the_total(
    page: Page, full_demo, console_errors
):
    """The page shows, and takes input, before its deferred scripts run; htmx
    never saw what was typed then. Typed here at that moment (the document
    parsed, no deferred script run yet): the total follows once they run."""
    from budgets.models import Budget

    # The demo's draft for next year, a copy of the published 2026 budget.
    draft = Budget.objects.filter(convention__code="APMBC").order_by("-year").first()
    assert draft.status == Budget.Status.DRAFT
    log_in(page, "staff.apmbc")
    page.add_init_script(TYPE_WHILE_PARSED.replace("VALUE", str(NEW_SALARIES)))
    page.goto(f"/budgets/{draft.pk}/edit/")

    expect(page.get_by_label("Salaries (published total)")).to_have_value(
        str(NEW_SALARIES)
    )
    expect(page.get_by_test_id("figure-total")).to_have_text(
        total(salaries=NEW_SALARIES)
    )
    assert console_errors == []
