"""The API tokens pages: a focal point makes a token of their own State and sees
its secret once; staff see and revoke the convention's tokens after confirming;
other people's tokens do not exist for you."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ism.models import ApiToken
from ism.models.tokens import token_digest
from tests.conftest import bearer

pytestmark = pytest.mark.django_db


def _secret_in(html: str) -> str:
    found = re.findall(r'value="(ism_[A-Za-z0-9_-]+)"', html)
    assert len(found) == 1, "the secret is shown exactly once"
    return found[0]


def test_a_focal_point_makes_a_token_of_their_state_and_sees_it_once(
    client_for, focal_a, apmbc, state_a, client
):
    browser = client_for(focal_a)
    form = browser.get(reverse("api-token-create"))
    assert form.status_code == 200
    response = browser.post(
        reverse("api-token-create"),
        {
            "name": "Ministry dashboard",
            "convention": apmbc.pk,
            "state": state_a.pk,
            "lifetime_days": 30,
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = _secret_in(response.content.decode())
    token = ApiToken.objects.get()
    assert token.digest == token_digest(secret)
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 30
    # The list shows its prefix, never its secret.
    listing = browser.get(reverse("api-tokens")).content.decode()
    assert "Ministry dashboard" in listing and token.prefix in listing
    assert secret not in listing
    # And the secret works.
    browser.logout()
    assert client.get("/api/v1/invoices/", **bearer(secret)).status_code == 200


def test_a_focal_point_cannot_make_another_states_token(
    client_for, focal_a, apmbc, state_b
):
    response = client_for(focal_a).post(
        reverse("api-token-create"),
        {"name": "x", "convention": apmbc.pk, "state": state_b.pk, "lifetime_days": 90},
    )
    assert response.status_code == 200  # the form again, with the message
    assert "state" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_bad_input_keeps_what_was_typed(client_for, isu_staff, apmbc):
    response = client_for(isu_staff).post(
        reverse("api-token-create"),
        {"name": "Website dashboard", "convention": apmbc.pk, "lifetime_days": 999},
    )
    form = response.context["form"]
    assert "lifetime_days" in form.errors
    assert 'value="Website dashboard"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_people_without_a_role_to_grant_get_a_403(client_for, committee_member):
    client = client_for(committee_member)
    assert client.get(reverse("api-token-create")).status_code == 403
    page = client.get(reverse("api-tokens"))
    assert page.status_code == 200
    assert 'data-testid="no-tokens"' in page.content.decode()


def test_staff_revoke_after_confirming(
    client_for, isu_staff, focal_a, focal_a_token, client
):
    token = ApiToken.objects.get()
    staff = client_for(isu_staff)
    assert token.prefix in staff.get(reverse("api-tokens")).content.decode()
    confirm = staff.get(reverse("api-token-revoke", args=[token.pk]))
    assert confirm.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None  # a GET changes nothing
    staff.post(reverse("api-token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_by == isu_staff
    staff.logout()
    assert client.get("/api/v1/invoices/", **bearer(focal_a_token)).status_code == 401


def test_another_states_token_is_a_404(client_for, focal_b, focal_a_token):
    token = ApiToken.objects.get()
    client = client_for(focal_b)
    assert token.prefix not in client.get(reverse("api-tokens")).content.decode()
    assert client.get(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_conventions_staff_cannot_see_the_token(
    client_for, other_staff, dashboard_token
):
    token = ApiToken.objects.get()
    client = client_for(other_staff)
    assert client.get(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    assert token.prefix not in client.get(reverse("api-tokens")).content.decode()


def test_the_list_is_paginated(client_for, isu_staff, apmbc, make_token):
    for n in range(30):
        make_token(isu_staff, apmbc, name=f"Dashboard {n:02d}")
    client = client_for(isu_staff)
    first = client.get(reverse("api-tokens")).content.decode()
    second = client.get(reverse("api-tokens") + "?page=2").content.decode()
    assert first.count('data-testid="token-') == 25
    assert second.count('data-testid="token-') == 5


def test_the_administration_lists_tokens_without_their_digest(
    client_for, superuser, dashboard_token
):
    token = ApiToken.objects.get()
    client = client_for(superuser)
    listing = client.get(reverse("admin:ism_apitoken_changelist"))
    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    detail = client.get(reverse("admin:ism_apitoken_change", args=[token.pk]))
    assert detail.status_code == 200
    assert token.digest not in detail.content.decode()
