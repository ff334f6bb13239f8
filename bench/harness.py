"""The benchmark harness: registration, timing against a baseline, the table.

A benchmark is a setup function registered with `@benchmark(name, description)`. It
prepares what it needs and returns a `Pair`: a bare baseline and the ISM operation,
two callables doing the same kind of work through the same machinery. Both sides
run the same number of calls per round, in alternating order, in the same process,
so the ratio says what ISM adds on top of the floor, whatever the machine's speed.

A load benchmark's setup returns a `loadgen.LoadPair` instead: two HTTP endpoints
of one server, loaded in turn by bench/loadgen.py, which reports requests per
second and latency percentiles in a table of its own.
"""

from __future__ import annotations

import functools
import gc
import importlib
import io
import pkgutil
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from bench import loadgen


@dataclass(frozen=True)
class Pair:
    baseline: Callable[[], object]
    subject: Callable[[], object]
    # Printed under the table with the row (e.g. the page's query count).
    note: str = ""
    # A side that takes seconds (a 200-State run) is not called 25 times to warm
    # up and calibrate: `calls` fixes the calls per round, `warmups` the warm-up.
    calls: int | None = None
    warmups: int = 5
    # Each round first makes one untimed call of its own side, after the
    # collection: the timed calls then run at the side's own pace of full
    # garbage collections, as in a long-lived worker. Without it a side of one
    # call a round (a PDF of 0.1-0.7 s) starts from an empty collector: a full
    # collection (~110 ms on a 10-page PDF) falls to whichever side first
    # crosses the threshold, every round, though in a loop both pay one about
    # every render (bare WeasyPrint 9 in 10 work plans, ISM's task 10 in 10).
    settle: bool = False


@dataclass(frozen=True)
class Goal:
    """What the issue asks of a row: ISM within `max_ratio` of its baseline, or
    ISM's call under `max_seconds` (a page at a decade's scale)."""

    max_ratio: float | None = None
    max_seconds: float | None = None

    def __str__(self) -> str:
        if self.max_ratio is not None:
            return f"<= {self.max_ratio:g}x"
        return f"< {format_duration(self.max_seconds)}"

    def met(self, result: Result) -> bool:
        if self.max_ratio is not None:
            return result.ratio <= self.max_ratio
        return result.subject < self.max_seconds


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str
    setup: Callable[[], Pair]
    goal: Goal | None = None


@dataclass(frozen=True)
class Result:
    name: str
    description: str
    rounds: int
    calls_per_round: int
    # Median seconds per call over the rounds.
    baseline: float
    subject: float
    # (slowest round - fastest round) / median, per side: how much to trust the row.
    baseline_spread: float
    subject_spread: float
    # The lowest and highest ratio of a round's two sides (measured back to back):
    # how far the ratio itself moved.
    ratio_low: float = 0.0
    ratio_high: float = 0.0
    goal: Goal | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.subject / self.baseline

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return ""
        return "met" if self.goal.met(self) else "MISSED"


class Unavailable(Exception):
    """Raised by a setup that cannot run here (a service it needs is missing): the
    run goes on without that benchmark and says why."""


BENCHMARKS: dict[str, Benchmark] = {}

# Rounds further apart than this (relative to the median) mean something else was
# using the CPU: the row is flagged rather than trusted.
NOISY_SPREAD = 0.25


def benchmark(name: str, description: str, *, goal: Goal | None = None):
    """Register the decorated setup function as benchmark `name`, with the goal
    the issue sets for it (printed met or MISSED beside the row)."""

    def register(setup: Callable[[], Pair]) -> Callable[[], Pair]:
        if name in BENCHMARKS:
            raise ValueError(f"benchmark {name!r} is registered twice")
        BENCHMARKS[name] = Benchmark(name, description, setup, goal)
        return setup

    return register


def discover() -> dict[str, Benchmark]:
    """Import every `bench/bench_*.py`; their decorators fill BENCHMARKS."""
    import bench

    for module in pkgutil.iter_modules(bench.__path__):
        if module.name.startswith("bench_"):
            importlib.import_module(f"bench.{module.name}")
    return BENCHMARKS


def select(
    benchmarks: dict[str, Benchmark], patterns: Iterable[str]
) -> list[Benchmark]:
    """The benchmarks whose name matches one of `patterns` (exact or shell-style,
    e.g. `page.*`); all of them when there is no pattern. An unknown name is an
    error, not an empty table."""
    patterns = list(patterns)
    if not patterns:
        return list(benchmarks.values())
    chosen: list[Benchmark] = []
    for pattern in patterns:
        matches = [b for n, b in benchmarks.items() if fnmatchcase(n, pattern)]
        if not matches:
            known = ", ".join(benchmarks) or "none"
            raise SystemExit(f"no benchmark matches {pattern!r} (known: {known})")
        chosen.extend(b for b in matches if b not in chosen)
    return chosen


