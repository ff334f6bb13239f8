"""Personas and service helpers shared by every test.

Each persona is a logged-out user with exactly one role; `client_for(persona)`
logs them in. A test reads as a sentence about a person: "the focal point of
State A gets a 404 on State B's invoice".
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
from contextlib import contextmanager

import pytest

from ism.models import Committee, Convention, Role, State, User
from tests.factories import (
    CommitteeFactory,
    ConventionFactory,
    MembershipFactory,
    ParticipationFactory,
    StateFactory,
    UserFactory,
    assign,
)

REQUIRE_SERVICES = os.environ.get("ISM_REQUIRE_SERVICES") == "1"


def need(available: bool, reason: str) -> None:
    """Skip for lack of a service — or, in CI (ISM_REQUIRE_SERVICES=1), fail."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.hookimpl(trylast=True)  # after pytest-django's sort (db, transactional, none)
def pytest_collection_modifyitems(session, config, items):
    """Modules in the order the xdist workers are to get them (tests/schedule.py:
    the long ones first, and no worker waiting at the start for the demo), each
    module's tests together in pytest-django's order."""
    from tests.schedule import module_order, modules_of, workers_of

    order = module_order(modules_of(items).values(), workers_of(config))
    position = {name: index for index, name in enumerate(order)}
    items.sort(key=lambda item: position[item.module.__name__])


def pytest_configure(config):
    from tests.shared_run import name_run

    # xdist would hand the modules out by their number of tests, not in the
    # order pytest_collection_modifyitems gives them (tests/schedule.py).
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False

    name_run(config)


def pytest_unconfigure(config):
    from tests.shared_run import drop_run

    drop_run(config)


def pytest_report_header(config):
    from tests.clock import moved_today

    day = moved_today()
    return f"clock: {'moved to ' + day.isoformat() if day else 'the real day'}"


def pytest_sessionfinish(session, exitstatus):
    # CI forbids skips: a skipped test there is a service that was not exercised.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if REQUIRE_SERVICES and reporter and reporter.stats.get("skipped"):
        reporter.write_line(
            "ISM_REQUIRE_SERVICES=1 and some tests were skipped: failing the run.",
            red=True,
        )
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _celery_join_flag_down():
    """Each test starts with Celery's process-wide "inside a task" flag down, as
    a fresh process has it. Celery raises it around each eager task and puts back
    the value it found (celery.result.denied_join_result); two eager tasks at
    once in the live server's request threads (tests/e2e) interleave those saves
    and can leave it up for good, and a later test on that worker calling
    `.delay().get()` then fails with "Never call result.get() within a task!"
    (seen in tests/ism/test_todo_digest.py when the modules ran in another
    order). ISM's own code never waits on a result."""
    from celery.result import _set_task_join_will_block

    _set_task_join_will_block(False)


@pytest.fixture
def postgres(db):
    """The default database is PostgreSQL (DATABASE_URL=postgres://...)."""
    from django.db import connection

    need(
        connection.vendor == "postgresql",
        "needs PostgreSQL: set DATABASE_URL=postgres://... (make test-services)",
    )
    return connection


@pytest.fixture
def redis_url():
    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        ok = True
    except redis.RedisError:
        ok = False
    need(ok, f"needs Redis at {url} (set REDIS_URL)")
    return url


def clear_own_cache() -> None:
    """Empty this process's cache entries, and no one else's. On Redis, Django's
    `cache.clear()` is FLUSHDB: it takes the entries of every xdist worker that
    shares the database, such as a navigation count another worker cached between
    the two requests of a query-count test (which then counts the queries of a
    miss). The process's keys all begin with its KEY_PREFIX (tests/settings.py)."""
    import re

    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]  # the backend (django.core.cache.cache: a proxy)
    if not isinstance(cache, RedisCache):
        cache.clear()  # local memory: the process's own
        return
    client = cache._cache.get_client(write=True)
    pattern = re.sub(r"([*?\[\]\\])", r"\\\1", cache.key_prefix) + ":*"
    keys = list(client.scan_iter(match=pattern, count=1000))
    if keys:
        client.delete(*keys)


