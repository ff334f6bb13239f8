"""API tokens: shown once, stored hashed, expiring, revocable, scoped to a
convention (dashboard) or to a State of it, read-only, and never wider than what
their maker may grant today."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ism.api_tokens import token_create, token_revoke
from ism.models import ApiToken, AuditEvent, Role, RoleAssignment
from tests.budgets.contrib import issue_invoice
from tests.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices(apmbc, state_a, state_b):
    return issue_invoice(apmbc, state_a, "1000.00"), issue_invoice(
        apmbc, state_b, "3000.00"
    )


def test_the_secret_is_stored_only_as_its_digest(isu_staff, apmbc):
    token, secret = token_create(actor=isu_staff, name="Dashboard", convention=apmbc)
    token.refresh_from_db()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert secret not in stored
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(f"ism_{token.prefix}_")
    assert AuditEvent.objects.filter(verb="API token created").count() == 1


def test_a_state_token_reads_its_own_states_invoices_only(
    client, focal_a_token, invoices
):
    a, b = invoices
    rows = client.get("/api/v1/invoices/", **bearer(focal_a_token)).json()["results"]
    assert [row["number"] for row in rows] == [a.number]
    assert (
        client.get(f"/api/v1/invoices/{b.pk}/", **bearer(focal_a_token)).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/invoices/{a.pk}/", **bearer(focal_a_token)).status_code
        == 200
    )


def test_a_dashboard_token_sees_aggregates_not_invoices(
    client, dashboard_token, invoices
):
    rows = client.get("/api/v1/invoices/", **bearer(dashboard_token)).json()["results"]
    assert rows == []
    status = client.get(
        "/api/v1/contributions/status/?convention=APMBC&year=2026",
        **bearer(dashboard_token),
    )
    assert status.status_code == 200
    assessed = status.json()["by_currency"][0]["assessed"]
    assert assessed == {"amount": "4000.00", "currency": "CHF"}


def test_a_dashboard_token_is_confined_to_its_convention(
    client, dashboard_token, apmbc, ccm
):
    codes = [
        row["code"]
        for row in client.get("/api/v1/conventions/", **bearer(dashboard_token)).json()[
            "results"
        ]
    ]
    assert codes == ["APMBC"]
    anonymous = [
        row["code"] for row in client.get("/api/v1/conventions/").json()["results"]
    ]
    assert sorted(anonymous) == ["APMBC", "CCM"]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # wrong secret, right prefix
        lambda s: "ism_000000000000_" + s.split("_", 2)[2],  # unknown prefix
        lambda s: s.replace("ism_", "xyz_"),  # not an ISM token
    ],
)
def test_a_wrong_token_is_a_401_not_anonymous(client, dashboard_token, spoil):
    response = client.get("/api/v1/conventions/", **bearer(spoil(dashboard_token)))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["status"] == 401


def test_an_expired_token_is_refused_with_the_reason(
    client, isu_staff, apmbc, make_token
):
    secret = make_token(isu_staff, apmbc)
    past = timezone.now() - dt.timedelta(days=91)
    ApiToken.objects.update(created_at=past, expires_at=past + dt.timedelta(days=90))
    response = client.get("/api/v1/conventions/", **bearer(secret))
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["detail"]


def test_a_revoked_token_stops_at_once(client, isu_staff, dashboard_token):
    assert (
        client.get("/api/v1/conventions/", **bearer(dashboard_token)).status_code == 200
    )
    token_revoke(token=ApiToken.objects.get(), actor=isu_staff)
    response = client.get("/api/v1/conventions/", **bearer(dashboard_token))
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["detail"]
    assert AuditEvent.objects.filter(verb="API token revoked").count() == 1


def test_a_token_dies_with_its_makers_role(client, focal_a, focal_a_token):
    assert client.get("/api/v1/invoices/", **bearer(focal_a_token)).status_code == 200
    RoleAssignment.objects.filter(user=focal_a, role=Role.FOCAL_POINT).delete()
    assert client.get("/api/v1/invoices/", **bearer(focal_a_token)).status_code == 401


def test_tokens_are_read_only(client, focal_a_token):
    response = client.post("/api/v1/invoices/", {}, **bearer(focal_a_token))
    assert response.status_code == 403
    assert response.json()["error"]["detail"] == "API tokens are read-only."


def test_who_may_make_which_token(
    focal_a, focal_b, other_staff, isu_staff, apmbc, state_a, state_b
):
    with pytest.raises(PermissionDenied):
        token_create(actor=focal_a, name="x", convention=apmbc, state=state_b)
    with pytest.raises(PermissionDenied):
        token_create(actor=focal_a, name="x", convention=apmbc)  # a dashboard
    with pytest.raises(PermissionDenied):
        token_create(actor=other_staff, name="x", convention=apmbc)
    token, _ = token_create(actor=isu_staff, name="x", convention=apmbc, state=state_b)
    assert token.state == state_b
    with pytest.raises(ValidationError):
        token_create(
            actor=isu_staff,
            name="x",
            convention=apmbc,
            expires_at=timezone.now() + dt.timedelta(days=400),
        )


def test_last_used_is_recorded(client, dashboard_token):
    assert ApiToken.objects.get().last_used_at is None
    client.get("/api/v1/conventions/", **bearer(dashboard_token))
    assert ApiToken.objects.get().last_used_at is not None
