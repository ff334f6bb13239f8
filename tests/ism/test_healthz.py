"""/healthz: database, broker and PDF engine; 200 when all are healthy, 503 when any
is not, in JSON, to anyone (load balancers do not log in)."""

from django.db import OperationalError

import ism.documents
import ism.views


def health(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response, response.json()


def test_it_reports_everything_healthy(client, db, settings):
    response, body = health(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "pdf"}
    assert all(check["ok"] is True for check in body["checks"].values())
    from django.db import connection

    assert body["checks"]["database"]["engine"] == connection.vendor
    expected_broker = "ok" if settings.REDIS_URL else "in-process (no REDIS_URL)"
    assert body["checks"]["broker"]["detail"] == expected_broker
    # Never cached by a proxy: a stale 200 would hide an outage.
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_anonymous_users_without_a_redirect(client, db):
    response, _ = health(client)
    assert response.status_code == 200


def test_it_is_unhealthy_when_the_broker_is_unreachable(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response, body = health(client)
    assert response.status_code == 503
    assert body["status"] == "unhealthy"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["broker"]["detail"].startswith("unreachable")
    assert body["checks"]["database"]["ok"] is True


def test_it_is_healthy_with_a_reachable_redis(client, db, settings, redis_url):
    settings.REDIS_URL = redis_url
    response, body = health(client)
    assert response.status_code == 200
    assert body["checks"]["broker"] == {"ok": True, "detail": "ok"}


class BrokenConnection:
    vendor = "broken"

    def cursor(self):
        raise OperationalError("could not connect to server")


def test_it_is_unhealthy_when_the_database_check_fails(client, db, monkeypatch):
    monkeypatch.setattr(ism.views, "connection", BrokenConnection())
    response, body = health(client)
    assert response.status_code == 503
    assert body["status"] == "unhealthy"
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    # The error's text (which may carry a host or user name) is not published.
    assert "could not connect" not in response.content.decode()


def test_it_is_unhealthy_without_harfbuzz_subsetting(client, db, monkeypatch):
    # /healthz asks without importing WeasyPrint (~0.6 s in a web process).
    monkeypatch.setattr(ism.documents, "harfbuzz_subset_library_present", lambda: False)
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["pdf"]["ok"] is False
    assert "libharfbuzz-subset" in body["checks"]["pdf"]["detail"]


def test_it_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405


def test_it_answers_plain_http_probes_when_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/public/").status_code == 301
    response, body = health(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
