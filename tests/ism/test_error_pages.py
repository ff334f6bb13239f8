"""ISM's own error pages (ism.views_errors): 400, 403, 404 and 500 in ISM's layout,
saying why in ISM's words, never Django's bare or technical pages; under /api/ the
API's one error shape. Tests run with DEBUG off, as the demo and production do."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

import ism.selectors
from ism import views_errors
from tests.budgets.contrib import issue_invoice

LAYOUT = 'class="site-header"'
TECHNICAL = ("Using the URLconf", "Traceback", "You're seeing this error")


def page(response) -> str:
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert LAYOUT in html
    assert not any(marker in html for marker in TECHNICAL)
    return html


def test_it_runs_the_tests_with_debug_off(settings):
    # Everything below proves the product's pages, which DEBUG would replace.
    assert settings.DEBUG is False


def test_it_shows_the_reason_a_persona_is_denied_in_the_layout(
    client_for, other_staff, apmbc
):
    response = client_for(other_staff).get(
        reverse("budgets:contributions-status", args=["APMBC"])
    )
    assert response.status_code == 403
    html = page(response)
    assert 'data-testid="error-403"' in html
    reason = "Only the ISU staff and auditors of the APMBC read its accounts."
    assert f'data-testid="error-reason">{reason}</p>' in html
    # In the layout, for the user who is signed in.
    assert 'data-testid="who"' in html
    assert "403 Forbidden" not in html


def test_it_escapes_the_reason(rf, db, isu_staff):
    request = rf.get("/budgets/")
    request.user = isu_staff
    response = views_errors.permission_denied(
        request, PermissionDenied("Only <b>staff</b> & 'auditors'")
    )
    assert response.status_code == 403
    html = page(response)
    assert "Only &lt;b&gt;staff&lt;/b&gt; &amp; &#x27;auditors&#x27;" in html
    assert "<b>staff</b>" not in html


def test_it_gives_a_general_reason_when_the_check_gave_none(rf, db, isu_staff):
    request = rf.get("/budgets/")
    request.user = isu_staff
    html = page(views_errors.permission_denied(request, PermissionDenied()))
    assert "Your roles in ISM do not allow this page or action." in html


def test_it_shows_a_focal_point_isms_404_for_another_states_invoice(
    client_for, focal_a, apmbc, state_a, state_b
):
    issue_invoice(apmbc, state_a, "1000.00")
    theirs = issue_invoice(apmbc, state_b, "3000.00")
    response = client_for(focal_a).get(
        reverse("budgets:invoice-detail", args=[theirs.pk])
    )
    assert response.status_code == 404
    html = page(response)
    assert 'data-testid="error-404"' in html
    assert f"There is no page at /budgets/invoices/{theirs.pk}/ that you" in html
    # Nothing says the invoice exists, nor which State's it is.
    assert theirs.number not in html
    assert state_b.name not in html
    assert 'data-testid="who"' in html


def test_it_shows_anonymous_visitors_isms_404_for_a_missing_page(client, db):
    response = client.get("/no-such-page/<script>/")
    assert response.status_code == 404
    html = page(response)
    assert "There is no page at /no-such-page/&lt;script&gt;/ that you" in html
    assert "<script>/" not in html


def test_it_keeps_the_apis_error_shape_for_a_missing_api_path(client, db):
    response = client.get("/api/v1/no-such-route/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "detail": "Not found."}
    }


def test_it_shows_isms_400_for_a_suspicious_request(client, db):
    # A Host not in ALLOWED_HOSTS is a SuspiciousOperation: Django answers 400.
    response = client.get("/public/", HTTP_HOST="evil.example.org")
    assert response.status_code == 400
    html = page(response)
    assert 'data-testid="error-400"' in html
    assert "evil.example.org" not in html


def test_it_answers_a_suspicious_api_request_in_the_apis_shape(client, db):
    response = client.get("/api/v1/conventions/", HTTP_HOST="evil.example.org")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_it_shows_isms_500_when_a_page_crashes(client_for, isu_staff, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("the home page's selector broke")

    monkeypatch.setattr(ism.selectors, "home_summary", crash)
    client = client_for(isu_staff)
    client.raise_request_exception = False
    response = client.get(reverse("home"))
    assert response.status_code == 500
    html = page(response)
    assert 'data-testid="error-500"' in html
    assert "selector broke" not in html


def test_it_draws_the_500_page_without_the_database():
    # No `db` fixture: any query here would fail the test. The page of last resort
    # must not depend on what may have broken.
    response = views_errors.server_error(RequestFactory().get("/budgets/"))
    assert response.status_code == 500
    html = page(response)
    assert 'data-testid="error-500"' in html
    assert "/static/css/ism.css" in html


def test_it_falls_back_to_a_sentence_if_the_500_page_itself_fails(monkeypatch):
    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(views_errors.loader, "get_template", broken)
    response = views_errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert response.content == b"<h1>Server error (500)</h1>"


def test_it_answers_an_api_crash_in_the_apis_shape():
    response = views_errors.server_error(RequestFactory().get("/api/v1/invoices/"))
    assert response.status_code == 500
    assert json.loads(response.content) == {
        "error": {
            "status": 500,
            "code": "server_error",
            "detail": "A server error occurred.",
        }
    }


@pytest.mark.parametrize(
    ("handler", "status"),
    [("bad_request", 400), ("permission_denied", 403), ("not_found", 404)],
)
def test_it_answers_other_api_errors_in_the_apis_shape(rf, handler, status):
    response = getattr(views_errors, handler)(rf.get("/api/v1/x/"), Exception())
    assert response.status_code == status
    assert json.loads(response.content)["error"]["status"] == status
