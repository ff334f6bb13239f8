"""What tests/ism/test_api_fuzz.py found: query parameters and paths a client may
send by mistake were 500s or HTML pages. Each is a 400 (or a 404) in the one error
shape now, naming what was wrong, and a good value still filters."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.models import Meeting
from tests.factories import ConventionFactory

YEAR_LISTS = [
    "/api/v1/budgets/",
    "/api/v1/invoices/",
    "/api/v1/meetings/",
    "/api/v1/workplans/",
    "/api/v1/reports/",
]
# Before: 99999999999 and 100000 overflowed datetime.date in the meetings' year
# lookup (a 500); 2024.5 reached it as a decimal ("year 0 is out of range").
NOT_YEARS = ["99999999999", "100000", "2024.5", "0", "-1", "abc"]


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["error"]
    assert body["error"]["status"] == status
    return body["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", YEAR_LISTS)
@pytest.mark.parametrize("year", NOT_YEARS)
def test_it_answers_a_year_that_is_not_one_with_a_400_naming_it(client, url, year):
    error = error_of(client.get(url, {"year": year}), 400)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["year"]


@pytest.mark.django_db
def test_it_still_filters_meetings_by_the_year_they_open(client):
    convention = ConventionFactory(code="APMBC")
    for year in (2025, 2026):
        Meeting.objects.create(
            convention=convention,
            kind=Meeting.Kind.MSP,
            title=f"Meeting of the States Parties {year}",
            start=dt.date(year, 12, 1),
            end=dt.date(year, 12, 5),
            venue="Geneva",
        )
    for year in ("2026", "2026.0"):
        body = client.get("/api/v1/meetings/", {"year": year}).json()
        assert [row["start"] for row in body["results"]] == ["2026-12-01"]


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["²", "99999999999", "0", ""])
def test_it_answers_a_collection_status_year_that_is_not_one_with_a_400(client, year):
    # "²" is a digit to str.isdigit() but not to int(): it was a 500.
    ConventionFactory(code="APMBC")
    response = client.get(
        "/api/v1/contributions/status/", {"convention": "APMBC", "year": year}
    )
    assert list(error_of(response, 400)["fields"]) == ["year"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        # A dot matches no route (DRF's lookups stop at one, for format suffixes).
        "/api/v1/conventions/AP.MBC/",
        "/api/v1/states/N.O/",
        "/api/v1/nothing-here/",
    ],
)
def test_it_answers_an_api_path_no_route_matches_in_the_one_error_shape(client, path):
    error = error_of(client.get(path), 404)
    assert error["code"] == "not_found"
    assert error["detail"]


@pytest.mark.django_db
def test_it_keeps_the_html_page_for_other_paths_no_route_matches(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_it_answers_a_convention_code_with_a_nul_with_a_400(client):
    # PostgreSQL refuses a NUL in a text parameter: it was a 500 there.
    ConventionFactory(code="APMBC")
    response = client.get(
        "/api/v1/contributions/status/", {"convention": "APMBC\x00", "year": "2026"}
    )
    assert list(error_of(response, 400)["fields"]) == ["convention"]
