"""Who gets what from the API: every endpoint × every persona, written out.

One world holds data of every kind the API serves, for the APMBC (States A and B)
and the CCM, where State A takes part too: A's focal point here acts for A in the
APMBC only, so A's CCM invoice and report are not theirs. Each persona then asks
for every cell of the matrix:

* a detail, a PDF or an aggregate answers exactly the status written in its cell;
* a list shows exactly the rows written in its cell — every page of it — so no
  foreign row ever appears and nothing the persona may read is missing.

The matrix is data, below. A route of ism.api.router without a row in it fails
test_every_route_of_the_api_has_a_row: a new endpoint comes with its row.

Personas (tests/conftest.py): anonymous client; the APMBC dashboard token (made by
APMBC staff, no State); State A's focal point for the APMBC, by session and by the
State token it made; State B's focal point; CCM staff; APMBC staff.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import resolve
from djmoney.money import Money

from budgets.contributions import services as contribution_services
from budgets.contributions.documents import invoice_pdf_render
from budgets.documents import budget_pdf_render
from budgets.models import Budget
from meetings.models import MeetingDocument
from tests.budgets.contrib import issue_invoice
from tests.budgets.factories import budget_with, private_media  # noqa: F401
from tests.conftest import bearer
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    ParticipationFactory,
    StateFactory,
)
from tests.ism.api_world import annual_plan, article7_report
from tests.meetings.conftest import make_committee_meeting, make_item, make_meeting
from workplans.models import WorkPlan

pytestmark = pytest.mark.django_db

# The columns of the matrix, in this order everywhere below.
PERSONAS = (
    "anonymous",
    "dashboard",  # APMBC convention token, no State
    "focal_a",  # State A's focal point for the APMBC, session
    "focal_a_token",  # the State token State A's focal point made
    "focal_b",  # State B's focal point for the APMBC
    "other_staff",  # CCM ISU staff
    "isu_staff",  # APMBC ISU staff
)
TOKENS = {"dashboard": "dashboard_token", "focal_a_token": "focal_a_token"}

# Something no response may ever contain: a restricted document of an open meeting
# (the API lists public documents only, whoever asks).
RESTRICTED_SYMBOL = "APLC/MSP.22/2025/CRP.SECRET"


# --- The world ------------------------------------------------------------------------


def _document(meeting, symbol: str, *, public: bool) -> MeetingDocument:
    return MeetingDocument.objects.create(
        meeting=meeting,
        symbol=symbol,
        title=f"Document {symbol}",
        date=dt.date(2025, 10, 8),
        is_public=public,
    )


@pytest.fixture
def world(
    apmbc,
    ccm,
    state_a,
    state_b,
    coordinating_committee,
    isu_staff,
    other_staff,
    focal_a,
    focal_b,
    dashboard_token,
    focal_a_token,
):
    """Every kind of row the API serves: {name: pk}."""
    # State A takes part in the CCM too; State C only in the CCM.
    ParticipationFactory(state=state_a, convention=ccm)
    state_c = StateFactory(iso3="CCC", iso2="CC", name="Cascadia")
    ParticipationFactory(state=state_c, convention=ccm)
    ccm_committee = CommitteeFactory(
        convention=ccm, name="CCM Coordinating Committee", kind="coordinating"
    )
    MembershipFactory(committee=ccm_committee, state=state_c)

    # Budgets: published ones (adopted, circulated) and drafts, in both conventions.
    budgets = {
        "apmbc_adopted": budget_with(
            lines=2, convention=apmbc, year=2025, status=Budget.Status.ADOPTED
        ),
        "apmbc_circulated": budget_with(
            lines=2, convention=apmbc, year=2026, status=Budget.Status.CIRCULATED
        ),
        "apmbc_draft": budget_with(lines=2, convention=apmbc, year=2027),
        "ccm_adopted": budget_with(
            lines=2, convention=ccm, year=2025, status=Budget.Status.ADOPTED
        ),
        "ccm_draft": budget_with(lines=2, convention=ccm, year=2026),
    }
    for budget in budgets.values():
        assert budget_pdf_render(budget_id=budget.pk)

    # Invoices: APMBC-2026-0001 (A), -0002 (B, cancelled by -0003, replaced by
    # -0004), CCM-2026-0001 (A in the CCM), and a draft of A's 2025 one.
    invoice_a = issue_invoice(apmbc, state_a, "1000.00")
    invoice_b = issue_invoice(apmbc, state_b, "3000.00")
    _counter, invoice_b2 = contribution_services.invoice_cancel(
        invoice=invoice_b,
        actor=None,
        reason="Wrong scale",
        reissue_amount=Money(Decimal("2500.00"), "CHF"),
    )
    invoice_ccm_a = issue_invoice(ccm, state_a, "500.00")
    draft_a = contribution_services.invoice_create(
        convention=apmbc,
        year=2025,
        state=state_a,
        amount=Money(Decimal("900.00"), "CHF"),
        actor=None,
    )
    for invoice in (invoice_a, invoice_b2, invoice_ccm_a):
        assert invoice_pdf_render(invoice_id=invoice.pk)

    # Work plans: adopted (public), in review (the Coordinating Committee's) and
    # drafts (the ISU's).
    plans = {
        "apmbc_plan_adopted": annual_plan(apmbc, 2026, to=WorkPlan.Status.ADOPTED),
        "apmbc_plan_review": annual_plan(apmbc, 2028, to=WorkPlan.Status.IN_REVIEW),
        "apmbc_plan_draft": annual_plan(apmbc, 2027, to=WorkPlan.Status.DRAFT),
        "ccm_plan_adopted": annual_plan(ccm, 2026, to=WorkPlan.Status.ADOPTED),
        "ccm_plan_draft": annual_plan(ccm, 2027, to=WorkPlan.Status.DRAFT),
    }

    # Meetings: open ones (public) and committee meetings (working meetings).
    msp = make_meeting(apmbc)
    make_item(msp, "9(h)(i)")
    _document(msp, "APLC/MSP.22/2025/1", public=True)
    _document(msp, RESTRICTED_SYMBOL, public=False)
    meetings = {
        "apmbc_msp": msp,
        "apmbc_committee_meeting": make_committee_meeting(
            coordinating_committee, dt.date(2025, 2, 3)
        ),
        "ccm_msp": make_meeting(
            ccm,
            number=13,
            title="Thirteenth Meeting of States Parties",
            start=dt.date(2025, 9, 15),
            end=dt.date(2025, 9, 18),
        ),
        "ccm_committee_meeting": make_committee_meeting(
            ccm_committee, dt.date(2025, 3, 3)
        ),
    }

    # Article 7 reports: published (public) and drafts (their State's).
    reports = {
        "report_a_published": article7_report(apmbc, state_a, 2024, publish=True),
        "report_a_draft": article7_report(apmbc, state_a, 2025, publish=False),
        "report_b_published": article7_report(apmbc, state_b, 2024, publish=True),
        "report_b_draft": article7_report(apmbc, state_b, 2025, publish=False),
        "report_ccm_c_published": article7_report(ccm, state_c, 2024, publish=True),
        "report_ccm_a_draft": article7_report(ccm, state_a, 2025, publish=False),
    }

    objects = {
        **budgets,
        "invoice_a": invoice_a,
        "invoice_b": invoice_b2,
        "invoice_ccm_a": invoice_ccm_a,
        "invoice_draft_a": draft_a,
        **plans,
        **meetings,
        **reports,
        "apmbc_committee": coordinating_committee,
        "ccm_committee": ccm_committee,
        **{f"{c.code.lower()}_fund": _fund(c) for c in (apmbc, ccm)},
    }
    return {name: row.pk for name, row in objects.items()}


def _fund(convention):
    """A fund (its balance public) with one movement (the ISU's record)."""
    from budgets.models import Fund, FundMovement

    fund = Fund.objects.create(
        convention=convention, kind="working_capital", name="WCF", currency="CHF"
    )
    FundMovement.objects.create(
        fund=fund, date=dt.date(2025, 1, 1), kind="opening", amount=Money(5, "CHF")
    )
    return fund


@pytest.fixture
def personas(request, world):
    """[(name, get)] for every persona, on the one world (built once: every
    request here is a GET, so no persona's answers change another's):
    `get(path)` asks as the persona, with a client of its own."""
    found = []
    for name in PERSONAS:
        client = Client()
        if name in TOKENS:
            headers = bearer(request.getfixturevalue(TOKENS[name]))
            found.append((name, functools.partial(client.get, **headers)))
            continue
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        found.append((name, client.get))
    return found


# --- The matrix -----------------------------------------------------------------------
# Rows: (route name, what, path, expected status per persona in PERSONAS order).
# {name} in a path is the pk of the world's row of that name.

ALL = (200,) * 7
#            anon dash  fA   fA-t  fB   CCM  ISU
NOT_TOKENS = (200, 404, 200, 404, 200, 200, 200)
OWNER_A = (404, 404, 200, 200, 404, 404, 200)
OWNER_B = (404, 404, 404, 404, 200, 404, 200)
APMBC_STAFF = (404, 404, 404, 404, 404, 404, 200)
CCM_STAFF = (404, 404, 404, 404, 404, 200, 404)
NOBODY = (404,) * 7

CELLS: list[tuple[str, str, str, tuple[int, ...]]] = [
    ("api-root", "the API root", "/api/v1/", ALL),
    ("fund-detail", "the APMBC's fund", "/api/v1/funds/{apmbc_fund}/", ALL),
    ("fund-detail", "the CCM's fund", "/api/v1/funds/{ccm_fund}/", NOT_TOKENS),
    ("api-schema", "the OpenAPI schema", "/api/schema/", ALL),
    ("api-docs", "the browsable docs", "/api/docs/", ALL),
    ("convention-detail", "the APMBC", "/api/v1/conventions/APMBC/", ALL),
    ("convention-detail", "the CCM", "/api/v1/conventions/CCM/", NOT_TOKENS),
    ("state-detail", "State A", "/api/v1/states/AAA/", ALL),
    ("state-detail", "State C (CCM only)", "/api/v1/states/CCC/", ALL),
    (
        "committee-detail",
        "APMBC committee",
        "/api/v1/committees/{apmbc_committee}/",
        ALL,
    ),
    (
        "committee-detail",
        "CCM committee",
        "/api/v1/committees/{ccm_committee}/",
        NOT_TOKENS,
    ),
    ("budget-detail", "APMBC adopted budget", "/api/v1/budgets/{apmbc_adopted}/", ALL),
    (
        "budget-detail",
        "APMBC circulated budget",
        "/api/v1/budgets/{apmbc_circulated}/",
        ALL,
    ),
    (
        "budget-detail",
        "APMBC draft budget",
        "/api/v1/budgets/{apmbc_draft}/",
        APMBC_STAFF,
    ),
    (
        "budget-detail",
        "CCM adopted budget",
        "/api/v1/budgets/{ccm_adopted}/",
        NOT_TOKENS,
    ),
    ("budget-detail", "CCM draft budget", "/api/v1/budgets/{ccm_draft}/", CCM_STAFF),
    (
        "budget-pdf",
        "APMBC adopted budget's PDF",
        "/api/v1/budgets/{apmbc_adopted}/pdf/",
        ALL,
    ),
    (
        "budget-pdf",
        "APMBC draft budget's PDF",
        "/api/v1/budgets/{apmbc_draft}/pdf/",
        APMBC_STAFF,
    ),
    (
        "budget-pdf",
        "CCM adopted budget's PDF",
        "/api/v1/budgets/{ccm_adopted}/pdf/",
        NOT_TOKENS,
    ),
    (
        "budget-pdf",
        "CCM draft budget's PDF",
        "/api/v1/budgets/{ccm_draft}/pdf/",
        CCM_STAFF,
    ),
    ("invoice-detail", "invoice of A", "/api/v1/invoices/{invoice_a}/", OWNER_A),
    ("invoice-detail", "invoice of B", "/api/v1/invoices/{invoice_b}/", OWNER_B),
    (
        "invoice-detail",
        "draft invoice of A (the ISU's preview: not the State's until issued)",
        "/api/v1/invoices/{invoice_draft_a}/",
        APMBC_STAFF,
    ),
    (
        "invoice-detail",
        "CCM invoice of A",
        "/api/v1/invoices/{invoice_ccm_a}/",
        CCM_STAFF,
    ),
    ("invoice-pdf", "invoice PDF of A", "/api/v1/invoices/{invoice_a}/pdf/", OWNER_A),
    ("invoice-pdf", "invoice PDF of B", "/api/v1/invoices/{invoice_b}/pdf/", OWNER_B),
    (
        "invoice-pdf",
        "draft invoice of A (no document)",
        "/api/v1/invoices/{invoice_draft_a}/pdf/",
        NOBODY,
    ),
    (
        "invoice-pdf",
        "CCM invoice PDF of A",
        "/api/v1/invoices/{invoice_ccm_a}/pdf/",
        CCM_STAFF,
    ),
    (
        "contribution-status-list",
        "APMBC 2026 collection status",
        "/api/v1/contributions/status/?convention=APMBC&year=2026",
        ALL,
    ),
    (
        "contribution-status-list",
        "CCM 2026 collection status",
        "/api/v1/contributions/status/?convention=CCM&year=2026",
        NOT_TOKENS,
    ),
    (
        "contribution-status-list",
        "status without its parameters",
        "/api/v1/contributions/status/",
        (400,) * 7,
    ),
    (
        "reporting-rate-list",
        "CCM reporting rates",
        "/api/v1/reporting-rates/?convention=CCM",
        (200, 400, 200, 400, 200, 200, 200),
    ),
    (
        "workplan-detail",
        "APMBC adopted plan",
        "/api/v1/workplans/{apmbc_plan_adopted}/",
        ALL,
    ),
    (
        "workplan-detail",
        "APMBC plan in review",
        "/api/v1/workplans/{apmbc_plan_review}/",
        APMBC_STAFF,
    ),
    (
        "workplan-detail",
        "APMBC draft plan",
        "/api/v1/workplans/{apmbc_plan_draft}/",
        APMBC_STAFF,
    ),
    (
        "workplan-detail",
        "CCM adopted plan",
        "/api/v1/workplans/{ccm_plan_adopted}/",
        NOT_TOKENS,
    ),
    (
        "workplan-detail",
        "CCM draft plan",
        "/api/v1/workplans/{ccm_plan_draft}/",
        CCM_STAFF,
    ),
    ("meeting-detail", "APMBC MSP", "/api/v1/meetings/{apmbc_msp}/", ALL),
    (
        "meeting-detail",
        "APMBC committee meeting",
        "/api/v1/meetings/{apmbc_committee_meeting}/",
        APMBC_STAFF,
    ),
    ("meeting-detail", "CCM MSP", "/api/v1/meetings/{ccm_msp}/", NOT_TOKENS),
    (
        "meeting-detail",
        "CCM committee meeting",
        "/api/v1/meetings/{ccm_committee_meeting}/",
        CCM_STAFF,
    ),
    (
        "report-detail",
        "published report of A",
        "/api/v1/reports/{report_a_published}/",
        ALL,
    ),
    (
        "report-detail",
        "draft report of A",
        "/api/v1/reports/{report_a_draft}/",
        OWNER_A,
    ),
    (
        "report-detail",
        "published report of B",
        "/api/v1/reports/{report_b_published}/",
        ALL,
    ),
    (
        "report-detail",
        "draft report of B",
        "/api/v1/reports/{report_b_draft}/",
        OWNER_B,
    ),
    (
        "report-detail",
        "published CCM report of C",
        "/api/v1/reports/{report_ccm_c_published}/",
        NOT_TOKENS,
    ),
    (
        "report-detail",
        "draft CCM report of A",
        "/api/v1/reports/{report_ccm_a_draft}/",
        CCM_STAFF,
    ),
]


# Lists: (route name, path, identity of a row, rows each persona sees).
def _sets(**by_persona: set[str]) -> dict[str, set[str]]:
    assert set(by_persona) == set(PERSONAS)
    return by_persona


BOTH = {"APMBC", "CCM"}
STATES = frozenset({"AAA", "BBB", "CCC"})
COMMITTEES = {"APMBC Coordinating Committee", "CCM CCM Coordinating Committee"}
PUBLIC_BUDGETS = {"APMBC 2025 adopted", "APMBC 2026 circulated", "CCM 2025 adopted"}
APMBC_PUBLIC_BUDGETS = {"APMBC 2025 adopted", "APMBC 2026 circulated"}
INVOICES_A = {"APMBC-2026-0001"}
INVOICE_DRAFT_A = "draft APMBC AAA 2025"
INVOICES_B = {"APMBC-2026-0002", "APMBC-2026-0003", "APMBC-2026-0004"}
PUBLIC_PLANS = {"APMBC 2026 adopted", "CCM 2026 adopted"}
PUBLIC_MEETINGS = {
    "APMBC Twenty-Second Meeting of the States Parties",
    "CCM Thirteenth Meeting of States Parties",
}
PUBLISHED_REPORTS = {"APMBC AAA 2024", "APMBC BBB 2024", "CCM CCC 2024"}
APMBC_PUBLISHED_REPORTS = {"APMBC AAA 2024", "APMBC BBB 2024"}

LISTS: list[tuple[str, str, object, dict[str, set[str]]]] = [
    (
        "fund-list",
        "/api/v1/funds/",
        lambda row: row["convention"],
        # Balances are published; a convention's token sees its own.
        _sets(**{name: {"APMBC"} if name in TOKENS else BOTH for name in PERSONAS}),
    ),
    (
        "fund-movement-list",
        "/api/v1/funds/{apmbc_fund}/movements/",
        lambda row: row["kind"],
        # The ledger is the ISU's record (and its committees' and auditors').
        _sets(
            **{name: {"opening"} if name == "isu_staff" else set() for name in PERSONAS}
        ),
    ),
    (
        "convention-list",
        "/api/v1/conventions/",
        lambda row: row["code"],
        _sets(
            anonymous=BOTH,
            dashboard={"APMBC"},
            focal_a=BOTH,
            focal_a_token={"APMBC"},
            focal_b=BOTH,
            other_staff=BOTH,
            isu_staff=BOTH,
        ),
    ),
    (
        "state-list",
        "/api/v1/states/",
        lambda row: row["iso3"],
        # States are public facts, whoever asks.
        _sets(**dict.fromkeys(PERSONAS, STATES)),
    ),
    (
        "committee-list",
        "/api/v1/committees/",
        lambda row: f"{row['convention']} {row['name']}",
        _sets(
            anonymous=COMMITTEES,
            dashboard={"APMBC Coordinating Committee"},
            focal_a=COMMITTEES,
            focal_a_token={"APMBC Coordinating Committee"},
            focal_b=COMMITTEES,
            other_staff=COMMITTEES,
            isu_staff=COMMITTEES,
        ),
    ),
    (
        "budget-list",
        "/api/v1/budgets/",
        lambda row: f"{row['convention']} {row['year']} {row['status']}",
        _sets(
            anonymous=PUBLIC_BUDGETS,
            dashboard=APMBC_PUBLIC_BUDGETS,
            focal_a=PUBLIC_BUDGETS,
            focal_a_token=APMBC_PUBLIC_BUDGETS,
            focal_b=PUBLIC_BUDGETS,
            other_staff=PUBLIC_BUDGETS | {"CCM 2026 draft"},
            isu_staff=PUBLIC_BUDGETS | {"APMBC 2027 draft"},
        ),
    ),
    (
        "invoice-list",
        "/api/v1/invoices/",
        lambda row: (
            row["number"] or f"draft {row['convention']} {row['state']} {row['year']}"
        ),
        _sets(
            anonymous=set(),
            dashboard=set(),
            focal_a=INVOICES_A,
            focal_a_token=INVOICES_A,
            focal_b=INVOICES_B,
            other_staff={"CCM-2026-0001"},
            isu_staff=INVOICES_A | INVOICES_B | {INVOICE_DRAFT_A},
        ),
    ),
    (
        "workplan-list",
        "/api/v1/workplans/",
        lambda row: f"{row['convention']} {row['start_year']} {row['status']}",
        _sets(
            anonymous=PUBLIC_PLANS,
            dashboard={"APMBC 2026 adopted"},
            focal_a=PUBLIC_PLANS,
            focal_a_token={"APMBC 2026 adopted"},
            focal_b=PUBLIC_PLANS,
            other_staff=PUBLIC_PLANS | {"CCM 2027 draft"},
            isu_staff=PUBLIC_PLANS | {"APMBC 2027 draft", "APMBC 2028 in_review"},
        ),
    ),
    (
        "meeting-list",
        "/api/v1/meetings/",
        lambda row: f"{row['convention']} {row['title']}",
        _sets(
            anonymous=PUBLIC_MEETINGS,
            dashboard={"APMBC Twenty-Second Meeting of the States Parties"},
            focal_a=PUBLIC_MEETINGS,
            focal_a_token={"APMBC Twenty-Second Meeting of the States Parties"},
            focal_b=PUBLIC_MEETINGS,
            other_staff=PUBLIC_MEETINGS | {"CCM CCM Coordinating Committee meeting"},
            isu_staff=PUBLIC_MEETINGS | {"APMBC Coordinating Committee meeting"},
        ),
    ),
    (
        "report-list",
        "/api/v1/reports/",
        lambda row: f"{row['convention']} {row['state']['iso3']} {row['year']}",
        _sets(
            anonymous=PUBLISHED_REPORTS,
            dashboard=APMBC_PUBLISHED_REPORTS,
            focal_a=PUBLISHED_REPORTS | {"APMBC AAA 2025"},
            focal_a_token=APMBC_PUBLISHED_REPORTS | {"APMBC AAA 2025"},
            focal_b=PUBLISHED_REPORTS | {"APMBC BBB 2025"},
            other_staff=PUBLISHED_REPORTS | {"CCM AAA 2025"},
            isu_staff=PUBLISHED_REPORTS | {"APMBC AAA 2025", "APMBC BBB 2025"},
        ),
    ),
    (
        "reporting-rate-list",
        # One year, so that the rows do not depend on today's date.
        "/api/v1/reporting-rates/?year=2024",
        lambda row: f"{row['convention']} {row['year']}",
        _sets(
            anonymous={"APMBC 2024", "CCM 2024"},
            dashboard={"APMBC 2024"},
            focal_a={"APMBC 2024", "CCM 2024"},
            focal_a_token={"APMBC 2024"},
            focal_b={"APMBC 2024", "CCM 2024"},
            other_staff={"APMBC 2024", "CCM 2024"},
            isu_staff={"APMBC 2024", "CCM 2024"},
        ),
    ),
    (
        "contribution-status-list",
        "/api/v1/contributions/status/?convention=APMBC&year=2026",
        # An aggregate, never per State: one row per currency, for anyone.
        lambda row: f"{row['currency']} {row['assessed']['amount']}",
        # A 1000 + B 3000 − 3000 (the cancellation) + 2500 (the new invoice).
        _sets(**dict.fromkeys(PERSONAS, frozenset({"CHF 3500.00"}))),
    ),
]


# --- Asking ---------------------------------------------------------------------------


def _rows(get, path: str) -> tuple[list[dict], list[str]]:
    """Every row of a list, following `next` through every page; problems found."""
    rows: list[dict] = []
    problems: list[str] = []
    while path:
        response = get(path)
        if response.status_code != 200:
            return rows, [f"{path}: {response.status_code}, expected 200"]
        body = response.json()
        if isinstance(body, dict) and "results" in body:
            rows.extend(body["results"])
            path = body["next"]
        elif isinstance(body, dict) and "by_currency" in body:
            rows.extend(body["by_currency"])
            path = None
        else:
            rows.extend(body)
            path = None
    return rows, problems


def test_each_persona_gets_exactly_its_cell_of_every_endpoint(world, personas):
    problems = []
    for name, get in personas:
        problems += [f"{name}: {problem}" for problem in _asked(world, name, get)]
    assert problems == [], "\n".join(problems)


def _asked(world, name, get) -> list[str]:
    """What `name` was answered that its cells and lists do not say."""
    column = PERSONAS.index(name)
    problems = []
    for route, what, template, expected in CELLS:
        path = template.format(**world)
        response = get(path)
        if response.status_code != expected[column]:
            problems.append(
                f"{route} ({what}) {path}: {response.status_code}, "
                f"expected {expected[column]}"
            )
        elif response.status_code == 409:
            problems.append(f"{route} ({what}): still rendering")
        if route.endswith("-pdf") and response.status_code == 200:
            body = b"".join(response.streaming_content)
            if not body.startswith(b"%PDF"):
                problems.append(f"{route} ({what}): not a PDF")
        if RESTRICTED_SYMBOL.encode() in _content(response):
            problems.append(f"{route} ({what}): shows the restricted document")
    for route, path, identity, expected in LISTS:
        path = path.format(**world)
        rows, errors = _rows(get, path)
        problems += errors
        seen = [identity(row) for row in rows]
        if sorted(seen) != sorted(expected[name]):
            problems.append(
                f"{route} {path}: saw {sorted(seen)}, expected {sorted(expected[name])}"
            )
        if RESTRICTED_SYMBOL in str(rows):
            problems.append(f"{route}: shows the restricted document")
    return problems


def _content(response) -> bytes:
    return b"" if response.streaming else response.content


def test_the_working_copy_of_a_published_report_is_for_its_state_and_isu_only(
    world, personas
):
    """A published report is everyone's; its working copy (and true status) only its
    State's and the convention's ISU's."""
    owners = {"focal_a", "focal_a_token", "isu_staff"}
    seen = {}
    for name, get in personas:
        detail = get(f"/api/v1/reports/{world['report_a_published']}/").json()
        seen[name] = detail["working_copy"] is not None
        assert detail["status"] == "published", name
        assert [form["code"] for form in detail["forms"]][:1] == ["A"], name
    assert seen == {name: name in owners for name in PERSONAS}


# --- The matrix is complete -----------------------------------------------------------


def _router_routes() -> set[str]:
    import ism.urls  # noqa: F401  (every app's api module registers on import)
    from ism.api import router

    return {pattern.name for pattern in router.urls if pattern.name}


def test_every_route_of_the_api_has_a_row():
    routes = _router_routes()
    # The router as this file knows it: a route added to it needs its rows here.
    assert {"budget-pdf", "invoice-pdf", "report-list", "api-root"} <= routes
    covered = {route for route, *_ in CELLS} | {route for route, *_ in LISTS}
    missing = routes - covered
    assert missing == set(), f"routes with no row in the matrix: {sorted(missing)}"
    # Every list route has its rows listed, every detail route an object of each
    # kind, and each row's path really is the route it claims to be.
    lists = {route for route in routes if route.endswith("-list")}
    assert lists <= {route for route, *_ in LISTS}
    pks = dict.fromkeys(_placeholders(), 1)
    for route, _what, template, _expected in CELLS:
        assert resolve(template.format(**pks).split("?")[0]).url_name == route
    for route, path, *_ in LISTS:
        assert resolve(path.format(**pks).split("?")[0]).url_name == route


def _placeholders() -> set[str]:
    import string

    return {
        field
        for _, _, template, _ in CELLS
        for _, field, _, _ in string.Formatter().parse(template)
        if field
    }


def test_the_matrix_says_every_persona_of_every_cell():
    assert all(len(expected) == len(PERSONAS) for *_, expected in CELLS)
    assert all(set(expected) == set(PERSONAS) for *_, expected in LISTS)
