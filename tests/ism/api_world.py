"""Rows for the API's access and query tests, made through the services as ISM
itself would (tests/ism/test_api_permission_matrix.py, test_api_list_queries.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reporting import services as reporting_services
from reporting.models import Report
from tests.reporting.helpers import mark_all, open_report
from tests.workplans.conftest import add_chain
from workplans import services as plan_services
from workplans.models import WorkPlan


def annual_plan(
    convention,
    year: int,
    *,
    to: str = WorkPlan.Status.DRAFT,
    fill: Callable[[WorkPlan, tuple], None] | None = None,
) -> WorkPlan:
    """An annual plan with one linked chain (`fill(plan, chain)` may add to it),
    moved through the review to `to`: draft, in review or adopted."""
    plan = plan_services.workplan_create(
        convention=convention, kind=WorkPlan.Kind.ANNUAL, start_year=year, actor=None
    )
    chain = add_chain(plan, title=f"{convention.code} {year}")
    if fill is not None:
        fill(plan, chain)
    if to != WorkPlan.Status.DRAFT:
        plan_services.workplan_submit(workplan=plan, actor=None, notify=False)
    if to == WorkPlan.Status.ADOPTED:
        plan_services.workplan_approve(workplan=plan, actor=None)
        plan_services.workplan_adopt(
            workplan=plan,
            adopted_on=dt.date(year - 1, 12, 4),
            adopted_by="Meeting of the States Parties",
            actor=None,
        )
    plan.refresh_from_db()
    assert plan.status == to
    return plan


def article7_report(convention, state, year: int, *, publish: bool) -> Report:
    """The State's annual report on `year`, opened in March of the next year; with
    `publish`, every form marked, submitted before the due date and published."""
    report = open_report(state, convention, year=year, today=dt.date(year + 1, 3, 1))
    if publish:
        mark_all(report)
        version = reporting_services.report_submit(
            report=report, actor=None, today=dt.date(year + 1, 3, 14)
        )
        reporting_services.report_version_publish(version=version, actor=None)
    report.refresh_from_db()
    return report
