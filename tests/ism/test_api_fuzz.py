"""The API under generated requests: schemathesis reads the OpenAPI schema that
/api/schema/ serves and sends what it describes — and what it forbids — to the
Django application in-process, as several clients, against the demo world.

Every answer must be what the schema promises: never a server error, a status
code the operation documents, its content type and headers, a body that
validates against its schema (errors included: {"error": {...}}), and credentials
optional where anonymous clients may read. Generation is derandomized, so CI sends
the same requests every run; a second test sends chosen ones: every client on
real rows, and odd values for every query parameter.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.signals import (
    request_finished,
    request_started,
)
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from budgets.contributions.documents import invoice_pdf_render
from budgets.documents import budget_pdf_render
from budgets.models import Budget, Fund, Invoice
from ism.api import router
from ism.api_tokens import token_create
from ism.models import Committee, Convention, Role, State, User
from meetings.models import Meeting
from reporting.models import Report
from tests.budgets.factories import BudgetFactory, BudgetLineFactory
from tests.factories import UserFactory, assign
from workplans.models import WorkPlan

pytestmark = pytest.mark.fuzz

# The floor the issue sets for one run, and how it is reached: every operation
# gets the same number of generated requests (20 operations × 60 = 1,200).
MIN_REQUESTS = 1000
EXAMPLES_PER_OPERATION = 60

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    # Fails where the schema says credentials are required and the API answers
    # without them: anonymous clients read public data, so the schema must say
    # credentials are optional.
    ignored_auth,
]

# The rows behind each detail operation, by the path's first segment.
DETAIL_MODELS = {
    "budgets": (Budget, "pk"),
    "committees": (Committee, "pk"),
    "conventions": (Convention, "code"),
    "funds": (Fund, "pk"),
    "funds/movements": (Fund, "pk"),
    "invoices": (Invoice, "pk"),
    "meetings": (Meeting, "pk"),
    "reports": (Report, "pk"),
    "states": (State, "iso3"),
    "workplans": (WorkPlan, "pk"),
}

# Values a client may well send by mistake, for every query parameter of every list.
ODD_VALUES = ["99999999999", "2024.5", "abc", "", "²", "\x00", "-"]


@dataclass
class Identity:
    """A client: what it sends to say who it is. `forged` keeps whatever
    schemathesis generated for the security schemes (random bearer tokens and
    session cookies, or none), which must be refused cleanly or ignored."""

    name: str
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    forged: bool = False

    def dress(self, case) -> None:
        if self.forged:
            return
        for name in [n for n in case.headers if n.lower() == "authorization"]:
            del case.headers[name]
        case.headers.update(self.headers)
        case.cookies = dict(self.cookies)


ANONYMOUS = "anonymous"
DASHBOARD = "dashboard token (APMBC)"
NORWAY_TOKEN = "State token (APMBC, Norway)"
CCM_STATE_TOKEN = "State token (CCM, an invoiced State)"
STAFF = "APMBC staff session"
SUPERUSER = "superuser session"


@dataclass
class World:
    schema: schemathesis.BaseSchema
    identities: dict[str, Identity]
    path_values: dict[str, list]
    query_values: dict[str, list]
    ordering: dict[str, list[str]]
    # Rows only some clients may read: (resource, id) by what they are.
    landmarks: dict[str, tuple[str, int]]


@pytest.fixture(scope="module")
def wsgi_app():
    """Django's WSGI application, called in-process by schemathesis.

    Django's own test client stops `close_old_connections` from running around
    each request, since closing the connection would end the test's transaction;
    a bare WSGI handler needs the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Thousands of 400s and 404s are the point here, not news.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    django_app = get_wsgi_application()

    def application(environ, start_response):
        # As a WSGI server does: read the body, then close the response (a PDF's
        # FileResponse closes its file there; werkzeug's test client would not).
        result = django_app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            result.close()

    try:
        yield application
    finally:
        request_log.setLevel(level)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _session_cookie(user: User) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def _bearer(actor, convention, state=None) -> dict[str, str]:
    _, secret = token_create(
        actor=actor, name="Fuzzing", convention=convention, state=state
    )
    return {"Authorization": f"Bearer {secret}"}


