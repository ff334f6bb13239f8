"""Every list endpoint of the API reads the same number of queries for a few rows
as for many, whoever asks: ISU staff by session, a State's token (token
authentication reads its own rows, which must not grow either), anonymous clients.

Each case adds rows of its endpoint's kind — rows every persona may read where the
policy lets them — measures, adds many more, and measures again. A list route of
ism.api.router without a case here fails test_every_list_endpoint_has_a_case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from djmoney.money import Money

from budgets.models import Budget, Fund, FundMovement
from ism.models import CommitteeChair
from meetings.models import DocumentFile, Meeting, MeetingDocument
from tests.budgets.contrib import issue_invoice, issue_invoices, parties, pay
from tests.budgets.factories import budget_with, private_media  # noqa: F401
from tests.conftest import bearer
from tests.factories import CommitteeFactory, ConventionFactory, MembershipFactory
from tests.ism.api_world import annual_plan, article7_report
from tests.meetings.conftest import (
    make_committee_meeting,
    make_item,
    make_meeting,
)
from tests.reporting.helpers import open_report
from tests.workplans.conftest import indicator_data
from workplans import services as plan_services
from workplans.models import Indicator, WorkPlan

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30
CHF_100 = Money(100, "CHF")


@dataclass(frozen=True)
class Case:
    route: str
    path: str | Callable[[dict], str]
    # grow(world, start, count): add `count` more rows, numbered from `start`.
    # `path` may be a function of the world, for a list under one row.
    grow: Callable[[dict, int, int], None]
    # How many rows the response shows (to prove the large list is larger).
    size: Callable[[dict], int]
    # Personas that may not see the rows grow (the policy hides them), with why.
    flat_for: frozenset[str] = frozenset()
    large: int = LARGE


def _count(body: dict) -> int:
    return body["count"]


# --- Rows of each kind ----------------------------------------------------------------


def grow_conventions(w, start, count):
    for i in range(start, start + count):
        ConventionFactory(code=f"X{i:02d}")


def grow_states(w, start, count):
    parties(w["apmbc"], count, prefix="X")


def grow_committees(w, start, count):
    for i in range(start, start + count):
        committee = CommitteeFactory(convention=w["apmbc"], name=f"Committee {i}")
        for state in parties(w["apmbc"], 2, prefix="M"):
            MembershipFactory(committee=committee, state=state)
        CommitteeChair.objects.create(
            committee=committee,
            state=w["state_a"],
            start=dt.date(2025, 1, 1),
        )


def grow_budgets(w, start, count):
    for i in range(start, start + count):
        budget_with(
            lines=3,
            convention=w["apmbc"],
            year=1990 + i,
            status=Budget.Status.ADOPTED,
        )


def grow_invoices(w, start, count):
    """Invoices of State A (its token sees them), partly paid, and as many of
    State B's."""
    for i in range(start, start + count):
        own = issue_invoice(w["apmbc"], w["state_a"], "1000.00", year=1990 + i)
        pay(own, "400.00")
        issue_invoice(w["apmbc"], w["state_b"], "2000.00", year=1990 + i)


def grow_collection(w, start, count):
    """New States Parties with this year's invoice (part paid) and last year's."""
    states = parties(w["apmbc"], count, prefix="P")
    for current in issue_invoices(w["apmbc"], dict.fromkeys(states, "1000.00")):
        pay(current, "250.00")
    issue_invoices(
        w["apmbc"],
        dict.fromkeys(states, "900.00"),
        year=2025,
        issue_date=dt.date(2025, 1, 15),
        due_date=dt.date(2025, 3, 31),
    )


def grow_funds(w, start, count):
    """Funds of the APMBC (public balances), each with an opening balance and a
    contribution."""
    for i in range(start, start + count):
        fund = Fund.objects.create(
            convention=w["apmbc"], kind="other", name=f"Fund {i}", currency="CHF"
        )
        for kind in ("opening", "contribution"):
            FundMovement.objects.create(
                fund=fund, date=dt.date(2025, 1, 1), kind=kind, amount=CHF_100
            )


def _wcf(w):
    if "wcf" not in w:
        w["wcf"] = Fund.objects.create(
            convention=w["apmbc"], kind="working_capital", name="WCF", currency="CHF"
        )
    return w["wcf"]


def grow_movements(w, start, count):
    FundMovement.objects.bulk_create(
        FundMovement(
            fund=_wcf(w), date=dt.date(2025, 1, 1), kind="contribution", amount=CHF_100
        )
        for _ in range(count)
    )


def grow_workplans(w, start, count):
    """Adopted plans (public), each with a chain, a manual indicator with an actual
    and indicators ISM counts from its own records, in years already begun."""
    for i in range(start, start + count):
        annual_plan(w["apmbc"], 1995 + i, to=WorkPlan.Status.ADOPTED, fill=_indicators)


def _indicators(plan, chain):
    *_, output, first, _second = chain
    year = plan.start_year
    period = {"period_start": dt.date(year, 1, 1), "period_end": dt.date(year, 12, 31)}
    manual = plan_services.indicator_add(
        result=output, data=indicator_data(**period), actor=None
    )
    plan_services.actual_record(
        indicator=manual,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 3, 31),
        value=Decimal(10),
        source="minutes",
        actor=None,
    )
    for source in (
        Indicator.Source.COMMITTEE_MEETINGS,
        Indicator.Source.REPORTS_RECEIVED,
    ):
        plan_services.indicator_add(
            result=first, data=indicator_data(source=source, **period), actor=None
        )