def _timed(fn: Callable[[], object], calls: int, *, settle: bool = False) -> float:
    """Seconds per call over `calls` calls. Garbage from the other side is collected
    first so neither side pays for the other's allocations; with `settle`, one
    untimed call then sets the collector's pace to this side's own (Pair.settle)."""
    gc.collect()
    if settle:
        fn()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def _spread(samples: list[float]) -> float:
    return (max(samples) - min(samples)) / statistics.median(samples)


def measure(
    bench: Benchmark, *, seconds: float, rounds: int
) -> Result | loadgen.LoadResult:
    """Time both sides of `bench`: `rounds` rounds of the same number of calls each,
    sized so that the slower side spends about `seconds` in total."""
    pair = bench.setup()
    if isinstance(pair, loadgen.LoadPair):
        return loadgen.measure(
            bench.name, bench.description, pair, seconds=seconds, rounds=rounds
        )
    # Warm-up: first calls compile templates, fill caches and open connections.
    for _ in range(pair.warmups):
        pair.baseline()
        pair.subject()
    calls = pair.calls
    if calls is None:
        # Calibrate on the slower side so the whole run stays time-bounded.
        probe = max(_timed(pair.baseline, 20), _timed(pair.subject, 20))
        calls = max(1, round(seconds / rounds / probe))
    baseline: list[float] = []
    subject: list[float] = []
    for index in range(rounds):
        # Alternate which side goes first: a drift (CPU frequency, a neighbour's
        # load) then hits both sides alike instead of one.
        if index % 2 == 0:
            baseline.append(_timed(pair.baseline, calls, settle=pair.settle))
            subject.append(_timed(pair.subject, calls, settle=pair.settle))
        else:
            subject.append(_timed(pair.subject, calls, settle=pair.settle))
            baseline.append(_timed(pair.baseline, calls, settle=pair.settle))
    return Result(
        name=bench.name,
        description=bench.description,
        rounds=rounds,
        calls_per_round=calls,
        baseline=statistics.median(baseline),
        subject=statistics.median(subject),
        baseline_spread=_spread(baseline),
        subject_spread=_spread(subject),
        ratio_low=min(s / b for s, b in zip(subject, baseline, strict=True)),
        ratio_high=max(s / b for s, b in zip(subject, baseline, strict=True)),
        goal=bench.goal,
        note=pair.note,
    )


def format_duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def table(results: list[Result | loadgen.LoadResult]) -> str:
    timed = [r for r in results if isinstance(r, Result)]
    loaded = [r for r in results if isinstance(r, loadgen.LoadResult)]
    parts = [_timed_table(timed)] if timed else []
    if loaded:
        parts.append(loadgen.table(loaded))
    return "\n\n".join(parts)


def _timed_table(results: list[Result]) -> str:
    header = ("name", "baseline", "ISM", "ratio", "rounds' ratios", "goal", "")
    rows = [
        (
            r.name,
            format_duration(r.baseline),
            format_duration(r.subject),
            f"{r.ratio:.2f}x",
            f"{r.ratio_low:.2f}-{r.ratio_high:.2f}x",
            str(r.goal or "-"),
            r.verdict,
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        name, *numbers = cells
        return " | ".join(
            [name.ljust(widths[0])]
            + [
                cell.rjust(width)
                for cell, width in zip(numbers, widths[1:], strict=True)
            ]
        )

    out = [line(header), "-+-".join("-" * w for w in widths)]
    out += [line(row) for row in rows]
    out.append("")
    for r in results:
        out.append(
            f"{r.name}: {r.description}; median of {r.rounds} rounds x "
            f"{r.calls_per_round} calls per side; round-to-round spread "
            f"baseline {r.baseline_spread:.0%}, ISM {r.subject_spread:.0%}"
            + (f"; {r.note}" if r.note else "")
        )
        if max(r.baseline_spread, r.subject_spread) > NOISY_SPREAD:
            out.append("  noisy: the machine was busy; rerun it idle before comparing")
    return "\n".join(out)


# --- Shared fixtures ---------------------------------------------------------------


@functools.cache
def demo_database() -> None:
    """Migrate the throwaway database run.py points DATABASE_URL at and load the
    demo (conventions, States, committees, one user per role). Once per run; a
    copy of the decade's world (bench/world.py) holds the demo already."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if not get_user_model().objects.filter(username="staff.apmbc").exists():
        call_command("load_demo", stdout=io.StringIO())


def demo_client(username: str):
    """A test Client signed in as demo user `username`, session and all."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    demo_database()
    client = Client()
    # ModelBackend by name: force_login would otherwise pick django-axes' backend,
    # which cannot load a user from the session.
    client.force_login(
        get_user_model().objects.get(username=username),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return client


def get_ok(client, url: str, *, contains: bytes | None = None):
    """GET `url`, failing loudly unless it is a 200 (and holds `contains`): a
    benchmark that times a redirect to the login page measures nothing."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}, not 200")
    if contains is not None and contains not in response.content:
        raise RuntimeError(f"GET {url} does not contain {contains!r}")
    return response
