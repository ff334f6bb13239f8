"""Every page that shows a whole plan costs the same number of queries for 10 or
100 statements: the tree, its indicators, actuals, budget lines and the review
threads are each fetched once."""

from __future__ import annotations

import datetime as dt

import pytest

from ism.models import User
from tests.conftest import (
    make_apmbc,
    make_committee_member,
    make_coordinating_committee,
    make_isu_staff,
    make_state_a,
    module_database,
)
from tests.workplans.conftest import indicator_data
from workplans import services
from workplans.models import Result

# Each page, and what proves it showed the large plan whole.
PAGES = {
    "": "Output 98",
    "?layout=outline": "Output 98",
    "review/": "Output 98",
    "progress/": "Output 90",  # the indicators are on every tenth output
    "versions/?a=1&b=current": "No difference.",
}


def plan_with(apmbc, committee_member, year, statements):
    plan = services.workplan_create(
        convention=apmbc, kind="annual", start_year=year, actor=None
    )
    area = services.area_add(workplan=plan, title="Area", actor=None)
    outcome = services.result_add(
        area=area, level="outcome", text="Outcome", actor=None
    )
    for n in range(statements - 1):
        output = services.result_add(
            area=area, level="output", text=f"Output {n}", parent=outcome, actor=None
        )
        if n % 10 == 0:
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
                value=5,
                source="minutes",
                actor=None,
            )
    services.workplan_submit(workplan=plan, actor=None, notify=False)
    for result in Result.objects.filter(workplan=plan)[: statements // 10]:
        services.thread_open(
            workplan=plan, result=result, text="Why?", actor=committee_member
        )
    return plan


def _plans() -> dict:
    """The two plans, with ISU staff and a Coordinating Committee member as the
    personas of tests/conftest.py give them, built once for all the pages."""
    apmbc = make_apmbc()
    committee = make_coordinating_committee(apmbc, make_state_a(apmbc))
    member = make_committee_member(committee)
    staff = make_isu_staff(apmbc)
    return {
        "staff": staff.pk,
        "small": plan_with(apmbc, member, 2030, 10).pk,
        "large": plan_with(apmbc, member, 2031, 100).pk,
    }


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    with module_database(django_db_blocker, build=_plans) as built:
        yield built


@pytest.mark.parametrize("page", PAGES)
def test_a_plan_page_costs_the_same_for_10_or_100_statements(
    plans, db, client_for, django_assert_max_num_queries, page
):
    client = client_for(User.objects.get(pk=plans["staff"]))
    client.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    for plan in (plans["small"], plans["large"]):
        # 20, and one for the navigation's counts (the newest audit event's id).
        with django_assert_max_num_queries(21):
            response = client.get(f"/workplans/{plan}/{page}")
        assert response.status_code == 200
    assert PAGES[page] in response.content.decode()