def broker_url(redis_url: str) -> str:
    """The Redis database after REDIS_URL's (wrapping at 16: Redis has 0-15), for
    the tests that start a real Celery worker: what they queue (the worker's own
    outbox tasks included) stays out of the database the cache uses, and each
    queue has a name of its own, so two such tests or runs do not meet there."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(redis_url)
    db = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(db + 1) % 16}"))


# --- The world the personas live in -------------------------------------------


# The world and the personas below, as plain functions too: a module that builds a
# world once for all its tests (module_database) makes them as the fixtures do.


def make_apmbc() -> Convention:
    return ConventionFactory(code="APMBC", currency="CHF")


def make_state_a(apmbc: Convention) -> State:
    state = StateFactory(iso3="AAA", iso2="AA", name="Atlantis")
    ParticipationFactory(state=state, convention=apmbc)
    return state


def make_coordinating_committee(apmbc: Convention, state_a: State) -> Committee:
    committee = CommitteeFactory(
        convention=apmbc,
        name="Coordinating Committee",
        kind=Committee.Kind.COORDINATING,
    )
    MembershipFactory(committee=committee, state=state_a)
    return committee


def make_isu_staff(apmbc: Convention) -> User:
    user = UserFactory(username="staff-apmbc")
    assign(user, Role.ISU_STAFF, convention=apmbc)
    return user


def make_committee_member(committee: Committee) -> User:
    user = UserFactory(username="member-cc")
    assign(user, Role.COMMITTEE_MEMBER, committee=committee)
    return user


@pytest.fixture
def apmbc(db) -> Convention:
    return make_apmbc()


@pytest.fixture
def ccm(db) -> Convention:
    return ConventionFactory(code="CCM", currency="CHF")


@pytest.fixture
def state_a(apmbc):
    return make_state_a(apmbc)


@pytest.fixture
def state_b(apmbc):
    state = StateFactory(iso3="BBB", iso2="BB", name="Borduria")
    ParticipationFactory(state=state, convention=apmbc)
    return state


@pytest.fixture
def coordinating_committee(apmbc, state_a) -> Committee:
    return make_coordinating_committee(apmbc, state_a)


@pytest.fixture
def thematic_committee(apmbc, state_b) -> Committee:
    committee = CommitteeFactory(convention=apmbc, name="Article 5 Committee")
    MembershipFactory(committee=committee, state=state_b)
    return committee


# --- Personas -------------------------------------------------------------------


@pytest.fixture
def isu_staff(apmbc):
    """APMBC ISU staff: sees and edits everything of the APMBC, nothing of the CCM."""
    return make_isu_staff(apmbc)


@pytest.fixture
def other_staff(ccm):
    """CCM ISU staff: reads APMBC public material only, edits nothing of it."""
    user = UserFactory(username="staff-ccm")
    assign(user, Role.ISU_STAFF, convention=ccm)
    return user


@pytest.fixture
def committee_member(coordinating_committee):
    """Member of the APMBC Coordinating Committee: reviews what is submitted to it."""
    return make_committee_member(coordinating_committee)


@pytest.fixture
def thematic_member(thematic_committee):
    """Member of a thematic committee: sees that committee's material only."""
    user = UserFactory(username="member-art5")
    assign(user, Role.COMMITTEE_MEMBER, committee=thematic_committee)
    return user


@pytest.fixture
def focal_a(apmbc, state_a):
    """Focal point of State A for the APMBC: State A's own data, never State B's."""
    user = UserFactory(username="focal-a")
    assign(user, Role.FOCAL_POINT, state=state_a, convention=apmbc)
    return user


