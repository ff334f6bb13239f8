"""Every page under odd and hostile input: no server error, ever (issue 15 §3).

Every route of the URL resolver outside /api/ and /admin/ (the API has its own,
tests/ism/test_api_fuzz.py) is sent, as each persona, on the demo world:
- its path values: real rows of the demo, then hostile ones in each text or
  number segment (a NUL, "²", huge numbers, very long and SQL-ish strings);
- every query parameter the page reads — found, not listed by hand: a recording
  QueryDict notes which keys a view asks for on clean requests — with generated
  values (a seeded generator: same requests every run) and hostile ones.
Routes that only act on a POST are sent a GET too, which must draw their form or
refuse the method, never break. A 4xx is a fine answer; a 5xx fails the test with
the tracebacks, one per route and cause.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.http import QueryDict
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from budgets.contributions.models import Invoice, ScaleTable
from budgets.models import Budget, Fund
from ism.api_tokens import token_create
from ism.models import (
    ApiToken,
    CalendarFeed,
    Committee,
    Convention,
    Invitation,
    Participation,
    Role,
    RoleAssignment,
    User,
)
from meetings.models import (
    AgendaItem,
    Delegation,
    DocumentFile,
    Meeting,
    MeetingDocument,
    MeetingKind,
    Participant,
    SponsorshipApplication,
    SponsorshipProgramme,
)
from reporting.models import (
    Attachment,
    IsuReportDocument,
    Report,
    ReportForm,
    ReportVersion,
)
from tests.factories import UserFactory, assign
from workplans.models import (
    Actual,
    Indicator,
    Level,
    Result,
    ReviewThread,
    ThematicArea,
    WorkPlan,
    WorkPlanDocument,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

# Which keys of request.GET the views asked for, since the last reset.
READ: set[str] = set()


class RecordingQueryDict(QueryDict):
    """request.GET that notes each key a view looks up (get, [], getlist, in)."""

    def __getitem__(self, key):
        READ.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        READ.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        READ.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        READ.add(key)
        return super().__contains__(key)


class RecordQueryReads:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = RecordingQueryDict(
            request.META.get("QUERY_STRING", ""), encoding=request.encoding
        )
        return self.get_response(request)


# The rows behind routes with a number in their path: the model, and which of a
# row's fields fills each path value (nested routes take a row's parents; None:
# a fixed word, see _by_name).
def _names(app: str, *names: str) -> tuple[str, ...]:
    return tuple(f"{app}:{name}" for name in names)


_PK = {"pk": "pk"}
_BUDGET = ("detail", "edit", "edit-preview", "compare", "pdf", "xlsx", "submit")
_BUDGET += ("return", "approve", "request-changes", "comment", "circulate")
_BUDGET += ("translations",)
_PLAN = ("public", "detail", "settings", "submit", "approve", "request-changes")
_PLAN += ("adopt", "progress", "versions", "edit", "area-add", "review", "xlsx")
_PLAN += ("thread-open", "review-request-changes", "review-approve", "iati")
_PLAN += ("translations",)
_INVOICE = ("invoice-detail", "invoice-cancel", "invoice-pdf", "invoice-remind")
_RESULT = ("result-form", "result-update", "result-move", "result-delete")
_RESULT += ("indicator-add",)
_MEETING = ("detail", "edit", "status", "agenda-add", "document-create")
_MEETING += ("delegation-register", "participants-xlsx", "participants-pdf")
_MEETING += ("translations",)
_ROWS = {
    ("committee-detail",): (Committee, _PK),
    ("api-token-revoke",): (ApiToken, _PK),
    ("role-revoke",): (RoleAssignment, {"code": "convention__code", "pk": "pk"}),
    ("invitation-revoke",): (Invitation, {"code": "convention__code", "pk": "pk"}),
    # A meeting kind's row under each catalogue name (an obligations row is a 404).
    ("catalogue-row-edit",): (
        MeetingKind,
        {"code": "convention__code", "catalogue": None, "pk": "pk"},
    ),
    ("calendar-feed-revoke",): (CalendarFeed, _PK),
    _names("budgets", *_BUDGET, "adopt", "revise"): (Budget, _PK),
    _names("budgets", "scale-detail"): (ScaleTable, _PK),
    _names("budgets", "contributions-xlsx", "documents-progress"): (
        Invoice,
        {"code": "convention__code", "year": "year"},
    ),
    _names("budgets", *_INVOICE): (Invoice, _PK),
    _names("budgets", "fund-detail"): (Fund, {"code": "convention__code", "pk": "pk"}),
    _names("workplans", *_PLAN): (WorkPlan, _PK),
    _names("workplans", "pdf"): (WorkPlan, {"pk": "pk", "layout": None}),
    _names("workplans", "area-rename", "area-move", "area-delete"): (ThematicArea, _PK),
    _names("workplans", "result-add"): (ThematicArea, {"pk": "pk", "level": None}),
    _names("workplans", *_RESULT): (Result, _PK),
    _names("workplans", "indicator", "indicator-delete", "actual-add"): (
        Indicator,
        _PK,
    ),
    _names("workplans", "actual-delete"): (Actual, _PK),
    _names("workplans", "thread-reply", "thread-resolve", "thread-reopen"): (
        ReviewThread,
        _PK,
    ),
    _names("meetings", *_MEETING): (Meeting, _PK),
    _names("meetings", "agenda-edit", "agenda-delete"): (
        AgendaItem,
        {"pk": "meeting_id", "item_pk": "pk"},
    ),
    _names("meetings", "document", "document-upload", "document-delete"): (
        MeetingDocument,
        {"pk": "meeting_id", "doc_pk": "pk"},
    ),
    _names("meetings", "document-file-delete"): (
        DocumentFile,
        {"pk": "document__meeting_id", "doc_pk": "document_id", "file_pk": "pk"},
    ),
    _names("meetings", "download"): (DocumentFile, {"file_pk": "pk"}),
    _names("meetings", "delegation"): (
        Delegation,
        {"pk": "meeting_id", "delegation_pk": "pk"},
    ),
    _names("meetings", "participant-edit", "participant-delete"): (
        Participant,
        {
            "pk": "delegation__meeting_id",
            "delegation_pk": "delegation_id",
            "participant_pk": "pk",
        },
    ),
    _names("meetings", "programme", "programme-edit", "application-create"): (
        SponsorshipProgramme,
        _PK,
    ),
    _names("meetings", "application"): (SponsorshipApplication, _PK),
    _names("reporting", "report", "carry-over", "submit", "correct"): (Report, _PK),
    _names("reporting", "form", "attach"): (
        ReportForm,
        {"pk": "report_id", "code": "code"},
    ),
    _names("reporting", "attachment", "attachment-remove"): (Attachment, _PK),
    _names("reporting", "version", "version-pdf", "publish"): (ReportVersion, _PK),
    _names("reporting", "board", "remind"): (
        Report,
        {"code": "convention__code", "year": "year"},
    ),
    _names("reporting", "isu-report-document"): (IsuReportDocument, _PK),
}
ROWS = {name: source for names, source in _ROWS.items() for name in names}

# Hostile values: in a path segment (a number segment only takes digits), and
# in a query parameter (with generated ones, see _query_values).
HOSTILE_TEXT = ["\x00", "²", "x" * 3000, "' OR '1'='1", "1;DROP TABLE x", "%", "--"]
HOSTILE_NUMBERS = ["0", "2147483648", "99999999999999999999999"]
HOSTILE_QUERY = [
    *HOSTILE_TEXT,
    *HOSTILE_NUMBERS,
    "-1",
    "10000",
    "1e309",
    "nan",
    "inf",
    "9999-12",
    "1-1",
    "2024-13",
    "0000-00",
    " 2024",
    "[]",
]

# The least a run must cover, so that a route or parameter lost from the walk
# (a renamed URL, a view that stops reading its parameters) shows.
MIN_ROUTES = 130
MIN_PARAMETERS = 15


@dataclass
class Tally:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    errors: dict = field(default_factory=dict)
    routes: set = field(default_factory=set)
    parameters: set = field(default_factory=set)
    seconds: dict = field(default_factory=dict)
    without_rows: list = field(default_factory=list)
    turn: int = 0


def _routes(patterns=None, prefix="", namespace=None):
    """(route, name) of every page: the resolver walked, /api/ and /admin/ left
    to their own tests."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            route = prefix + str(p.pattern)
            if not route.startswith(("api/", "admin/")):
                yield from _routes(p.url_patterns, route, p.namespace or namespace)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = f"{namespace}:{p.name}" if namespace else p.name
            if not route.startswith(("api/", "admin/")):
                yield route, name


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _url(route: str, values: dict) -> str:
    return "/" + _PARAM.sub(lambda m: quote(str(values[m[2]]), safe=""), route)


