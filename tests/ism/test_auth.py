"""Logging in, being locked out after repeated failures (django-axes), changing
and resetting a password."""

import re
import uuid

import pytest
from django.conf import settings
from django.core import mail

from ism.models import OutgoingMail, User
from tests.factories import UserFactory

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory's
NEW_PASSWORD = "a-new-Passphrase-2026"
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def own_reset_counters(monkeypatch):
    """Each test counts password resets from zero (the cache outlives a test)."""
    monkeypatch.setattr("ism.accounts.COUNTER_PREFIX", f"reset-{uuid.uuid4()}")


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@isu.example")


def log_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_logs_a_user_in_and_sends_them_home(client, alice):
    response = log_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response.url == "/"
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_it_refuses_a_wrong_password_on_the_form(client, alice):
    response = log_in(client, "alice", "wrong")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert not logged_in(client)


# --- Lockout --------------------------------------------------------------------------


def fail_until_locked(client, username="alice"):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    responses = [log_in(client, username, f"wrong-{n}") for n in range(limit)]
    # Up to the limit the login form answers; the failure that reaches it locks.
    assert [r.status_code for r in responses[:-1]] == [200] * (limit - 1)
    return responses[-1]


def test_it_locks_a_username_after_five_failed_logins(client, alice):
    fifth = fail_until_locked(client)
    assert fifth.status_code == 429

    sixth = log_in(client, "alice", PASSWORD)

    # django-axes 8.3 answers a locked-out login with AXES_HTTP_RESPONSE_CODE,
    # 429 Too Many Requests by default, rendering AXES_LOCKOUT_TEMPLATE.
    assert sixth.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in sixth.templates]
    assert "Too many failed logins" in sixth.content.decode()
    assert not logged_in(client)
    assert client.get("/").status_code == 302


def test_it_does_not_lock_after_four_failures_and_resets_on_success(client, alice):
    for n in range(4):
        assert log_in(client, "alice", f"wrong-{n}").status_code == 200
    assert log_in(client, "alice", PASSWORD).status_code == 302
    client.logout()
    # The success reset the counter: four more failures still do not lock.
    for n in range(4):
        assert log_in(client, "alice", f"wrong-again-{n}").status_code == 200
    assert log_in(client, "alice", PASSWORD).status_code == 302


def test_it_locks_the_username_not_everyone_at_the_same_address(client, alice):
    bob = UserFactory(username="bob")
    fail_until_locked(client, "alice")
    response = log_in(client, "bob", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == bob.pk


def test_it_locks_the_username_from_that_address_only(client, alice):
    # Lockout is per (username, IP address): an attacker elsewhere cannot lock
    # a focal point out of their own account.
    fail_until_locked(client, "alice")
    response = log_in(client, "alice", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


# --- Password change ------------------------------------------------------------------


def test_it_changes_a_password_and_the_new_one_logs_in(client_for, client, alice):
    response = client_for(alice).post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.url == "/accounts/password_change/done/"
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)

    client.logout()
    assert log_in(client, "alice", PASSWORD).status_code == 200
    assert log_in(client, "alice", NEW_PASSWORD).status_code == 302


def test_it_refuses_a_password_change_without_the_old_password(client_for, alice):
    response = client_for(alice).post(
        "/accounts/password_change/",
        {
            "old_password": "not-it",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_it_refuses_a_weak_new_password(client_for, alice):
    response = client_for(alice).post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_behind_a_proxy_it_locks_the_client_not_the_proxy(client, alice, settings):
    """Every request reaches ISM from the proxy's address; the client's is the last
    one in X-Forwarded-For."""
    settings.NUM_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "alice", f"wrong-{n}", **attacker).status_code == 200
    assert log_in(client, "alice", "wrong", **attacker).status_code == 429
    # Alice, from her own address through the same proxy, still logs in.
    alice_at_work = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    response = log_in(client, "alice", PASSWORD, **alice_at_work)
    assert response.status_code == 302
    assert logged_in(client)


def test_without_a_trusted_proxy_a_forged_header_changes_nothing(
    client, alice, settings
):
    settings.NUM_PROXIES = 0
    limit = settings.AXES_FAILURE_LIMIT
    answers = [
        log_in(
            client, "alice", f"wrong-{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}"
        ).status_code
        for n in range(limit)
    ]
    assert answers == [200] * (limit - 1) + [429]


# --- Password reset -------------------------------------------------------------------


def test_it_resets_a_forgotten_password_through_the_mailed_link(
    client, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password_reset/", {"email": "alice@isu.example"}
        )
    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@isu.example"]

    link = re.search(
        r"https?://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body
    )
    assert link, message.body
    # The link trades its token for a session-held one and shows the form.
    form_url = client.get(link[1]).url
    assert form_url.endswith("/set-password/")
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/reset/done/"

    assert log_in(client, "alice", PASSWORD).status_code == 200
    response = log_in(client, "alice", NEW_PASSWORD)
    assert response.status_code == 302
    assert response.url == "/"
    # The link works once.
    client.logout()
    assert client.get(link[1]).context["validlink"] is False


def test_it_sends_no_mail_for_an_unknown_address_and_does_not_say_so(client, alice):
    response = client.post("/accounts/password_reset/", {"email": "nobody@x.example"})
    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    assert mail.outbox == []
    assert User.objects.get(username="alice").check_password(PASSWORD)


def test_the_reset_mail_leaves_through_the_outbox_after_the_answer(
    client, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_commit:
        response = client.post(
            "/accounts/password_reset/", {"email": "alice@isu.example"}
        )
    # Answered before anything was sent: the mail waits in the outbox.
    assert response.status_code == 302
    assert mail.outbox == []
    queued = OutgoingMail.objects.get()
    assert queued.to == ["alice@isu.example"]
    for callback in after_commit:
        callback()
    assert [m.to for m in mail.outbox] == [["alice@isu.example"]]


def test_resets_for_one_address_are_throttled_whoever_asks(
    client, alice, settings, django_capture_on_commit_callbacks
):
    settings.NUM_PROXIES = 1
    limit = settings.ISM_RESET_LIMIT_PER_ADDRESS
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(
                "/accounts/password_reset/",
                {"email": "alice@isu.example"},
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
            ).status_code
            for n in range(limit + 2)
        ]
    assert answers == [302] * limit + [429, 429]
    assert len(mail.outbox) == limit


def test_resets_from_one_client_are_throttled_whatever_the_address(
    client, alice, settings
):
    limit = settings.ISM_RESET_LIMIT_PER_CLIENT
    answers = [
        client.post(
            "/accounts/password_reset/", {"email": f"nobody-{n}@x.example"}
        ).status_code
        for n in range(limit + 1)
    ]
    # Unknown addresses count too: the throttle says nothing about who exists.
    assert answers == [302] * limit + [429]
    response = client.post("/accounts/password_reset/", {"email": "alice@isu.example"})
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()


# --- Caching of private pages -----------------------------------------------------


def test_a_signed_in_page_is_not_kept_by_any_cache(client_for, alice):
    response = client_for(alice).get("/")
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_the_api_keeps_its_revalidation_for_signed_in_clients(client_for, alice):
    response = client_for(alice).get("/api/v1/states/")
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "no-store" not in directives
    assert {"private", "no-cache"} <= directives
