"""/api/v1/workplans/ and /api/v1/workplans/{id}/: the list gives each plan's
counts and the link to its tree; the detail the whole tree in one response
(areas → results → indicators with the latest actual and status); both scoped by
the access policy, in a number of queries that does not grow with the statements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.workplans.conftest import indicator_data
from workplans import services
from workplans.models import Result


def test_it_returns_the_whole_tree_of_a_plan(submitted, committee_member, client_for):
    plan, (_area, impact, _outcome, output, first, _second) = submitted
    services.workplan_request_changes(
        workplan=plan, note="Indicator", actor=committee_member
    )
    indicator = services.indicator_add(result=output, data=indicator_data(), actor=None)
    services.actual_record(
        indicator=indicator,
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 6, 30),
        value=Decimal(30),
        source="Minutes of the committees",
        actor=None,
    )

    data = client_for(committee_member).get(f"/api/v1/workplans/{plan.pk}/").json()

    assert data["convention"] == "APMBC"
    assert (data["kind"], data["start_year"], data["status"]) == (
        "annual",
        2027,
        "changes_requested",
    )
    assert data["latest_version"] == 1
    [area_data] = data["areas"]
    assert (area_data["number"], area_data["title"]) == (1, "Meetings")
    labels = [r["label"] for r in area_data["results"]]
    assert labels == [
        "Impact 1",
        "Outcome 1.1",
        "Output 1.1.1",
        "Activity 1.1.1.1",
        "Activity 1.1.1.2",
    ]
    by_id = {r["id"]: r for r in area_data["results"]}
    assert by_id[first.pk]["contributes_to"] == output.pk
    assert by_id[impact.pk]["contributes_to"] is None
    [ind] = by_id[output.pk]["indicators"]
    assert ind["target"] == "60.00"
    assert ind["target_text"] == "up to 60"
    assert ind["latest_actual"] == {
        "period_start": "2027-01-01",
        "period_end": "2027-06-30",
        "value": "30.00",
        "source": "Minutes of the committees",
        "computed": False,
    }
    assert ind["actual_to_date"] == "30.00"
    assert ind["as_of"] == "2027-06-30"
    # 30 of 60 with 181 of 365 days elapsed: a pace of 1.008, on track.
    assert ind["status"] == "on_track"


def test_the_list_says_what_each_plan_holds_and_where_its_tree_is(
    submitted, isu_staff, client_for
):
    plan, _chain = submitted
    client = client_for(isu_staff)

    [summary] = client.get("/api/v1/workplans/").json()["results"]
    detail = client.get(summary["url"]).json()

    assert detail["id"] == summary["id"] == plan.pk
    for key, value in summary.items():
        if key not in ("url", "counts"):
            assert detail[key] == value, key
    assert summary["latest_version"] == 1
    assert summary["counts"] == {"areas": 1, "statements": 5, "indicators": 0}


def test_a_plan_never_submitted_has_no_version(plan, isu_staff, client_for):
    [summary] = client_for(isu_staff).get("/api/v1/workplans/").json()["results"]
    assert (summary["id"], summary["latest_version"]) == (plan.pk, None)
    assert summary["counts"] == {"areas": 0, "statements": 0, "indicators": 0}


def test_it_shows_the_public_adopted_plans_only(adopted, plan, apmbc, client_for):
    adopted_plan, _ = adopted
    draft = services.workplan_create(
        convention=apmbc, kind="annual", start_year=2028, actor=None
    )

    data = client_for(None).get("/api/v1/workplans/").json()

    assert [p["id"] for p in data["results"]] == [adopted_plan.pk]
    assert client_for(None).get(f"/api/v1/workplans/{draft.pk}/").status_code == 404


def test_it_filters_by_convention_and_year(submitted, isu_staff, client_for):
    client = client_for(isu_staff)
    assert (
        client.get("/api/v1/workplans/?convention=apmbc&year=2027").json()["count"] == 1
    )
    assert client.get("/api/v1/workplans/?year=2026").json()["count"] == 0
    assert client.get("/api/v1/workplans/?convention=CCM").json()["count"] == 0


def _plan(apmbc, year, statements):
    plan = services.workplan_create(
        convention=apmbc, kind="annual", start_year=year, actor=None
    )
    area = services.area_add(workplan=plan, title="Area", actor=None)
    outcome = services.result_add(
        area=area, level="outcome", text="Outcome", actor=None
    )
    outputs = [
        services.result_add(
            area=area, level="output", text=f"Output {n}", parent=outcome, actor=None
        )
        for n in range(statements - 1)
    ]
    for output in outputs[:: max(1, len(outputs) // 5)]:
        indicator = services.indicator_add(
            result=output,
            data=indicator_data(
                period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31)
            ),
            actor=None,
        )
        services.actual_record(
            indicator=indicator,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 3, 31),
            value=Decimal(10),
            source="minutes",
            actor=None,
        )
    return plan


@pytest.mark.parametrize("statements", [10, 100])
def test_it_costs_the_same_queries_for_10_or_100_statements(
    apmbc, isu_staff, client_for, django_assert_max_num_queries, statements
):
    plan = _plan(apmbc, 2030, statements)
    client = client_for(isu_staff)

    with django_assert_max_num_queries(13):
        detail = client.get(f"/api/v1/workplans/{plan.pk}/")
    with django_assert_max_num_queries(6):
        listing = client.get("/api/v1/workplans/")

    results = detail.json()["areas"][0]["results"]
    assert len(results) == statements == Result.objects.filter(workplan=plan).count()
    [summary] = listing.json()["results"]
    assert "areas" not in summary
    assert summary["url"] == f"http://testserver/api/v1/workplans/{plan.pk}/"
    indicators = sum(len(r["indicators"]) for r in results)
    assert summary["counts"] == {
        "areas": 1,
        "statements": statements,
        "indicators": indicators,
    }
    assert indicators == len(range(0, statements - 1, max(1, (statements - 1) // 5)))


def test_the_lists_counts_and_version_are_the_plans_own(
    submitted, committee_member, client_for, django_assert_max_num_queries
):
    """The summary's counts are written as SQL of their own (not compiled per
    answer): each plan's own areas, statements, indicators and latest version."""
    plan, (_area, _impact, _outcome, output, _first, _second) = submitted
    services.workplan_request_changes(
        workplan=plan, note="Indicator", actor=committee_member
    )
    services.indicator_add(result=output, data=indicator_data(), actor=None)
    client = client_for(committee_member)

    with django_assert_max_num_queries(6):
        [summary] = client.get("/api/v1/workplans/").json()["results"]

    assert summary["id"] == plan.pk
    assert summary["latest_version"] == plan.versions.latest("number").number
    assert summary["counts"] == {"areas": 1, "statements": 5, "indicators": 1}
    # A filter still filters when it is asked for; without one, none is built.
    assert client.get("/api/v1/workplans/?status=adopted").json()["results"] == []
    assert client.get("/api/v1/workplans/?status=final").status_code == 400
    listing = client.get("/api/v1/workplans/?year=2027").json()["results"]
    assert [row["id"] for row in listing] == [plan.pk]