def _by_name(name: str) -> list:
    """Real values of a path value by its name alone."""
    if name == "code":
        return list(Convention.objects.order_by("code").values_list("code", flat=True))
    if name == "iso3":
        states = Participation.objects.filter(convention__code="APMBC")
        iso3 = sorted(states.values_list("state__iso3", flat=True))
        return ["NOR", iso3[0]]
    if name == "layout":
        return list(WorkPlanDocument.Layout.values)
    if name == "level":
        return [Level.OUTCOME, Level.OUTPUT]
    if name == "catalogue":
        return ["meeting-kinds", "obligations"]
    return {"uidb64": ["MQ"], "token": ["set-password"]}[name]


def _real_values(route: str, name: str, tally) -> dict:
    """A real row's values for the route's path (the first row of its model,
    its parents taken from it); an id no row has if the demo has none."""
    params = _PARAM.findall(route)
    if name in ROWS:
        model, fields = ROWS[name]
        columns = {k: v for k, v in fields.items() if v}
        row = model.objects.order_by("pk").values(*columns.values()).first()
        if row is None:
            tally.without_rows.append(name)
            row = dict.fromkeys(columns.values(), 2**31 - 1)
        found = {k: row[v] for k, v in columns.items()}
        return {key: found.get(key) or _by_name(key)[0] for key in fields}
    assert all(kind != "int" for kind, _ in params), f"{name}: add it to _ROWS"
    return {key: _by_name(key)[0] for _, key in params}


