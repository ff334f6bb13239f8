"""A closed-loop HTTP load generator for the API benchmarks, and their table.

`CONNECTIONS` client threads each send GET after GET on their own connection to
a server on the loopback, for a fixed time, and record every request's latency
(from sending the request to the last byte of the answer). Closed loop: a client
sends its next request when the last one is answered, so the server is kept busy
without being buried, and requests per second is what the server sustains.

A load benchmark's setup returns a `LoadPair`: the bare endpoint and ISM's, on
the same server. They are loaded in turn, `rounds` rounds each, alternating
which goes first, as the harness does for timed pairs; per side, the requests
per second is the median of its rounds and the latency percentiles are over all
its requests.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field

# Two clients per gunicorn worker: one waits in the accept queue while the other
# is served, so no worker idles between requests.
CONNECTIONS = 4
WARM_UP = 1.0
# A round shorter than this holds too few requests for its rate to mean much.
MIN_ROUND = 1.2
# Rounds are added (alternating, as the first ones) until each side has served
# this many requests, so that its p99 is over a tail of ten and more requests,
# not the third-worst of 250; a slow endpoint stops at MAX_SIDE_SECONDS a side
# (the table says how many requests its p99 stands on).
MIN_REQUESTS = 1000
MAX_SIDE_SECONDS = 30.0
# The goals for ISM's API lists against the bare endpoint.
THROUGHPUT_GOAL = 0.5
P99_GOAL = 2.0
NOISY_SPREAD = 0.25


@dataclass(frozen=True)
class Target:
    port: int
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadPair:
    baseline: Target
    subject: Target
    # Printed under the table: what the two sides are, and on what server.
    setting: str = ""


@dataclass
class Sample:
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def load(target: Target, seconds: float, connections: int = CONNECTIONS) -> Sample:
    """Load `target` with `connections` closed-loop clients for `seconds`. Any
    answer but a 200 fails the run: a benchmark of error pages measures nothing."""
    headers = {"Accept": "application/json", **target.headers}
    start = threading.Barrier(connections + 1)
    latencies: list[list[float]] = [[] for _ in range(connections)]
    failures: list[str] = []
    deadline = 0.0

    def client(mine: list[float]) -> None:
        # Reconnects by itself when gunicorn's sync workers close the connection
        # after each answer, as they do.
        connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=30)
        try:
            start.wait()
            while not failures:
                sent = time.perf_counter()
                if sent >= deadline:
                    break
                connection.request("GET", target.path, headers=headers)
                response = connection.getresponse()
                response.read()
                mine.append(time.perf_counter() - sent)
                if response.status != 200:
                    failures.append(f"GET {target.path} answered {response.status}")
        except Exception as exc:  # reported by the caller, not lost in the thread
            failures.append(f"GET {target.path}: {exc!r}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=client, args=(mine,), daemon=True) for mine in latencies
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise RuntimeError(failures[0])
    merged = [latency for mine in latencies for latency in mine]
    return Sample(requests=len(merged), seconds=elapsed, latencies=merged)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the value that `fraction` of the requests took
    at most."""
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


@dataclass(frozen=True)
class Side:
    rate: float  # requests per second, median of the rounds
    p50: float
    p99: float
    requests: int
    spread: float  # (fastest round - slowest) / median, on the rate


def _side(samples: list[Sample]) -> Side:
    rates = [s.rate for s in samples]
    latencies = [latency for s in samples for latency in s.latencies]
    median = statistics.median(rates)
    return Side(
        rate=median,
        p50=percentile(latencies, 0.50),
        p99=percentile(latencies, 0.99),
        requests=len(latencies),
        spread=(max(rates) - min(rates)) / median,
    )


@dataclass(frozen=True)
class LoadResult:
    name: str
    description: str
    setting: str
    rounds: int
    round_seconds: float
    baseline: Side
    subject: Side

    @property
    def throughput(self) -> float:
        """ISM's requests per second as a fraction of the bare endpoint's."""
        return self.subject.rate / self.baseline.rate

    @property
    def p99_ratio(self) -> float:
        return self.subject.p99 / self.baseline.p99

    @property
    def meets_goal(self) -> bool:
        return self.throughput >= THROUGHPUT_GOAL and self.p99_ratio <= P99_GOAL


def measure(
    name: str, description: str, pair: LoadPair, *, seconds: float, rounds: int
) -> LoadResult:
    """Load each side for about `seconds` in `rounds` rounds, in turn."""
    round_seconds = max(seconds / rounds, MIN_ROUND)
    # Warm-up: the workers' first requests import code and open their database
    # connections.
    load(pair.baseline, WARM_UP)
    load(pair.subject, WARM_UP)
    baseline: list[Sample] = []
    subject: list[Sample] = []

    def more() -> bool:
        if len(baseline) < rounds:
            return True
        served = min(sum(s.requests for s in side) for side in (baseline, subject))
        spent = max(sum(s.seconds for s in side) for side in (baseline, subject))
        return served < MIN_REQUESTS and spent < MAX_SIDE_SECONDS

    index = 0
    while more():
        first, second = (
            ((pair.baseline, baseline), (pair.subject, subject))
            if index % 2 == 0
            else ((pair.subject, subject), (pair.baseline, baseline))
        )
        for target, samples in (first, second):
            samples.append(load(target, round_seconds))
        index += 1
    return LoadResult(
        name=name,
        description=description,
        setting=pair.setting,
        rounds=index,
        round_seconds=round_seconds,
        baseline=_side(baseline),
        subject=_side(subject),
    )


def _tail(side: Side) -> str:
    """Which request, counted from the slowest, the nearest-rank p99 is."""
    rank = side.requests - max(0, round(0.99 * side.requests) - 1)
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(rank if rank < 20 else rank % 10, "th")
    return f"{rank}{suffix}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def table(results: list[LoadResult]) -> str:
    header = ("name", "bare req/s", "ISM req/s", "throughput", "bare p99", "ISM p99")
    header += ("p99", "goal")
    rows = [
        (
            r.name,
            f"{r.baseline.rate:.0f}",
            f"{r.subject.rate:.0f}",
            f"{r.throughput:.2f}x",
            _ms(r.baseline.p99),
            _ms(r.subject.p99),
            f"{r.p99_ratio:.1f}x",
            "met" if r.meets_goal else "MISSED",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        name, *rest = cells
        return " | ".join(
            [name.ljust(widths[0])]
            + [cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
        )

    out = [line(header), "-+-".join("-" * w for w in widths)]
    out += [line(row) for row in rows]
    out.append("")
    out.append(
        f"goal: ISM at least {THROUGHPUT_GOAL:g}x the bare endpoint's requests per "
        f"second and at most {P99_GOAL:g}x its p99 latency"
    )
    for setting in dict.fromkeys(r.setting for r in results if r.setting):
        out.append(setting)
    for r in results:
        out.append(
            f"{r.name}: {r.description}; {r.rounds} rounds x {r.round_seconds:.1f} s "
            f"a side, {CONNECTIONS} connections; p50 bare {_ms(r.baseline.p50)}, "
            f"ISM {_ms(r.subject.p50)}; {r.baseline.requests} and "
            f"{r.subject.requests} requests (p99 = the {_tail(r.baseline)} and "
            f"{_tail(r.subject)} slowest); round-to-round spread bare "
            f"{r.baseline.spread:.0%}, ISM {r.subject.spread:.0%}"
        )
        if max(r.baseline.spread, r.subject.spread) > NOISY_SPREAD:
            out.append("  noisy: the machine was busy; rerun it idle before comparing")
    return "\n".join(out)
