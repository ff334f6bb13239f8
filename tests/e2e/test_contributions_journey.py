"""The contributions journey in Chromium, on the demo data: ISU staff preview the
year's assessment, check Norway's amount and issue the invoices; Norway's focal
point logs in, finds their invoice from the home page and downloads its PDF, whose
text shows the amount; another State's invoice is a 404 for them.

Runs under the production Content-Security-Policy. Tasks run in the live server's
process (no worker in the tests), so the invoices are rendered as they are issued.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from ism.demo_people import DEMO_PASSWORD
from ism.money import format_amount
from tests.budgets.factories import private_media  # noqa: F401  (autouse)
from tests.budgets.invoice_docs import pdf_text, tasks_in_process  # noqa: F401
from tests.e2e.conftest import accept_confirmations

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("tasks_in_process")]

YEAR = 2027
AMOUNT = Decimal("100000.00")
# A small scale of our own (the demo's illustrative one assesses every party, and
# rendering 160 invoices in the request would make the journey slow): four
# States, Germany at twice the others' rate, so Norway's share is exactly 1/5.
RATES = {"NOR": "1.000", "CHE": "1.000", "DEU": "2.000", "FRA": "1.000"}
NORWAY_SHARE = AMOUNT * Decimal(1) / Decimal(5)  # 20,000.00, worked out by hand
BANK_LINE = "IBAN: CH93 0076 2011 6238 5295 7"


@pytest.fixture
def world(demo_data):
    from budgets.contributions.services import scale_table_import
    from budgets.models import ContributionSettings
    from ism.models import Convention, State, StateContact

    apmbc = Convention.objects.get(code="APMBC")
    scale, _created = scale_table_import(
        csv_text="state,rate\n"
        + "\n".join(f"{iso3},{rate}" for iso3, rate in RATES.items()),
        name="Journey scale (invented)",
        start_year=2025,
        end_year=2030,
        illustrative=True,
        actor=None,
    )
    ContributionSettings.objects.update_or_create(
        convention=apmbc,
        defaults={
            "issuer": "Implementation Support Unit\nAnti-Personnel Mine Ban "
            "Convention\nChemin Eugène-Rigot 2C, 1202 Geneva",
            "payment_instructions": f"Bank: UBS Switzerland AG, Geneva\n{BANK_LINE}",
            "payment_terms_days": 60,
        },
    )
    StateContact.objects.update_or_create(
        state=State.objects.get(iso3="NOR"),
        convention=apmbc,
        defaults={
            "recipient": "Permanent Mission of Norway to the United Nations Office "
            "at Geneva",
            "address": "Avenue de France 23\n1202 Geneva",
            "emails": "mission@norway.example",
        },
    )
    return scale


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("who")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_test_id("who")).to_have_count(0)


def test_staff_issue_the_years_invoices_and_a_focal_point_downloads_theirs(
    page: Page, world, console_errors, snapshot
):
    from budgets.models import Invoice

    accept_confirmations(page)  # "Issue 4 invoices?"
    norway_amount = format_amount(NORWAY_SHARE, "en", places=2)  # 20,000.00

    # --- ISU staff preview the assessment, then issue it -------------------------
    log_in(page, "staff.apmbc")
    page.goto("/budgets/contributions/APMBC/assess/")
    page.get_by_label("Year", exact=True).fill(str(YEAR))
    page.get_by_label("Amount to assess").fill(str(AMOUNT))
    page.get_by_label("Scale of assessment").select_option(label=str(world))
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("preview")
    expect(preview).to_be_visible()
    expect(page.get_by_test_id("preview-NOR")).to_contain_text(norway_amount)
    expect(page.get_by_test_id("preview-total")).to_contain_text(
        format_amount(AMOUNT, "en", places=2)
    )
    snapshot("preview")
    assert not Invoice.objects.filter(year=YEAR).exists()  # nothing issued yet

    page.get_by_role("button", name="Issue 4 invoices").click()
    expect(page.get_by_text(f"4 invoices issued for {YEAR}.")).to_be_visible()
    snapshot("issued")
    norway = Invoice.objects.get(year=YEAR, state__iso3="NOR")
    other = Invoice.objects.get(year=YEAR, state__iso3="DEU")
    assert norway.pdf  # rendered after the issue's commit
    log_out(page)

    # --- Norway's focal point finds the invoice from their home page -----------
    log_in(page, "focal.norway")
    page.get_by_test_id("contributions-link").click()
    row = page.get_by_test_id(f"invoice-{norway.number}")
    expect(row).to_contain_text(norway_amount)
    expect(page.get_by_test_id("balance-amount")).to_contain_text(norway_amount)
    expect(page.get_by_text(other.number)).to_have_count(0)
    snapshot("state-page")
    with page.expect_download() as download_info:
        row.get_by_test_id("invoice-pdf-link").click()
    download = download_info.value
    assert download.suggested_filename == f"{norway.number}.pdf"
    with open(download.path(), "rb") as handle:
        text = pdf_text(handle.read())
    assert norway.number in text
    assert f"CHF {norway_amount}" in text
    assert "Twenty thousand Swiss francs" in text
    assert "Permanent Mission of Norway" in text
    assert BANK_LINE in text

    # Germany's invoice, guessed by its id, does not exist for Norway.
    response = page.request.get(f"/budgets/invoices/{other.pk}/pdf/")
    assert response.status == 404

    assert console_errors == []
