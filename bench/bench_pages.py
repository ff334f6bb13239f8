"""Rendered pages against a bare Django view, through the same test Client.

The bare view is ISM's whole middleware stack and nothing else, so the ratio says
how many bare requests a page costs. The issue's goal for pages is absolute:
every page under 300 ms in-process at the decade's scale (`run.py --world
decade`, bench/world.py: ten years of 190 States Parties, a 200-line budget, a
1,000-statement work plan). On `--world demo` the same pages read the demo's
rows (its budget draft, its work plan), the size the demo has. Under each row:
the queries one request makes.
"""

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench.harness import Goal, Pair, Unavailable, benchmark, demo_client, get_ok

# Issue 20: every page under 300 ms in-process at a decade's scale.
PAGE_GOAL = Goal(max_seconds=0.3)
STAFF = "staff.apmbc"


def _page(username: str, url: str, contains: bytes, size: str = "") -> Pair:
    """The page at `url` for demo user `username` (checked to be the real page,
    not a redirect), against the bare view through the same Client."""
    client = demo_client(username)
    with CaptureQueriesContext(connection) as queries:
        response = get_ok(client, url, contains=contains)
    return Pair(
        baseline=lambda: get_ok(client, "/__bench__/bare"),
        subject=lambda: get_ok(client, url),
        note=(f"{size}; " if size else "")
        + f"GET {url}: {len(queries)} queries, {len(response.content) // 1024} KB",
    )


@benchmark(
    "page.home",
    "GET / signed in as APMBC ISU staff",
    goal=PAGE_GOAL,
)
def home_page() -> Pair:
    # Proves the subject is the real home page for this user, not a redirect.
    return _page(STAFF, "/", b'data-testid="role-isu-staff"')


@benchmark(
    "page.contributions",
    "GET the APMBC's contributions status as its ISU staff (this year, arrears of "
    "every year before)",
    goal=PAGE_GOAL,
)
def contributions_page() -> Pair:
    return _page(STAFF, "/budgets/contributions/APMBC/status/", b"<table")


def _largest_plan(**filters):
    from workplans.models import WorkPlan

    return (
        WorkPlan.objects.filter(convention__code="APMBC", **filters)
        .annotate(statements=Count("results"))
        .order_by("-statements", "pk")
        .first()
    )


@benchmark(
    "page.workplan",
    "GET the APMBC's largest work plan (its tree) as its ISU staff",
    goal=PAGE_GOAL,
)
def workplan_page() -> Pair:
    plan = _largest_plan()
    return _page(
        STAFF,
        f"/workplans/{plan.pk}/",
        plan.title.encode(),
        f"{plan.statements} statements",
    )


@benchmark(
    "page.workplan.edit",
    "GET the edit page of the APMBC's largest draft work plan as its ISU staff",
    goal=PAGE_GOAL,
)
def workplan_edit_page() -> Pair:
    from workplans.models import WorkPlan

    plan = _largest_plan(status=WorkPlan.Status.DRAFT)
    if plan is None:  # the demo's APMBC plan is in review
        raise Unavailable("the APMBC has no draft work plan in this world")
    return _page(
        STAFF, f"/workplans/{plan.pk}/edit/", b"<form", f"{plan.statements} statements"
    )


@benchmark(
    "page.budget.edit",
    "GET the edit page of the APMBC's draft budget with the most lines as its "
    "ISU staff",
    goal=PAGE_GOAL,
)
def budget_edit_page() -> Pair:
    from budgets.models import Budget

    budget = (
        Budget.objects.filter(convention__code="APMBC", status=Budget.Status.DRAFT)
        .annotate(n=Count("lines"))
        .order_by("-n", "pk")
        .first()
    )
    return _page(STAFF, f"/budgets/{budget.pk}/edit/", b"<form", f"{budget.n} lines")