@pytest.fixture
def focal_b(apmbc, state_b):
    """Focal point of State B for the APMBC."""
    user = UserFactory(username="focal-b")
    assign(user, Role.FOCAL_POINT, state=state_b, convention=apmbc)
    return user


@pytest.fixture
def auditor(db):
    """Read-only auditor of every convention: sees all, changes nothing."""
    user = UserFactory(username="auditor")
    assign(user, Role.AUDITOR)
    return user


@pytest.fixture
def superuser(db):
    """Administrator."""
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client logged in as `user` (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, django_db_blocker) -> bool:
    """In a parallel run on PostgreSQL, this worker's test database is a copy of
    the run's migrated one (tests/shared_run.py), made before pytest-django sets up
    the databases: it is told to keep it (its migrate then has nothing to do), and
    django_db_setup below drops it at the end."""
    from django.db import connection

    from tests.shared_run import migrated_copy, run_id

    uid = run_id(request.config)
    if uid is None or connection.vendor != "postgresql":
        return request.config.getvalue("reuse_db")
    with django_db_blocker.unblock():
        migrated_copy(connection, uid)
    request.config._ism_copied_database = True
    return True


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """pytest-django's test database, dropped cleanly at the end on PostgreSQL.

    Tests that exercise concurrency (threads with their own connections, a live
    server thread, a Celery worker process) can leave a session open on the test
    database; PostgreSQL then refuses to drop it and the run ends in an error
    after every test passed. End those sessions before the drop."""
    yield
    if _dropper.cache_info().currsize:  # the copies of the demo (DemoCopy.drop)
        _dropper().shutdown(wait=True)
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        # A fresh session: the one this worker held may itself have been ended
        # by a demo copy's CREATE DATABASE ... TEMPLATE (DemoCopy.create ends the
        # template's sessions), and Django only learns that when it is used.
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        if getattr(request.config, "_ism_copied_database", False):
            # Kept (keepdb) for pytest-django, which leaves it: dropped here.
            from tests.shared_run import drop_database

            name = connection.settings_dict["NAME"]
            connection.close()
            drop_database(connection.settings_dict, name)


# --- The demo world, loaded once per worker, copied for each module -------------


@pytest.fixture(scope="session")
def demo_template(request, django_db_setup, django_db_blocker):
    """On PostgreSQL: a database holding `load_demo`, loaded once per run (per
    worker when the run is not parallel; each pass of the suite, on its own clock,
    loads its own), that `demo_world` copies for each module that reads the demo
    (CREATE DATABASE ... TEMPLATE: a third of a second, where `load_demo` takes
    twenty). Its rendered documents and cache entries live apart too (see
    DemoCopy). None on SQLite."""
    from django.db import connection

    from tests.shared_run import built_once, database_name, migrated_name, run_id

    if connection.vendor != "postgresql":
        yield None
        return
    uid = run_id(request.config)
    with django_db_blocker.unblock():
        if uid is None:
            template = DemoCopy(connection, "demo")
            template.create(from_database=template.base)
            _load_demo(template)
        else:
            # Shared by the run's workers, dropped by the controller at the end.
            template = DemoCopy(connection, "demo", name=database_name(uid, "demo"))
            with built_once(uid, "demo") as build:
                if build:
                    template.create(from_database=migrated_name(uid))
                    _load_demo(template)
    try:
        yield template
    finally:
        if uid is None:
            with django_db_blocker.unblock():
                template.drop()


def _load_demo(template: DemoCopy) -> None:
    from io import StringIO

    from django.core.management import call_command

    with template.active(), documents_when_asked():
        call_command("load_demo", stdout=StringIO())


