"""The core's read API under /api/v1/: conventions, States, committees; one error
shape for every failure; an OpenAPI schema."""

import json
from pathlib import Path

from django.conf import settings

REFERENCE = Path(settings.BASE_DIR) / "ism" / "reference"


def budget_currency(name: str) -> str:
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))["currency"]


# `demo`: the demo world, loaded once for this module (tests/conftest.py).


def test_it_lists_the_three_conventions_with_their_base_currencies(client, demo):
    response = client.get("/api/v1/conventions/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    currencies = {row["code"]: row["currency"] for row in body["results"]}
    assert currencies == {
        # The published budgets are in these currencies; the CCW's ISU (UNODA)
        # keeps its accounts in US dollars.
        "APMBC": budget_currency("apmbc-2026-budget.json"),
        "CCM": budget_currency("ccm-2024-budget.json"),
        "CCW": "USD",
    }
    assert list(currencies.values()) == ["CHF", "CHF", "USD"]


def test_it_serves_one_convention_by_its_code(client, demo):
    body = client.get("/api/v1/conventions/APMBC/").json()
    assert body["code"] == "APMBC"
    assert body["action_plan_name"] == "Siem Reap-Angkor Action Plan"
    assert (body["action_plan_start"], body["action_plan_end"]) == (2025, 2029)
    assert (body["annual_report_month"], body["annual_report_day"]) == (4, 30)


def test_it_answers_an_unknown_code_with_a_404_in_the_one_error_shape(client, demo):
    response = client.get("/api/v1/conventions/NOPE/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["error"]
    assert body["error"]["status"] == 404
    assert body["error"]["code"] == "not_found"
    assert body["error"]["detail"]


def test_it_names_the_field_of_a_bad_filter_in_the_one_error_shape(client, demo):
    response = client.get("/api/v1/conventions/?financing_model=lottery")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (400, "invalid")
    assert list(error["fields"]) == ["financing_model"]


def test_it_refuses_writes_on_the_read_only_api(client, demo):
    response = client.post(
        "/api/v1/conventions/", {"code": "NEW"}, content_type="application/json"
    )
    assert response.status_code in {403, 405}
    assert response.json()["error"]["status"] == response.status_code


def test_it_lists_the_states_and_the_committee_members(client, demo):
    states = client.get("/api/v1/states/?un_status=observer").json()
    assert {row["iso3"] for row in states["results"]} == {"VAT", "PSE"}
    committees = client.get("/api/v1/committees/?convention__code=APMBC").json()
    cooperation = next(
        row for row in committees["results"] if row["name"].startswith("Committee on")
    )
    assert {m["state"] for m in cooperation["members"]} == {
        "CMR",
        "DNK",
        "CHE",
        "TUR",
    }


def test_it_lists_committees_with_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    # Members come from one prefetch, not one query per committee.
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/committees/").json()
    assert body["count"] == 3
    assert sum(len(row["members"]) for row in body["results"]) == 8


def test_it_publishes_an_openapi_schema(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "ISM API"
    assert "/api/v1/conventions/" in schema["paths"]
    assert "/api/v1/conventions/{code}/" in schema["paths"]


def test_it_serves_the_browsable_docs(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
