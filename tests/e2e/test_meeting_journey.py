"""A focal point registers a delegate to the next Meeting of the States Parties
and applies for sponsorship; ISU staff record the donors' group's approval; the
programme's statistics change.

Runs on the demo (load_core + meetings.demo) in Debian's Chromium under the
production Content-Security-Policy, on three days far apart: whatever the day the
demo is loaded, its next Meeting is ahead and open for registration.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from ism.demo_people import DEMO_PASSWORD
from tests.clock import days

pytestmark = [pytest.mark.e2e]

FOCAL = "focal.ethiopia"
# None: the session's own day (the real one, or ISM_TEST_TODAY's).
DAYS = days(None, "2028-02-29", "2031-12-31")


@pytest.fixture(params=DAYS)
def on_day(request):
    if request.param is None:
        yield timezone.localdate()
        return
    day = dt.date.fromisoformat(request.param)
    with time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)
    ):
        yield day


@pytest.fixture
def meetings_demo(on_day, demo_data):
    from ism.models import Convention, Role, State, User
    from meetings import demo
    from tests.factories import assign

    demo.load()
    user = User.objects.create_user(
        FOCAL, password=DEMO_PASSWORD, first_name="Eden", last_name="Focal"
    )
    assign(
        user,
        Role.FOCAL_POINT,
        state=State.objects.get(iso3="ETH"),
        convention=Convention.objects.get(code="APMBC"),
    )
    return user


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("who")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def sponsored(page: Page) -> int:
    return int(page.get_by_test_id("sponsored").inner_text())


def test_a_delegate_is_registered_sponsored_and_counted(
    page: Page, on_day, meetings_demo, console_errors, snapshot
):
    from meetings.models import Meeting, Participant, SponsorshipApplication
    from meetings.selectors import circulation_deadline

    # The next Meeting of the States Parties, as a newcomer finds it that day.
    msp = (
        Meeting.objects.filter(kind=Meeting.Kind.MSP, start__gt=on_day)
        .order_by("start")
        .first()
    )
    assert msp is not None, f"no Meeting of the States Parties ahead of {on_day}"
    programme = msp.sponsorship_programmes.get()
    deadline = circulation_deadline(msp)
    approved_before = SponsorshipApplication.objects.filter(
        programme=programme, status="approved"
    ).count()

    # Staff first look at the programme's figures.
    log_in(page, "staff.apmbc")
    page.goto("/meetings/sponsorship/")
    page.get_by_role("link", name=programme.name).click()
    assert sponsored(page) == approved_before
    women_before = page.get_by_test_id("gender").inner_text()
    log_out(page)

    # The focal point registers Ethiopia's delegation and a delegate.
    log_in(page, FOCAL)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Meetings"
    ).click()
    page.get_by_role("link", name=msp.title).click()
    expect(page.get_by_test_id("circulation-deadline")).to_contain_text(
        f"{deadline.day} {deadline:%B %Y}"
    )
    snapshot("meeting")
    page.get_by_role("button", name="Register the delegation of Ethiopia").click()
    expect(page.get_by_role("heading", name="Delegation of Ethiopia")).to_be_visible()
    page.get_by_label("Title").fill("Ms.")
    page.get_by_label("Given name").fill("Selam")
    page.get_by_label("Family name").fill("Tesfaye")
    page.get_by_label("Function").fill("Director, Ethiopian Mine Action Office")
    page.get_by_label("Gender").select_option(label="Woman")
    page.get_by_label("Head of delegation").check()
    page.get_by_label("agrees to be named", exact=False).check()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_test_id("participants")).to_contain_text("Ms. Selam Tesfaye")
    snapshot("delegation")

    # …and applies for her sponsorship.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Meetings"
    ).click()
    page.get_by_role("link", name="Sponsorship Programme", exact=True).click()
    page.get_by_role("link", name=programme.name).click()
    expect(page.get_by_test_id("sponsorship-stats")).to_have_count(0)
    page.get_by_role("link", name="Apply for a delegate").click()
    selam = Participant.objects.get(family_name="Tesfaye")
    page.get_by_label("Delegate", exact=True).select_option(value=str(selam.pk))
    page.get_by_label("Travel (air ticket)").check()
    page.get_by_label("Travel, estimated cost (CHF)").fill("1850")
    page.get_by_label("Hotel nights").fill("5")
    page.get_by_label("Hotel, estimated cost (CHF)").fill("900")
    page.get_by_label("Days of daily allowance").fill("5")
    page.get_by_label("Daily allowance, total (CHF)").fill("475")
    snapshot("apply")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("application-status")).to_have_text("Submitted")
    expect(page.get_by_text("CHF 3,225.00", exact=True)).to_be_visible()
    application_url = page.url
    log_out(page)

    # Staff record the donors' group's approval.
    log_in(page, "staff.apmbc")
    page.goto(application_url)
    page.get_by_role("radio", name="Approved").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("application-status")).to_have_text("Approved")
    page.get_by_role("link", name=programme.name).click()
    assert sponsored(page) == approved_before + 1
    women_after = page.get_by_test_id("gender").inner_text()
    assert women_after != women_before
    assert int(women_after.split()[0]) == int(women_before.split()[0]) + 1
    snapshot("statistics")

    assert console_errors == []
