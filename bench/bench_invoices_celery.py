"""The 200-State assessment through real Celery workers on Redis, against 200 warm
bare renders of the same HTML on as many processes. The issue's goal: ISM within
1.2x.

What production does when staff confirm an assessment: `assessment_issue` numbers
and issues 200 invoices in one transaction, the render tasks go to Redis on
commit, and two `celery -A ism worker` processes (prefork, concurrency 1 each:
two renderers, as the bare side has) read, render and store each PDF. ISM's time
runs from the call to the last stored PDF. The bare side renders the 200
invoices' HTML (the workers' own, made once beforehand) with WeasyPrint on a pool
of two processes, each warm (one FontConfiguration and the parsed stylesheet,
bench/bare_pdf.py). One call a round per side: a call is 200 documents.

Needs PostgreSQL (a throwaway database `bench_ism_<pid>_celery` on
ISM_BENCH_POSTGRES, as bench/api_server.py) and Redis (ISM_BENCH_CELERY_REDIS,
default redis://127.0.0.1:6379/14, a queue of its own); skipped without them.
The workers and the driver are stopped, the queue deleted and the database
dropped when the run ends, on an error or SIGTERM too.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import api_server
from bench.celery_run import STATES
from bench.harness import Goal, Pair, Unavailable, benchmark

ROOT = Path(__file__).resolve().parent.parent
WORKER_PROCESSES = 2


def _redis_url() -> str:
    return os.environ.get("ISM_BENCH_CELERY_REDIS", "redis://127.0.0.1:6379/14")


def _stop(process: subprocess.Popen | None, *, group: bool) -> None:
    if process is None or process.poll() is not None:
        return
    if group:
        os.killpg(process.pid, signal.SIGTERM)
    else:
        process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait()


class Driver:
    """bench.celery_run serve: one command a line, one answer a line."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.celery_run", "serve"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log.open("wb"),
            text=True,
        )
        self.log = log
        self._expect("ready")

    def _expect(self, prefix: str) -> str:
        line = self.process.stdout.readline()
        if not line.startswith(prefix):
            raise RuntimeError(
                f"bench.celery_run answered {line!r}:\n{self.log.read_text()[-3000:]}"
            )
        return line

    def __call__(self, command: str) -> str:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._expect("ok")


@functools.cache
def _setup() -> Driver:
    import redis

    url = _redis_url()
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as exc:
        raise Unavailable(f"no Redis at {url} (ISM_BENCH_CELERY_REDIS): {exc}") from exc
    database = f"bench_ism_{os.getpid()}_celery"
    queue = f"ism-bench-{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="ism-bench-celery-"))
    state: dict = {}

    def clean_up() -> None:
        # Workers first, whatever else fails: they must never outlive the run.
        for worker in state.get("workers", []):
            _stop(worker, group=True)
        driver = state.get("driver")
        _stop(driver.process if driver else None, group=False)
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(url).delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )
        if state.get("database"):
            api_server._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)

    api_server._exit_on_sigterm()
    atexit.register(clean_up)
    try:
        api_server._admin(f'CREATE DATABASE "{database}"')
    except Exception as exc:
        raise Unavailable(f"no PostgreSQL for the Celery run: {exc}") from exc
    state["database"] = True
    env = {
        **api_server._environment(database, workdir),
        "ISM_BENCH_QUEUE": queue,
    }
    api_server.fill(env, "bench.celery_run", "fill")
    api_server.settle(database)
    env["REDIS_URL"] = url
    state["workers"] = []
    for n in range(WORKER_PROCESSES):
        log = (workdir / f"worker-{n}.log").open("wb")
        state["workers"].append(
            subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "ism", "worker"),
                    *("-Q", queue, "-n", f"bench{n}-{os.getpid()}@%h"),
                    *("--pool", "prefork", "--concurrency", "1"),
                    *("--without-heartbeat", "--without-gossip", "--without-mingle"),
                    *("--loglevel", "WARNING"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: stopping it reaches the pool's children.
                start_new_session=True,
            )
        )
    state["driver"] = driver = Driver(env, workdir / "driver.log")
    # The first run starts the workers' renderers (WeasyPrint's import, fonts)
    # and gives the bare side its HTML.
    driver("ism")
    return driver


@benchmark(
    "celery.assessment",
    f"issue the APMBC's assessment to {STATES} States Parties (assessment_issue) "
    f"and wait for the last of the {STATES} PDFs two real Celery workers on Redis "
    f"store vs {STATES} warm bare WeasyPrint renders of the same HTML on 2 processes",
    goal=Goal(max_ratio=1.2),
)
def assessment_celery() -> Pair:
    driver = _setup()
    return Pair(
        baseline=lambda: driver("bare"),
        subject=lambda: driver("ism"),
        calls=1,
        warmups=1,
        note=f"PostgreSQL, Redis, {WORKER_PROCESSES} workers x concurrency 1",
    )
