"""The Article 7 journey in Chromium, on the demo data: Norway's focal point
starts the report due this year (covering last year, 2025 on 5 December 2026) —
every form carried over from 2024 — changes one
form (Form G, mines destroyed, with its figures) and submits; ISU staff publish it
from the follow-up board; anyone finds it in the public database, Form G listed
as the one with new information.

Runs under the production Content-Security-Policy: no inline script or style.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ism.demo_people import DEMO_PASSWORD
from tests.e2e.conftest import accept_confirmations

pytestmark = [pytest.mark.e2e]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo_reports(demo_data):
    from reporting import demo

    demo.load(with_draft=False)
    return demo_data


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("who")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_test_id("who")).to_have_count(0)


def test_a_focal_point_submits_staff_publish_and_the_public_finds_it(
    page: Page, demo_reports, console_errors, snapshot
):
    from ism.models import Convention
    from reporting.models import Report
    from reporting.rules import annual_due

    accept_confirmations(page)
    today = timezone.localdate()
    year = today.year - 1  # the report due this year
    due = annual_due(Convention.objects.get(code="APMBC"), year)

    def counted(late: bool) -> int:
        """What the board and the rates should say, from the rows themselves."""
        days = Report.objects.filter(year=year).exclude(first_submitted_on=None)
        days = days.values_list("first_submitted_on", flat=True)
        return sum(1 for day in days if not late or day > due)

    # --- Norway's focal point starts the report due this year ---------------------
    log_in(page, "focal.norway")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Reporting"
    ).click()
    reports = page.get_by_test_id("focal-reports")
    expect(reports).to_contain_text("Norway")
    reports.get_by_role("link", name="All reports").click()
    expect(page.get_by_test_id("history")).to_contain_text("2024")
    page.get_by_test_id("start-current").click()
    expect(page.locator(".message")).to_contain_text("carried over")
    forms = page.get_by_test_id("forms")
    # Form A was new in 2024: it is carried over as unchanged since 2024.
    expect(forms.get_by_test_id("form-A")).to_contain_text("Unchanged since 2024")
    snapshot("report-carried-over")

    # --- … changes Form G, with its figures -----------------------------------------
    forms.get_by_test_id("form-G").get_by_role("link", name="Mines destroyed").click()
    page.get_by_label("Changed: new information in this report").check()
    expect(page.get_by_label("Unchanged since (year)")).to_be_hidden()
    page.get_by_label("Mines destroyed in clearance").fill("120")
    page.get_by_label("Area cleared").fill("12500.5")
    page.get_by_label("Information", exact=True).fill(
        "Clearance of the last suspected area."
    )
    snapshot("form-g")
    page.get_by_test_id("save").click()
    expect(page.locator(".message")).to_contain_text("Form G saved")
    page.get_by_role("link", name="All forms").click()
    expect(forms.get_by_test_id("form-G")).to_contain_text("Changed")
    expect(forms.get_by_test_id("form-G")).to_contain_text("120")

    # --- … and submits ---------------------------------------------------------------
    page.get_by_test_id("submit").click()
    expect(page.locator(".message")).to_contain_text("Version 1 submitted")
    expect(page.get_by_test_id("report-status").first).to_have_text("Submitted")
    snapshot("submitted")
    log_out(page)

    # --- ISU staff publish it from the follow-up board -------------------------------
    log_in(page, "staff.apmbc")
    page.goto("/reporting/")
    page.get_by_role("link", name="APMBC follow-up board").click()
    page.get_by_role("link", name=str(year), exact=True).click()
    expect(page.get_by_test_id("row-NOR")).to_contain_text("Submitted")
    expect(page.get_by_test_id("row-NOR")).to_contain_text(
        "late" if today > due else "on time"
    )
    expect(page.get_by_test_id("count-late").locator(".stat-value")).to_have_text(
        str(counted(late=True))
    )
    snapshot("board")
    page.get_by_test_id("publish-NOR").click()
    expect(page.locator(".message")).to_contain_text("is published")
    expect(page.get_by_test_id("row-NOR")).to_contain_text("Published")
    log_out(page)

    # --- The public finds it, Form G listed as new information -----------------------
    page.goto("/reporting/public/")
    page.get_by_label("State").select_option("NOR")
    page.get_by_label("Year covered").select_option(str(year))
    page.get_by_role("button", name="Search").click()
    row = page.get_by_test_id(f"public-NOR-{year}")
    expect(row).to_contain_text("G")
    snapshot("public")
    row.get_by_role("link", name="Norway").click()
    expect(page.get_by_test_id("published")).to_be_visible()
    section = page.locator("#form-G")
    expect(section).to_contain_text("Clearance of the last suspected area.")
    expect(section).to_contain_text("12,500.50 m²")
    expect(page.locator("#form-A")).to_contain_text("Unchanged since 2024")
    snapshot("published-version")

    # --- … and the reporting rates, drawn on the server as SVG -----------------------
    page.get_by_role("link", name="Reporting rates").click()
    expect(page.get_by_test_id("rate-chart").locator("svg")).to_be_visible()
    expect(page.get_by_test_id(f"rate-{year}").locator("td").last).to_contain_text(
        str(counted(late=False))
    )
    snapshot("statistics")

    assert console_errors == []