def grow_meetings(w, start, count):
    """Open meetings with agenda and public documents (two files each), and as many
    committee meetings (with a chair presiding) for the ISU."""
    for i in range(start, start + count):
        meeting = make_meeting(
            w["apmbc"],
            kind=Meeting.Kind.INTERSESSIONAL,
            title=f"Intersessional meeting {i}",
            start=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            end=dt.date(2025, 1, 1) + dt.timedelta(days=i),
        )
        item = make_item(meeting, str(i + 1))
        document = MeetingDocument.objects.create(
            meeting=meeting,
            symbol=f"APLC/IM/{i}",
            title=f"Document {i}",
            agenda_item=item,
            date=dt.date(2025, 1, 1),
        )
        for language in ("en", "fr"):
            DocumentFile.objects.create(
                document=document,
                language=language,
                kind="pdf",
                original_name="x.pdf",
                size=10,
                sha256="0" * 64,
                file=f"meetings/x-{i}-{language}.pdf",
            )
        make_committee_meeting(
            w["coordinating_committee"], dt.date(2025, 6, 1) + dt.timedelta(days=i)
        )


def grow_reports(w, start, count):
    """Published reports of new States Parties (everyone reads them) and drafts of
    State A (its token reads them) for as many years."""
    for i, state in enumerate(parties(w["apmbc"], count, prefix="R"), start):
        article7_report(w["apmbc"], state, 2024, publish=True)
        open_report(w["state_a"], w["apmbc"], year=2001 + i, today=dt.date(2026, 3, 1))


def grow_rates(w, start, count):
    """More States Parties owing reports, half of them submitted."""
    for i, state in enumerate(parties(w["apmbc"], count, prefix="T"), start):
        if i % 2:
            article7_report(w["apmbc"], state, 2024, publish=True)


CASES = [
    Case(
        "convention-list",
        "/api/v1/conventions/",
        grow_conventions,
        _count,
        flat_for=frozenset({"focal_a_token"}),  # confined to the APMBC
    ),
    Case("state-list", "/api/v1/states/", grow_states, _count),
    Case("committee-list", "/api/v1/committees/", grow_committees, _count),
    Case("budget-list", "/api/v1/budgets/", grow_budgets, _count),
    Case(
        "invoice-list",
        "/api/v1/invoices/",
        grow_invoices,
        _count,
        flat_for=frozenset({"anonymous"}),  # sees no invoice
    ),
    Case(
        "contribution-status-list",
        "/api/v1/contributions/status/?convention=APMBC&year=2026",
        grow_collection,
        lambda body: body["by_currency"][0]["invoices"],
    ),
    Case("fund-list", "/api/v1/funds/", grow_funds, _count),
    Case(
        "fund-movement-list",
        lambda w: f"/api/v1/funds/{_wcf(w).pk}/movements/",
        grow_movements,
        _count,
        flat_for=frozenset({"anonymous", "focal_a_token"}),  # the ISU's ledger
    ),
    Case("workplan-list", "/api/v1/workplans/", grow_workplans, _count, large=12),
    Case("meeting-list", "/api/v1/meetings/", grow_meetings, _count),
    Case("report-list", "/api/v1/reports/", grow_reports, _count, large=15),
    Case(
        "reporting-rate-list",
        "/api/v1/reporting-rates/?convention=APMBC&year=2024",
        grow_rates,
        lambda rows: rows[0]["parties"],
        large=15,
    ),
]


# --- Measuring ------------------------------------------------------------------------


@pytest.fixture
def world(apmbc, state_a, state_b, coordinating_committee):
    return {
        "apmbc": apmbc,
        "state_a": state_a,
        "state_b": state_b,
        "coordinating_committee": coordinating_committee,
    }


@pytest.fixture
def askers(client_for, isu_staff, focal_a_token):
    """{persona: get(path)}: ISU staff by session, State A's token, anonymous."""
    staff = client_for(isu_staff)
    token_client, anonymous = Client(), Client()
    headers = bearer(focal_a_token)
    return {
        "isu_staff": staff.get,
        "focal_a_token": lambda path: token_client.get(path, **headers),
        "anonymous": anonymous.get,
    }


def _measure(get, path: str) -> tuple[int, dict, list[str]]:
    get(path)  # warm: the token's last use, sessions, caches
    with CaptureQueriesContext(connection) as queries:
        response = get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries), response.json(), [q["sql"] for q in queries.captured_queries]


def _shape(sql: str) -> str:
    """A query without its numbers: the same query for other rows."""
    return re.sub(r"\d+", "N", sql)


@pytest.mark.parametrize("case", CASES, ids=[case.route for case in CASES])
def test_a_list_reads_as_many_queries_for_many_rows_as_for_few(world, askers, case):
    case.grow(world, 0, SMALL)
    path = case.path(world) if callable(case.path) else case.path
    small = {name: _measure(get, path) for name, get in askers.items()}
    case.grow(world, SMALL, case.large - SMALL)
    problems = []
    for name, get in askers.items():
        few, few_body, few_sql = small[name]
        many, many_body, many_sql = _measure(get, path)
        grew = case.size(many_body) > case.size(few_body)
        if grew == (name in case.flat_for):
            problems.append(
                f"{name}: {case.size(few_body)} rows, then {case.size(many_body)}"
            )
        if many > few:
            known = {_shape(q) for q in few_sql}
            extra = "\n    ".join(q for q in many_sql if _shape(q) not in known)
            problems.append(
                f"{name}: {few} queries for {SMALL} rows, {many} for "
                f"{case.large}; new:\n    {extra}"
            )
    assert problems == [], "\n".join(problems)


def test_every_list_endpoint_has_a_case():
    import ism.urls  # noqa: F401  (every app's api module registers on import)
    from ism.api import router

    lists = {p.name for p in router.urls if p.name and p.name.endswith("-list")}
    assert "report-list" in lists
    assert lists == {case.route for case in CASES}
