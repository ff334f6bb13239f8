"""The server the API load benchmarks measure: ISM under gunicorn on PostgreSQL,
on the loopback, with a throwaway database of its own.

Once per run, on first use: a database `bench_ism_<pid>` is created on the
PostgreSQL at ISM_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/postgres,
the server, not a database the bench writes to), migrated and filled by
bench/api_world.py in a subprocess; gunicorn then serves it with 2 sync workers
(DESIGN.md: sync beats gthread on the 2-core box) on a free port of 127.0.0.1.
Both are removed when the run ends, however it ends: gunicorn is stopped and the
database dropped at exit, and SIGTERM exits through the same path.

The environment is production's (DEBUG off, persistent database connections)
except: the rate limits are raised out of reach (the load would otherwise measure
429s), plain HTTP without the redirect to https, no static manifest (nothing is
collected), and the cache in local memory as without REDIS_URL, unless
ISM_BENCH_REDIS names a Redis for it (e.g. redis://127.0.0.1:6379/15).
"""

from __future__ import annotations

import atexit
import functools
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.harness import Unavailable

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
UNLIMITED = "1000000/minute"
STARTUP_TIMEOUT = 60


@dataclass(frozen=True)
class Server:
    port: int
    database: str
    session_cookie: str  # the demo ISU staff of the APMBC, signed in
    dashboard_token: str  # an APMBC token without a State
    cache: str  # where the throttle counts: "local memory" or "Redis"


def _postgres_url() -> str:
    return os.environ.get(
        "ISM_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
    )


def _admin(sql: str) -> None:
    with psycopg.connect(_postgres_url(), autocommit=True) as connection:
        connection.execute(sql)


def settle(database: str) -> None:
    """VACUUM ANALYZE a freshly filled bench database, as autovacuum does to a
    production one: the shared PostgreSQL runs with autovacuum off (the test
    suites' databases come and go), and unanalyzed and unvacuumed tables made
    PostgreSQL count a 1,000-statement plan's rows by fetching every heap row
    (3.6 ms a count instead of 0.1: an index-only scan needs the visibility map)
    on guesses of one row a table. Both sides of every row read the same
    database."""
    from urllib.parse import urlsplit

    url = urlsplit(_postgres_url())._replace(path=f"/{database}").geturl()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(database: str, workdir: Path) -> dict[str, str]:
    from urllib.parse import urlsplit

    server = urlsplit(_postgres_url())
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_api",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": server._replace(path=f"/{database}").geturl(),
            "ISM_DEBUG": "0",
            "ISM_SECRET_KEY": "bench-only-secret-key-" + "b" * 40,
            "ISM_ALLOWED_HOSTS": "127.0.0.1",
            "ISM_STATIC_MANIFEST": "0",
            "ISM_SECURE_SSL_REDIRECT": "0",
            "ISM_ENVIRONMENT": "bench",
            "ISM_MEDIA_ROOT": str(workdir / "media"),
            "ISM_LOG_LEVEL": "WARNING",
            "ISM_API_RATE_ANON": UNLIMITED,
            "ISM_API_RATE_USER": UNLIMITED,
            "ISM_API_RATE_TOKEN": UNLIMITED,
        }
    )
    return env


def _with_redis(env: dict[str, str]) -> dict[str, str]:
    """The server's cache on Redis, as in production, when ISM_BENCH_REDIS names one
    (the throttle then asks Redis on every API request). Only the server's: the
    setup would otherwise queue the demo's PDFs on a broker no worker reads."""
    redis_url = os.environ.get("ISM_BENCH_REDIS")
    return {**env, "REDIS_URL": redis_url} if redis_url else env


def _wait_healthy(port: int, gunicorn: subprocess.Popen, log: Path) -> None:
    """Until /healthz says the database answers (the PDF and broker checks do not
    matter to a JSON list)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if gunicorn.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            answer = json.loads(connection.getresponse().read())
            connection.close()
            if answer["checks"]["database"]["ok"]:
                return
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz: {log.read_text()[-2000:]}")


def fill(env: dict[str, str], module: str, *args: str) -> str:
    """Run `python -m module args` (a bench database's filler) with `env`; its
    standard output, or an error with the end of its standard error."""
    filled = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if filled.returncode != 0:
        command = " ".join([module, *args])
        raise RuntimeError(f"{command} failed:\n{filled.stderr[-4000:]}")
    return filled.stdout


def _exit_on_sigterm() -> None:
    # atexit does not run when SIGTERM kills the process; SystemExit does.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


@functools.cache
def server() -> Server:
    """Create, fill and serve the bench database; once per run."""
    database = f"bench_ism_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="ism-bench-api-"))
    state: dict = {}

    def clean_up() -> None:
        gunicorn = state.get("gunicorn")
        if gunicorn is not None and gunicorn.poll() is None:
            # Its own process group: the master and the workers it forked.
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait()
        if state.get("database"):
            _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)

    _exit_on_sigterm()
    atexit.register(clean_up)
    try:
        _admin(f'CREATE DATABASE "{database}"')
    except psycopg.OperationalError as exc:
        raise Unavailable(
            f"no PostgreSQL at {_postgres_url()} (ISM_BENCH_POSTGRES names "
            f"another): {str(exc).strip().splitlines()[0]}"
        ) from exc
    state["database"] = True
    env = _environment(database, workdir)
    filled = fill(env, "bench.api_world")
    settle(database)
    credentials = json.loads(filled.strip().splitlines()[-1])
    port = _free_port()
    log = workdir / "gunicorn.log"
    state["gunicorn"] = gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ism.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--error-logfile",
            str(log),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_with_redis(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _wait_healthy(port, gunicorn, log)
    cache = "Redis" if os.environ.get("ISM_BENCH_REDIS") else "local memory"
    return Server(port=port, database=database, cache=cache, **credentials)