def _hostile_values(route: str, real: dict, turn: int) -> list[dict]:
    """The real values with one segment at a time made hostile: two of the
    hostile values per segment, taken in turn along the run."""
    found = []
    for kind, key in _PARAM.findall(route):
        values = HOSTILE_NUMBERS if kind == "int" else HOSTILE_TEXT
        for i in (turn, turn + 1):
            found.append({**real, key: values[i % len(values)]})
    return found


def _query_values(rng: random.Random) -> list[str]:
    generated = [
        str(rng.randint(-(10**12), 10**12)),
        str(rng.randint(1900, 2199)),
        f"{rng.randint(0, 9999):04d}-{rng.randint(0, 99):02d}",
        "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 40))),
    ]
    return HOSTILE_QUERY + generated


def _personas() -> dict[str, Client]:
    """A client for each persona, signed in (the test client keeps the session)."""
    norway = User.objects.get(username="focal.norway")
    other_state = (
        Participation.objects.filter(convention__code="APMBC")
        .exclude(state__iso3="NOR")
        .order_by("state__iso3")
        .first()
        .state
    )
    other = UserFactory(username="focal.other")
    apmbc = Convention.objects.get(code="APMBC")
    assign(other, Role.FOCAL_POINT, state=other_state, convention=apmbc)
    users = {
        "anonymous": None,
        "Norway's focal point": norway,
        "another State's focal point": other,
        "APMBC ISU staff": User.objects.get(username="staff.apmbc"),
        "auditor": User.objects.get(username="auditor"),
        "superuser": User.objects.get(username="admin"),
    }
    # Rows the demo does not have: a token and an indicator's actual.
    token_create(actor=users["APMBC ISU staff"], name="Fuzzing", convention=apmbc)
    today = timezone.localdate()
    ReviewThread.objects.create(
        workplan=WorkPlan.objects.order_by("pk").first(),
        opened_by=users["APMBC ISU staff"],
    )
    Actual.objects.create(
        indicator=Indicator.objects.order_by("pk").first(),
        period_start=today.replace(day=1),
        period_end=today,
        value=1,
        source="Fuzzing",
    )
    clients = {}
    for name, user in users.items():
        clients[name] = Client(raise_request_exception=False)
        if user is not None:
            clients[name].force_login(user)
    return clients


