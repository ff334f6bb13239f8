"""What the workers of one parallel run share on PostgreSQL: the migrated empty
database, the loaded demo and the journeys' `load_core` of each day, each built
once by the first worker that needs it while the others wait for it, then copied
by each (CREATE DATABASE ... TEMPLATE, a third of a second).

Migrating takes about 16 s of processor time and `load_demo` about 22 s; with three
workers and two passes of the suite (.ci/run) they were built six times each, the
same databases every time. A run's databases are named by its xdist run id, so two
runs (two developers, the two passes) never meet; the controller drops them when
the run ends. Without xdist or on SQLite nothing is shared: each process builds
its own, as before.

The migrated database holds no day (an empty schema: permissions and content
types), so .ci/run's two passes, on two clocks, share one: ISM_TEST_MIGRATED_DB
names it, the first pass builds it, the second copies it, and .ci/run drops it at
the end. The demo is loaded on each pass's own day.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


def run_id(config) -> str | None:
    """The xdist run id in a worker or in the controller of a parallel run; None
    when the run is not parallel."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        return workerinput["testrunuid"]
    return getattr(config.option, "testrunuid", None)


def name_run(config) -> None:
    """In the controller of a parallel run: fix the run id now, so that it knows the
    names of what its workers build (xdist would pick one later otherwise)."""
    import uuid

    if getattr(config, "workerinput", None) is not None:
        return
    if getattr(config.option, "numprocesses", None) and not config.option.testrunuid:
        config.option.testrunuid = uuid.uuid4().hex


# Set by .ci/run for both its passes (see above).
KEPT_MIGRATED = "ISM_TEST_MIGRATED_DB"


def database_name(uid: str, what: str) -> str:
    return f"test_ism_run_{uid[:16]}_{what}"


def migrated_name(uid: str) -> str:
    """The migrated empty database the run's workers copy."""
    return os.environ.get(KEPT_MIGRATED) or database_name(uid, "migrated")


def migrated_folder() -> Path | None:
    """Where the build of a kept migrated database (ISM_TEST_MIGRATED_DB) is
    locked and marked: a folder of its own, which outlives the run. None: the
    run's own folder, as for everything else the run builds."""
    kept = os.environ.get(KEPT_MIGRATED)
    if not kept:
        return None
    folder = Path(tempfile.gettempdir(), f"ism-test-{kept}")
    folder.mkdir(exist_ok=True)
    return folder


def run_folder(uid: str) -> Path:
    """The run's folder: the locks and marks of what it builds, and what a build
    leaves for the other workers (what `load_core` said)."""
    folder = Path(tempfile.gettempdir(), f"ism-test-run-{uid[:16]}")
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def built_once(uid: str, what: str, folder: Path | None = None):
    """Yields True to the one worker that is to build `what`, False to the others,
    which get here only once it has been built (or its builder failed: they then
    build it themselves). A worker holds the run's lock for `what` meanwhile.
    `folder`: where the lock and the mark live (default: the run's)."""
    folder = folder or run_folder(uid)
    done = folder / f"{what}.built"
    with open(folder / f"{what}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if done.exists():
                yield False
                return
            yield True
            done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def admin_execute(connection, *statements: str, params=None) -> None:
    with connection._nodb_cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)


def copy_database(connection, source: str, target: str) -> None:
    admin_execute(
        connection,
        f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)',
        f'CREATE DATABASE "{target}" TEMPLATE "{source}"',
    )


def migrated_copy(connection, uid: str) -> None:
    """Give this worker its test database as a copy of the run's migrated one,
    migrating that first if no worker has yet. pytest-django then finds the
    database there (keepdb) and its migrate has nothing left to do."""
    shared = migrated_name(uid)
    with built_once(uid, "migrated", folder=migrated_folder()) as build:
        if build:
            _migrate_into(connection, shared)
    copy_database(connection, shared, connection.creation._get_test_db_name())


def _migrate_into(connection, name: str) -> None:
    """Create and migrate database `name` the way Django creates a test database,
    leaving the connection's settings as they were."""
    from django.conf import settings

    settings_dict = connection.settings_dict
    old_name, old_test = settings_dict["NAME"], dict(settings_dict["TEST"])
    settings_dict["TEST"]["NAME"] = name
    try:
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
    finally:
        connection.close()
        settings_dict["NAME"] = old_name
        settings.DATABASES[connection.alias]["NAME"] = old_name
        settings_dict["TEST"] = old_test


def drop_run(config) -> None:
    """In the controller, after every worker has ended: drop what the run built."""
    uid = run_id(config)
    if uid is None or getattr(config, "workerinput", None) is not None:
        return
    folder = Path(tempfile.gettempdir(), f"ism-test-run-{uid[:16]}")
    if not folder.exists():
        return
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        # Straight to the server: the controller runs no test, and pytest-django
        # keeps Django's connections from it. What the run built is marked in its
        # folder: the migrated database (unless kept), the demo, the journeys'
        # `load_core` of each day.
        for mark in folder.glob("*.built"):
            name = database_name(uid, mark.stem)
            drop_database(connection.settings_dict, name)
            shutil.rmtree(settings.MEDIA_ROOT / "demo" / name, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)


def drop_database(settings_dict: dict, name: str) -> None:
    """DROP DATABASE on a connection of its own, outside Django's (a thread may
    call it, and the controller has none)."""
    with admin_connection(settings_dict) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def admin_connection(settings_dict: dict):
    """A connection of its own to the server's `postgres` database, in autocommit
    (CREATE and DROP DATABASE)."""
    import psycopg

    s = settings_dict
    params = {"dbname": "postgres", "user": s["USER"], "password": s["PASSWORD"]}
    params.update(host=s["HOST"], port=s["PORT"])
    params = {key: value for key, value in params.items() if value}
    return psycopg.connect(**params, autocommit=True)


def build_kept_migrated() -> None:
    """Build the migrated database ISM_TEST_MIGRATED_DB names, as the first worker
    of a pass would (same lock, same mark): .ci/run starts this beside its lint
    step, so that the first pass's workers find it ready instead of all waiting
    while one of them migrates (about 16 s of processor time on one core). If it
    fails, the pass's first worker builds it itself (built_once)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    from django.db import connection

    name = os.environ[KEPT_MIGRATED]
    with built_once(name, "migrated", folder=migrated_folder()) as build:
        if build:
            _migrate_into(connection, name)


if __name__ == "__main__":
    build_kept_migrated()