@contextmanager
def documents_when_asked():
    """The document renders queued inside (after each commit: Celery runs eagerly
    in the tests) are dropped, so each document is rendered when a test first asks
    for it, through ISM's own path for a document not rendered yet
    (ism.stored_documents.prepared). For the shared demo: `load_demo` rendered
    some sixty invoice, budget and work plan PDFs, half of its time, at the start
    of each pass while the other workers waited for it, and most tests never open
    one. `make run`'s `load_demo` still renders each as its change commits: that
    is the services' rule, tested where each is (test_invoice_issue.py,
    test_budget_save_history.py, workplans/test_pdf_document.py,
    test_submit_freezes_a_version.py), not the demo's."""
    from unittest import mock

    from celery import current_app

    # Every app's tasks module, as a worker imports them at start (autodiscovery
    # waits for that signal): a run of one test module may not have imported them.
    current_app.loader.import_default_modules()
    renders = [
        task for name, task in current_app.tasks.items() if name.endswith("_render_pdf")
    ]
    assert len(renders) >= 5, sorted(current_app.tasks)  # every kind of document
    with contextlib.ExitStack() as stack:
        for task in renders:
            stack.enter_context(mock.patch.object(task, "delay", _dropped))
        yield


def _dropped(*args, **kwargs) -> None:
    return None


class DemoCopy:
    """A database copied from another one, with the media files and cache entries
    that go with it: `active()` points Django's connections (the live server's
    threads too: they read the same settings), MEDIA_ROOT and the cache's key
    prefix at it. Each copy has its own media folder and key prefix, so a module
    that replaces a document or remembers a render request in the cache leaves
    the next module's copy as the template was — as a fresh `load_demo` would."""

    def __init__(self, connection, suffix: str, name: str | None = None):
        from django.conf import settings

        self.connection = connection
        self.base = connection.settings_dict["NAME"]
        self.name = name or f"{self.base}_{suffix}"
        self.media = settings.MEDIA_ROOT / "demo" / self.name
        cache = settings.CACHES["default"]
        self.caches = {
            **settings.CACHES,
            "default": {
                **cache,
                "KEY_PREFIX": f"{cache.get('KEY_PREFIX', '')}-{suffix}",
            },
        }

    def _admin(self, *statements: str, params=None) -> None:
        with self.connection._nodb_cursor() as cursor:
            for statement in statements:
                cursor.execute(statement, params)

    def create(self, from_database: str, media=None) -> None:
        import shutil

        # CREATE DATABASE ... TEMPLATE needs the template to have no session: end
        # any a thread or process of an earlier test left behind.
        self.connection.close()
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            params=[from_database],
        )
        self._admin(
            f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
            f'CREATE DATABASE "{self.name}" TEMPLATE "{from_database}"',
        )
        shutil.rmtree(self.media, ignore_errors=True)
        if media is not None and media.exists():
            shutil.copytree(media, self.media)
        else:
            self.media.mkdir(parents=True)

    @contextmanager
    def active(self):
        from django.contrib.contenttypes.models import ContentType
        from django.test import override_settings

        settings_dict = self.connection.settings_dict
        self.connection.close()
        settings_dict["NAME"] = self.name
        # Django keeps content types' ids in the process: they are the other
        # database's.
        ContentType.objects.clear_cache()
        try:
            with override_settings(MEDIA_ROOT=self.media, CACHES=self.caches):
                yield
        finally:
            from django.db import connections

            connections.close_all()
            settings_dict["NAME"] = self.base
            ContentType.objects.clear_cache()

    def drop(self) -> None:
        """Dropped in the background: DROP DATABASE waits for a checkpoint (up to
        seconds on a busy server) that no test needs to wait for."""
        import shutil

        from tests.shared_run import drop_database

        self.connection.close()
        shutil.rmtree(self.media, ignore_errors=True)
        settings_dict = dict(self.connection.settings_dict)
        _dropper().submit(drop_database, settings_dict, self.name)


@functools.cache
def _dropper():
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="dropdb")


_copies = itertools.count(1)


