"""Throttling per token (one client's burst does not spend another's budget) and
CORS: closed by default, open to the configured dashboard origins only."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

from tests.conftest import bearer, clear_own_cache

pytestmark = pytest.mark.django_db

LOW = {"anon": "3/minute", "user": "3/minute", "token": "2/minute"}


@pytest.fixture
def low_rates(settings):
    clear_own_cache()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": LOW,
    }
    yield
    clear_own_cache()


def test_each_token_has_its_own_budget(
    low_rates, client, make_token, isu_staff, apmbc, dashboard_token
):
    other = make_token(isu_staff, apmbc, name="Second dashboard")
    url = "/api/v1/conventions/"
    assert [
        client.get(url, **bearer(dashboard_token)).status_code for _ in range(2)
    ] == [
        200,
        200,
    ]
    refused = client.get(url, **bearer(dashboard_token))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["error"]["status"] == 429
    # Another token, and an anonymous client, still have theirs.
    assert client.get(url, **bearer(other)).status_code == 200
    assert client.get(url).status_code == 200


def test_anonymous_clients_are_throttled_by_address(low_rates, client):
    url = "/api/v1/states/"
    codes = [client.get(url).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get(url, REMOTE_ADDR="192.0.2.7").status_code == 200
    # A forged X-Forwarded-For does not buy a new budget (no proxy is configured).
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 429


def test_cors_is_closed_by_default(client):
    response = client.get("/api/v1/conventions/", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=["https://dashboard.example.org"])
def test_cors_opens_to_a_configured_origin_only(client, dashboard_token):
    clear_url_caches()
    preflight = client.options(
        "/api/v1/invoices/",
        HTTP_ORIGIN="https://dashboard.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://dashboard.example.org"
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight
    allowed = client.get(
        "/api/v1/conventions/",
        HTTP_ORIGIN="https://dashboard.example.org",
        **bearer(dashboard_token),
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://dashboard.example.org"
    other = client.get("/api/v1/conventions/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    # ISM's own pages are never opened to other origins.
    page = client.get("/public/", HTTP_ORIGIN="https://dashboard.example.org")
    assert "Access-Control-Allow-Origin" not in page
