"""ISM's main API lists under load against bare DRF endpoints serving the same rows.

Each benchmark loads one of ISM's list endpoints and its bare twin
(bench/api_baseline.py: the same rows and page of 50, a plain ModelSerializer
reading only what it serializes, no authentication, throttle, filters or access
policy) in turn,
on the same gunicorn on PostgreSQL (bench/api_server.py), with the closed-loop
generator of bench/loadgen.py. Both sides get the same request, credentials
included; the bare side ignores them. The issue's goal: ISM sustains at least
half the bare endpoint's requests per second with at most twice its p99 latency.
"""

from __future__ import annotations

import http.client
import json

from bench.api_server import WORKERS, server
from bench.harness import benchmark
from bench.loadgen import LoadPair, Target

PAGE = 50


def _page(target: Target) -> list[dict]:
    connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
    try:
        connection.request(
            "GET", target.path, headers={"Accept": "application/json", **target.headers}
        )
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"GET {target.path} answered {response.status}: {body!r}")
    return json.loads(body)["results"]


def _pair(
    name: str, headers: dict[str, str] | None = None, key: str = "id", rows: int = PAGE
) -> LoadPair:
    """ISM's /api/v1/<name>/ and the bare /api/__bench__/<name>/, checked to serve
    the same `rows` rows (a full page unless said), in the same order."""
    srv = server()
    headers = headers or {}
    subject = Target(srv.port, f"/api/v1/{name}/", headers)
    baseline = Target(srv.port, f"/api/__bench__/{name}/", headers)
    ism_rows = [row[key] for row in _page(subject)]
    bare_rows = [row[key] for row in _page(baseline)]
    if len(ism_rows) != rows:
        raise RuntimeError(f"{subject.path} serves {len(ism_rows)} rows, not {rows}")
    if ism_rows != bare_rows:
        raise RuntimeError(f"{subject.path} and {baseline.path} serve other rows")
    return LoadPair(
        baseline=baseline,
        subject=subject,
        setting=(
            f"server: gunicorn, {WORKERS} sync workers, PostgreSQL, cache in "
            f"{srv.cache}, 127.0.0.1; bare = DRF ListAPIView + ModelSerializer of "
            "the same rows and own fields, reading only what it serializes; no auth, "
            "throttle, filters or access policy"
        ),
    )


@benchmark(
    "api.invoices",
    "GET /api/v1/invoices/ as the APMBC's ISU staff (session): 50 of 150 issued",
)
def invoices() -> LoadPair:
    return _pair("invoices", {"Cookie": server().session_cookie})


@benchmark(
    "api.budgets",
    "GET /api/v1/budgets/ anonymous: 50 adopted budgets with their totals",
)
def budgets() -> LoadPair:
    return _pair("budgets")


@benchmark(
    "api.meetings",
    "GET /api/v1/meetings/ anonymous: 50 meetings, agendas and public documents",
)
def meetings() -> LoadPair:
    return _pair("meetings")


@benchmark(
    "api.reports",
    "GET /api/v1/reports/ anonymous: 50 of 100 published Article 7 reports",
)
def reports() -> LoadPair:
    return _pair("reports")


@benchmark(
    "api.reports.token",
    "GET /api/v1/reports/ with an APMBC dashboard token (Bearer)",
)
def reports_token() -> LoadPair:
    return _pair("reports", {"Authorization": f"Bearer {server().dashboard_token}"})


@benchmark("api.states", "GET /api/v1/states/ anonymous: 50 of 195 States")
def states() -> LoadPair:
    return _pair("states", key="iso3")


@benchmark(
    "api.workplans",
    "GET /api/v1/workplans/ as the APMBC's ISU staff (session): its 2 plans, "
    "1,106 statements (one plan of 1,000 with indicators)",
)
def workplans() -> LoadPair:
    return _pair("workplans", {"Cookie": server().session_cookie}, rows=2)
