"""The API token journey in Chromium, on the demo data: Norway's focal point makes
a token for Norway's own system, copies the secret shown once, and a client
reads Norway's data with it; the APMBC ISU's staff find the token in their list
and revoke it after confirming; the same request is then refused.

Runs under the production Content-Security-Policy.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from ism.demo_people import DEMO_PASSWORD
from tests.e2e.test_login_journey import log_in

pytestmark = [pytest.mark.e2e]


def api_get(base_url: str, path: str, secret: str) -> tuple[int, dict]:
    """A dashboard's request, outside the browser: no cookie, only the token."""
    request = urllib.request.Request(  # noqa: S310 - the live server's http URL
        base_url + path, headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_focal_point_makes_a_token_and_staff_revoke_it(
    page: Page, live_server, demo_data, console_errors, snapshot
):
    page.goto("/accounts/login/")
    log_in(page, "focal.norway", DEMO_PASSWORD)
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_test_id("no-tokens")).to_be_visible()
    page.get_by_test_id("new-token").click()
    page.get_by_label("Name").fill("Norway's mine action dashboard")
    page.get_by_label("Convention").select_option(label="APMBC")
    page.get_by_label("State").select_option(label="Norway")
    page.get_by_label("Expires after").select_option(label="30 days")
    page.get_by_role("button", name="Make the token").click()
    secret_box = page.get_by_test_id("token-secret")
    expect(secret_box).to_be_visible()
    secret = secret_box.input_value()
    assert secret.startswith("ism_")
    snapshot("token-made")

    status, body = api_get(live_server.url, "/api/v1/conventions/", secret)
    assert status == 200
    assert [row["code"] for row in body["results"]] == ["APMBC"]

    # The list shows the token without its secret.
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_test_id("tokens")).to_contain_text("Norway's mine action")
    assert secret not in page.content()

    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    log_in(page, "staff.apmbc", DEMO_PASSWORD)
    page.get_by_role("link", name="API tokens").click()
    row = (
        page.get_by_test_id("tokens")
        .get_by_role("row")
        .filter(has_text="Norway's mine action dashboard")
    )
    row.get_by_role("link", name="Revoke…").click()
    page.get_by_test_id("confirm-revoke").click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")
    expect(row).to_contain_text("revoked")

    status, body = api_get(live_server.url, "/api/v1/conventions/", secret)
    assert status == 401
    assert "revoked" in body["error"]["detail"]
    assert console_errors == []


def test_the_browsable_api_works_with_a_session(
    page: Page, live_server, demo_data, console_errors
):
    page.goto("/accounts/login/")
    log_in(page, "staff.apmbc", DEMO_PASSWORD)
    page.goto("/api/v1/conventions/")
    expect(page.get_by_role("heading", name="Convention List")).to_be_visible()
    expect(page.get_by_label("response info")).to_contain_text('"code": "APMBC"')
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .title")).to_contain_text("ISM API")
    assert console_errors == []
