"""People without the admin, in Chromium on the demo data (issue 17): a member
of the CCW's ISU invites a colleague from the convention's people page; the
colleague opens the mailed link, chooses a user name and password, lands on the
convention's page as ISU staff, and signs in again later with what they chose.

Runs under the production Content-Security-Policy.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ism.demo_people import DEMO_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e]

STAFF = "staff.ccw"
COLLEAGUE = "tomas.colleague@unoda.example"
PASSWORD = "Geneva, Palais des Nations 1980"


@pytest.fixture
def ccw_staff(demo_data):
    from ism.models import Convention, Role, User
    from tests.factories import assign

    user = User.objects.create_user(
        STAFF, password=DEMO_PASSWORD, first_name="Wen", last_name="Staff"
    )
    assign(user, Role.ISU_STAFF, convention=Convention.objects.get(code="CCW"))
    return user


def mailed_link() -> str:
    from ism.models import OutgoingMail

    mail = OutgoingMail.objects.get(to=[COLLEAGUE])
    (link,) = re.findall(r"https?://\S+/invitations/\S+/", mail.body)
    return link


def test_ccw_staff_invite_a_colleague_who_accepts_and_signs_in(
    page: Page, ccw_staff, console_errors, snapshot
):
    log_in(page, STAFF, DEMO_PASSWORD)
    page.goto("/conventions/CCW/")
    page.get_by_test_id("people-link").click()
    expect(page.get_by_test_id("people")).to_contain_text(STAFF)
    page.get_by_test_id("invite").click()
    page.get_by_label("E-mail address").fill(COLLEAGUE)
    page.get_by_label("Role").select_option(label="ISU staff")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Invitation sent to {COLLEAGUE}"
    )
    expect(page.get_by_test_id("invitations")).to_contain_text("Waiting for an answer")
    snapshot("invited")
    page.get_by_role("button", name="Log out").click()

    page.goto(mailed_link())
    expect(page.get_by_role("heading", name="Invitation to ISM")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value(COLLEAGUE)
    page.get_by_label("First name").fill("Tomás")
    page.get_by_label("Last name").fill("Colleague")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Accept and create my account").click()
    expect(page.get_by_role("status")).to_contain_text("you are now ISU staff")
    expect(page.get_by_test_id("people-link")).to_be_visible()
    snapshot("welcomed")
    page.get_by_role("button", name="Log out").click()

    # The link is used up; the account works with what they chose.
    page.goto(mailed_link())
    expect(page.get_by_test_id("invitation-refused")).to_contain_text(
        "already been used"
    )
    log_in(page, COLLEAGUE, PASSWORD)
    page.goto("/conventions/CCW/people/")
    expect(page.get_by_test_id("people")).to_contain_text("Tomás Colleague")
    expect(page.get_by_test_id("invitations")).to_contain_text("Accepted")
    # Chromium logs the used link's answer (410 Gone) as a failed load: the one
    # expected; nothing else.
    assert [e for e in console_errors if "status of 410" not in e] == []
