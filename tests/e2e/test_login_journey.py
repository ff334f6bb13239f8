"""Each demo user logs in, finds their own role on the home page, and logs out.

Runs on the real demo data (`load_core`) in Debian's Chromium, under the
production Content-Security-Policy: a page that needed an inline script or style
would show up here as a console error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from ism.demo_people import DEMO_PASSWORD, DEMO_USERS

pytestmark = [pytest.mark.e2e]

FULL_NAMES = {demo.username: demo.full_name for demo in DEMO_USERS}
ROLE_CARDS = (
    "role-admin",
    "role-isu-staff",
    "role-committee-member",
    "role-focal-point",
    "role-auditor",
    "role-none",
)
LOGIN_URL = re.compile(r"/accounts/login/(\?next=/)?$")


@dataclass(frozen=True)
class Journey:
    username: str
    card: str  # the one role card the home page shows this user
    shows: tuple[str, ...]  # their scope, inside that card
    hides: tuple[str, ...] = ()  # scopes that are not theirs


JOURNEYS = [
    Journey(
        "staff.apmbc", "role-isu-staff", ("APMBC", "Mine Ban Convention"), ("CCM",)
    ),
    Journey("staff.ccm", "role-isu-staff", ("CCM",), ("APMBC", "CCW")),
    Journey(
        "committee.apmbc",
        "role-committee-member",
        ("Coordinating Committee", "(APMBC)"),
        ("CCM", "Cooperation"),
    ),
    Journey("focal.norway", "role-focal-point", ("Norway", "APMBC"), ("CCM",)),
    Journey("auditor", "role-auditor", ("APMBC", "CCM", "CCW")),
    Journey("admin", "role-admin", ("Administrator", "Open the administration")),
]


def log_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.username)
def test_it_logs_each_role_in_to_their_own_home_and_out(
    page: Page, demo_data, console_errors, snapshot, journey: Journey
):
    response = page.goto("/")
    expect(page).to_have_url(LOGIN_URL)
    # The journey runs under the real policy, so "no console errors" means the
    # pages need nothing the CSP forbids.
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    snapshot("login")

    log_in(page, journey.username, DEMO_PASSWORD)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("who")).to_contain_text(FULL_NAMES[journey.username])
    card = page.get_by_test_id(journey.card)
    expect(card).to_be_visible()
    for text in journey.shows:
        expect(card).to_contain_text(text)
    for text in journey.hides:
        expect(card).not_to_contain_text(text)
    for other in ROLE_CARDS:
        if other != journey.card:
            expect(page.get_by_test_id(other)).to_have_count(0)
    administration = page.get_by_role("navigation").get_by_role(
        "link", name="Administration"
    )
    expect(administration).to_have_count(1 if journey.username == "admin" else 0)
    snapshot("home")

    page.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_test_id("who")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)
    assert console_errors == []


def test_it_refuses_a_wrong_password(page: Page, demo_data, console_errors, snapshot):
    page.goto("/")

    log_in(page, "staff.apmbc", "not-the-password")

    expect(page.get_by_role("alert")).to_contain_text(
        "Your username and password didn't match"
    )
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_test_id("who")).to_have_count(0)
    expect(page.get_by_test_id("role-isu-staff")).to_have_count(0)
    # The username stays filled in; the password does not.
    expect(page.get_by_label("Username", exact=True)).to_have_value("staff.apmbc")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    snapshot("wrong-password")
    assert console_errors == []
