"""An indicator's status is judged on the day it is read: the day its period opens,
"not started" becomes "no data" (or, for a figure ISM counts itself, a status as at
that day) on the progress page and in the API, with nothing written in between."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.budgets.days import clock_reads, on_day
from tests.workplans.conftest import add_chain, indicator_data
from workplans import services
from workplans.models import Indicator


def _add(plan, *, title="Meetings", **fields):
    *_, output, _first, _second = add_chain(plan, title=title)
    return services.indicator_add(
        result=output, data=indicator_data(**fields), actor=None
    )


def _api_indicator(client, indicator) -> dict:
    data = client.get(f"/api/v1/workplans/{indicator.result.workplan_id}/").json()
    for area in data["areas"]:
        for result in area["results"]:
            for row in result["indicators"]:
                if row["id"] == indicator.pk:
                    return row
    raise AssertionError("indicator not in the API's tree")


def _page(client, indicator) -> str:
    url = reverse("workplans:progress", args=[indicator.result.workplan_id])
    return client.get(url).content.decode()


def test_a_manual_indicator_has_no_data_from_the_day_its_period_opens(
    client_for, isu_staff, plan
):
    indicator = _add(plan)
    opens = indicator.period_start

    with on_day(opens - dt.timedelta(days=1)):
        client = client_for(isu_staff)
        assert _api_indicator(client, indicator)["status"] == "not_started"
        assert "1 not started" in _page(client, indicator)
    with on_day(opens):
        client = client_for(isu_staff)
        assert _api_indicator(client, indicator)["status"] == "no_data"
        assert "1 no data" in _page(client, indicator)


@pytest.mark.parametrize("days_in", [0, 40])
def test_a_counted_indicator_is_judged_as_at_the_day_it_is_read(
    client_for, isu_staff, plan, days_in
):
    indicator = _add(plan, source=Indicator.Source.REPORTS_RECEIVED)
    day = indicator.period_start + dt.timedelta(days=days_in)

    with on_day(indicator.period_start - dt.timedelta(days=1)):
        row = _api_indicator(client_for(isu_staff), indicator)
    assert (row["status"], row["as_of"]) == ("not_started", None)

    with on_day(day):
        row = _api_indicator(client_for(isu_staff), indicator)
    # No report received yet: behind the pace as soon as the period has begun.
    assert (row["status"], row["as_of"]) == ("off_track", day.isoformat())


def test_a_tree_judges_every_indicator_on_one_reading_of_the_clock(monkeypatch, plan):
    """What ISM counts and every indicator's status are as at the same day, even
    when the tree is built across midnight."""
    from workplans.selectors import workplan_tree, workplan_tree_queryset

    _add(plan, source=Indicator.Source.REPORTS_RECEIVED)
    _add(plan, description="Missions", title="Missions")
    reads = clock_reads(monkeypatch)
    workplan_tree(workplan_tree_queryset(user=None).get(pk=plan.pk))
    assert len(reads) == 1