def _send(clients, who, route, url, query, tally, errors) -> None:
    seen = len(errors)
    response = clients[who].get(url, query)
    if response.streaming:
        # Read to the end: the test client then closes it (a file) as a server
        # would, without the request_finished signal closing the connection.
        b"".join(response.streaming_content)
    tally.sent += 1
    tally.statuses[response.status_code] += 1
    if response.status_code >= 500:
        trace = "".join(errors[seen:]) or f"(no traceback) {response.status_code}"
        cause = trace.strip().splitlines()[-1]
        shown = f"{url}?{urlencode(query)}"[:300]
        tally.errors.setdefault((route, cause), f"as {who}: GET {shown}\n{trace}")


def _discover(clients, route, name, tally, errors) -> tuple[dict, set[str]]:
    """A clean request as every persona on a real row; then, as staff and the
    superuser, with every key found so far set, to find keys a view reads only
    when others are there ("convention" before a form's other fields)."""
    real = _real_values(route, name, tally)
    keys: set[str] = set()
    READ.clear()
    for who in clients:
        _send(clients, who, route, _url(route, real), {}, tally, errors)
    for _ in range(3):
        keys |= READ
        READ.clear()
        if not keys:
            break
        for who in ("APMBC ISU staff", "superuser"):
            query = dict.fromkeys(keys, "1")
            _send(clients, who, route, _url(route, real), query, tally, errors)
        if keys >= READ:
            break
    return real, keys


def _fuzz_route(clients, route, name, rng, tally, errors) -> None:
    """The real row as every persona (in _discover); then each odd value as one
    persona, taken in turn along the run, so that every persona meets every
    kind of value and the run stays within CI's minutes."""
    started = time.monotonic()
    real, keys = _discover(clients, route, name, tally, errors)
    tally.routes.add(route)
    tally.parameters |= {(route, key) for key in keys}
    odd = [(_url(route, v), {}) for v in _hostile_values(route, real, tally.turn)]
    for key in sorted(keys):
        odd += [(_url(route, real), {key: v}) for v in _query_values(rng)]
    personas = list(clients)
    for url, query in odd:
        tally.turn += 1
        who = personas[tally.turn % len(personas)]
        _send(clients, who, route, url, query, tally, errors)
    tally.seconds[route] = time.monotonic() - started


def _report(tally: Tally) -> str:
    return "\n\n".join(
        f"{route} → {cause}\n{text}" for (route, cause), text in tally.errors.items()
    )


@override_settings(
    MIDDLEWARE=[*settings.MIDDLEWARE, "tests.ism.test_page_fuzz.RecordQueryReads"]
)
def test_no_page_answers_a_server_error_whatever_it_is_sent(
    demo, server_errors, capsys
):
    started = time.monotonic()
    clients = _personas()
    rng = random.Random(15)
    tally = Tally()
    for route, name in _routes():
        _fuzz_route(clients, route, name, rng, tally, server_errors)

    with capsys.disabled():
        print(
            f"\npage fuzz: {tally.sent} requests, {len(tally.routes)} routes, "
            f"{len(tally.parameters)} query parameters, {len(clients)} personas, "
            f"{time.monotonic() - started:.0f} s; statuses {dict(tally.statuses)}; "
            f"5xx: {sum(n for s, n in tally.statuses.items() if s >= 500)}"
        )
        slowest = sorted(tally.seconds.items(), key=lambda kv: -kv[1])[:8]
        print("slowest routes:", [(r, round(t, 1)) for r, t in slowest])
        print("routes without a demo row (sent an unknown id):", tally.without_rows)
    assert not tally.errors, _report(tally)
    assert len(tally.routes) >= MIN_ROUTES, len(tally.routes)
    assert len(tally.parameters) >= MIN_PARAMETERS, sorted(tally.parameters)