@contextmanager
def copy_of(template: DemoCopy | None, suffix: str, django_db_blocker):
    """A copy of `template` (its database and media; None: the worker's own test
    database, empty) that Django uses while the block runs, dropped after it."""
    from django.db import connection

    with django_db_blocker.unblock():
        copy = DemoCopy(connection, suffix)
        if template is None:
            copy.create(from_database=copy.base)
        else:
            copy.create(from_database=template.name, media=template.media)
    try:
        with copy.active():
            yield copy
    finally:
        with django_db_blocker.unblock():
            copy.drop()


@contextmanager
def module_database(django_db_blocker, build=None, template: DemoCopy | None = None):
    """A database for one module's tests (or one value of a module's parameter),
    holding what `build()` makes, which each test's transaction (`db`) rolls back
    to: built once for them all instead of once for each. Yields what `build`
    returned. On PostgreSQL a copy of `template` (or of the worker's empty test
    database) of the module's own, dropped after its last test; a module may even
    commit in it (a live server, a real worker). On SQLite a transaction left open
    around the tests, each of which is a savepoint inside it, rolled back after."""
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
        with copy_of(template, f"module{next(_copies)}", django_db_blocker):
            with django_db_blocker.unblock():
                built = build() if build is not None else None
            yield built
        return

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build() if build is not None else None
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_world(demo_template, django_db_setup, django_db_blocker):
    """The demo world for a whole test module; no other module sees what it does.

    On PostgreSQL the module runs on its own copy of `demo_template`; on SQLite
    `load_demo` runs once for the module (module_database). xdist's `--dist
    loadfile` keeps a module on one worker."""
    load = None if demo_template is not None else _load_demo_here
    with module_database(django_db_blocker, build=load, template=demo_template):
        yield


def _load_demo_here() -> None:
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def demo(demo_world, db):
    """The demo world (see demo_world) for one test, which may change it."""


# --- API tokens ------------------------------------------------------------------


@pytest.fixture
def make_token(db):
    """make_token(maker, convention, state=None, **kw) → the token's secret."""
    from ism.api_tokens import token_create

    def make(maker, convention, state=None, **kwargs):
        _, secret = token_create(
            actor=maker,
            name=kwargs.pop("name", "Test dashboard"),
            convention=convention,
            state=state,
            **kwargs,
        )
        return secret

    return make


@pytest.fixture
def dashboard_token(make_token, isu_staff, apmbc):
    """An APMBC dashboard token made by the APMBC ISU: public data and aggregates."""
    return make_token(isu_staff, apmbc)


@pytest.fixture
def focal_a_token(make_token, focal_a, apmbc, state_a):
    """A token State A's focal point made for State A's own system."""
    return make_token(focal_a, apmbc, state_a, name="State A's system")


def bearer(secret: str) -> dict[str, str]:
    """Headers for the Django test client: client.get(url, **bearer(secret))."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def server_errors():
    """Tracebacks of the exceptions the application did not handle (the fuzz
    tests: tests/ism/test_api_fuzz.py, tests/ism/test_page_fuzz.py)."""
    import sys
    import traceback

    from django.core.signals import got_request_exception

    caught: list[str] = []

    def record(sender, request=None, **kwargs):
        caught.append("".join(traceback.format_exception(*sys.exc_info())))

    got_request_exception.connect(record)
    yield caught
    got_request_exception.disconnect(record)


@pytest.fixture(autouse=True)
def _cache_of_its_own():
    """Each test ends by emptying its process's cache, so the next starts with none,
    as a fresh process would. An entry outlives the rows it was computed from, which
    the test's transaction rolls back; on SQLite the next test's rows then get the
    same ids, and a key naming ids (the navigation's counts: a user's id and the
    newest audit event's) found the earlier test's value (`make test` failed so in
    tests/ism/test_todo.py when other modules ran before it in the same process)."""
    yield
    clear_own_cache()


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """Each test starts in ISM's default language: a request in Arabic (the
    language a middleware activates stays active in the thread, as in Django)
    must not leave the next test's rendering in Arabic."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