def _populate() -> tuple[dict[str, Identity], dict[str, tuple[str, int]]]:
    """On the demo world: a draft budget only staff may read, and the clients."""
    apmbc = Convention.objects.get(code="APMBC")
    ccm = Convention.objects.get(code="CCM")
    norway = State.objects.get(iso3="NOR")
    # The documents, rendered now: a render a test asks for lives in its savepoint,
    # while the cache remembers for longer that it was asked for (a 409 after).
    for budget in Budget.objects.all():
        budget_pdf_render(budget_id=budget.pk)
    for invoice in Invoice.objects.exclude(issue_date=None):
        invoice_pdf_render(invoice_id=invoice.pk)
    # A draft only staff may read, its document rendered when first asked for.
    # (The year after the demo's own drafts, which depend on the day.)
    year = Budget.objects.filter(convention=apmbc).order_by("-year").first().year + 1
    draft = BudgetFactory(convention=apmbc, year=year, title=f"APMBC {year} (draft)")
    BudgetLineFactory(budget=draft)

    staff = User.objects.get(username="staff.apmbc")
    focal = User.objects.get(username="focal.norway")
    # A focal point of a State the CCM invoiced, so a State token reads invoices.
    invoices = Invoice.objects.filter(convention=ccm).order_by("number")
    invoiced = invoices[0]
    ccm_focal = UserFactory(username="focal.ccm")
    assign(ccm_focal, Role.FOCAL_POINT, state=invoiced.state, convention=ccm)
    identities = [
        Identity(ANONYMOUS),
        Identity("forged", forged=True),
        Identity(DASHBOARD, headers=_bearer(staff, apmbc)),
        Identity(NORWAY_TOKEN, headers=_bearer(focal, apmbc, norway)),
        Identity(CCM_STATE_TOKEN, headers=_bearer(ccm_focal, ccm, invoiced.state)),
        Identity(STAFF, cookies=_session_cookie(staff)),
        Identity(
            SUPERUSER, cookies=_session_cookie(User.objects.get(username="admin"))
        ),
    ]
    norway_draft = Report.objects.get(
        convention=apmbc, state=norway, status=Report.Status.DRAFT
    )
    landmarks = {
        "draft budget": ("budgets", draft.pk),
        "Norway's draft report": ("reports", norway_draft.pk),
        "the CCM State's invoice": ("invoices", invoiced.pk),
        "another State's invoice": (
            "invoices",
            invoices.exclude(state=invoiced.state)[0].pk,
        ),
    }
    return {i.name: i for i in identities}, landmarks


def _real_values() -> tuple[dict[str, list], dict[str, list]]:
    path_values = {
        resource: sorted(model.objects.values_list(key, flat=True))
        for resource, (model, key) in DETAIL_MODELS.items()
    }
    years = sorted(
        {*Budget.objects.values_list("year", flat=True)}
        | {*Invoice.objects.values_list("year", flat=True)}
        | {*Report.objects.values_list("year", flat=True)}
        | {m.start.year for m in Meeting.objects.all()}
    )
    codes = path_values["conventions"]
    query_values = {
        "convention": [*codes, "apmbc"],
        "convention__code": codes,
        "code": codes,
        "year": years,
        "state": [
            *sorted({*Invoice.objects.values_list("state__iso3", flat=True)}),
            "NOR",
            "nor",
        ],
        "iso3": ["NOR", "CHE"],
        "iso2": ["NO", "CH"],
        "page": [1, 2, 3],
        "page_size": [1, 2, 200],
        "form": ["A", "B", "J"],
        "format": ["json", "csv"],
    }
    return path_values, query_values


def _ordering_values() -> dict[str, list[str]]:
    """Each list's ordering fields, ascending, descending and two at once."""
    values = {}
    for prefix, viewset, _ in router.registry:
        fields = list(getattr(viewset, "ordering_fields", None) or [])
        if fields:
            values[prefix] = [
                *fields,
                *(f"-{name}" for name in fields),
                ",".join(reversed(fields)),
            ]
    return values


@pytest.fixture(scope="module")
def world(demo_world, django_db_blocker, wsgi_app):
    """Built once for the module on the demo (tests/conftest.py) in a transaction
    rolled back at its end; each test runs in a savepoint of it (pytest-django's
    `db`)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            identities, landmarks = _populate()
            path_values, query_values = _real_values()
            yield World(
                schema=schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app),
                identities=identities,
                path_values=path_values,
                query_values=query_values,
                ordering=_ordering_values(),
                landmarks=landmarks,
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def _resource(operation) -> str:
    """/api/v1/budgets/{id}/pdf/ → "budgets"; /api/v1/contributions/status/ →
    "contributions/status"."""
    parts = operation.path.strip("/").split("/")[2:]
    return "/".join(p for p in parts if not p.startswith("{") and p != "pdf")


def _query_values(world: World, resource: str, name: str) -> list:
    if name == "ordering":
        return world.ordering.get(resource, [])
    return world.query_values.get(name, [])


def _cases(operation, world: World):
    """Generated requests for one operation, three in four valid by the schema.
    In a valid one, a path id is a real row's two times in three, and each query
    parameter with known good values (year, page, ordering...) takes one of them
    half of the time, so lists filter and sort real rows. Each is sent as one of
    the clients."""
    positive = operation.as_strategy(GenerationMode.POSITIVE)
    negative = operation.as_strategy(GenerationMode.NEGATIVE)
    resource = _resource(operation)
    real_ids = world.path_values.get(resource, [])
    query_names = [parameter.name for parameter in operation.query]
    identities = list(world.identities.values())

    @st.composite
    def draw(draw):
        valid = draw(st.integers(0, 3)) > 0
        case = draw(positive if valid else negative)
        identity = draw(st.sampled_from(identities))
        if valid:
            for name in list(case.path_parameters):
                if real_ids and draw(st.integers(0, 2)) > 0:
                    case.path_parameters[name] = draw(st.sampled_from(real_ids))
            for name in query_names:
                values = _query_values(world, resource, name)
                if values and draw(st.booleans()):
                    case.query[name] = draw(st.sampled_from(values))
        return case, identity

    return draw()


@dataclass
class Tally:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    succeeded: Counter = field(default_factory=Counter)
    failures: dict = field(default_factory=dict)


def _send(case, identity: Identity, tally: Tally, server_errors: list[str]) -> int:
    """Send the case as the client, check the answer against the schema, and
    note any failure (the first example of each kind) without stopping."""
    identity.dress(case)
    seen = len(server_errors)
    response = case.call()
    tally.sent += 1
    tally.statuses[response.status_code] += 1
    if 200 <= response.status_code < 300:
        tally.succeeded[case.operation.label] += 1
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:
        trace = "".join(server_errors[seen:])
        cause = trace.strip().splitlines()[-1] if trace else ""
        for failure in group.exceptions:
            # One report per operation, kind of failure and status (and, for
            # schema violations, place in the schema; for server errors, cause).
            key = (
                case.operation.label,
                response.status_code,
                type(failure).__name__,
                tuple(getattr(failure, "schema_path", ())),
                cause,
            )
            if key not in tally.failures:
                tally.failures[key] = f"as {identity.name}:\n{group}\n{trace}"
    return response.status_code


def _known_good(operation, world: World) -> list:
    superuser = world.identities[SUPERUSER]
    query = _base_query(operation, world)
    path_names = [p.name for p in operation.path_parameters]
    if not path_names:
        return [(operation.Case(query=query), superuser)]
    values = _spread(world.path_values[_resource(operation)], 3)
    return [
        (operation.Case(path_parameters={path_names[0]: value}, query=query), superuser)
        for value in values
    ]


def _report(failures: dict) -> str:
    return "\n\n".join(
        f"{label} → {status} {kind} {text}"
        for (label, status, kind, *_), text in failures.items()
    )


@pytest.mark.django_db
def test_it_answers_a_thousand_generated_requests_as_its_schema_says(
    world, server_errors
):
    tally = Tally()
    operations = _operations(world.schema)
    for operation in operations:

        @given(data=_cases(operation, world))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(data):
            case, identity = data
            _send(case, identity, tally, server_errors)

        # Explicit examples first: the superuser on a few real rows, so every
        # operation is known to answer with data whatever the generator draws
        # (which ids and clients it pairs depends on the rows' ids, and so on the
        # tests that ran before).
        for known in _known_good(operation, world):
            fuzz = example(data=known)(fuzz)
        fuzz()

    assert not tally.failures, _report(tally.failures)
    assert tally.sent >= MIN_REQUESTS, tally.sent
    # Requests that only ever met 401s and 404s would prove little: every
    # operation answered some of them with its data.
    never = [op.label for op in operations if not tally.succeeded[op.label]]
    assert never == [], (never, tally.statuses)


def _spread(values: list, n: int) -> list:
    """At most n of the values, spread over the whole list."""
    step = max(1, len(values) // n)
    return values[::step][:n]


def _base_query(operation, world: World) -> dict:
    """The required query parameters, each with its first real value."""
    resource = _resource(operation)
    return {
        p.name: _query_values(world, resource, p.name)[0]
        for p in operation.query
        if p.is_required
    }


@pytest.mark.django_db
def test_it_answers_every_client_on_real_rows_and_odd_parameters_as_its_schema_says(
    world, server_errors
):
    tally = Tally()
    answered: dict[tuple[str, str, object], int] = {}
    landmark_ids = {}
    for resource, pk in world.landmarks.values():
        landmark_ids.setdefault(resource, set()).add(pk)
    clients = [i for i in world.identities.values() if not i.forged]
    superuser = world.identities[SUPERUSER]
    for operation in _operations(world.schema):
        resource = _resource(operation)
        path_names = [p.name for p in operation.path_parameters]
        if path_names:
            # Rows, as every client: spread over the table, and those only some
            # clients may read.
            values = _spread(world.path_values[resource], 5)
            values += sorted(landmark_ids.get(resource, set()) - set(values))
            for identity in clients:
                for value in values:
                    case = operation.Case(path_parameters={path_names[0]: value})
                    status = _send(case, identity, tally, server_errors)
                    if not operation.path.endswith("/pdf/"):
                        answered[identity.name, resource, value] = status
            continue
        base = _base_query(operation, world)
        for identity in clients:
            _send(operation.Case(query=dict(base)), identity, tally, server_errors)
        # Each real filter value and ordering, then odd values, as the client
        # that sees the most.
        for parameter in operation.query:
            for value in _query_values(world, resource, parameter.name):
                case = operation.Case(query={**base, parameter.name: value})
                _send(case, superuser, tally, server_errors)
            for value in ODD_VALUES:
                case = operation.Case(query={**base, parameter.name: value})
                _send(case, superuser, tally, server_errors)

    assert not tally.failures, _report(tally.failures)
    never = [
        op.label for op in _operations(world.schema) if not tally.succeeded[op.label]
    ]
    assert never == [], (never, tally.statuses)
    # The clients are who they say: each reads what the access policy gives it.
    readers = {
        what: sorted(
            name for name in world.identities if answered.get((name, *row)) == 200
        )
        for what, row in world.landmarks.items()
    }
    assert readers == {
        "draft budget": sorted([STAFF, SUPERUSER]),
        "Norway's draft report": sorted([NORWAY_TOKEN, STAFF, SUPERUSER]),
        "the CCM State's invoice": sorted([CCM_STATE_TOKEN, SUPERUSER]),
        "another State's invoice": [SUPERUSER],
    }
