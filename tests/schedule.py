"""The order in which the suite's modules go to the xdist workers.

With `--dist loadfile` a module is one unit of work, and xdist hands the units
out in the order it is given: the first unit to each worker, then the next to
whichever worker runs low. xdist would reorder them by their number of tests
(`--loadscope-reorder`, its default), which put the walks and the fuzzing — one
or two tests of a minute each — at the very end, where one worker ran them while
the others had finished. pytest_configure turns that off (tests/conftest.py) and
the order is this one:

1. The long modules, longest kind first: the walks (standards), then the fuzzing,
   then the browser journeys and the modules that read or load the whole demo.
2. Within each kind, the longest module first (the longest processing time first:
   no worker left alone with a long module at the end while the others wait):
   how long each module took in CI is kept in tests/durations.json, and a module
   not there yet counts its tests times the median of a test there. The file only
   orders; a stale one makes a run no less complete, only its end more ragged.
   `python -m tests.schedule CI.log` prints it anew from a CI log (.ci/run with
   PYTEST_ARGS=--durations=0).
3. At the start, one worker takes a module that reads the demo database, which it
   then builds (tests/conftest.py, demo_template: a run's workers share it), and
   each other worker a module that does not, rather than wait for that build.
"""

from __future__ import annotations

import functools
import json
import re
import statistics
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

WALKS, FUZZ, WHOLE_DEMO, REST = range(4)


@dataclass
class Module:
    name: str
    rank: int = REST
    tests: int = 0
    reads_demo: bool = False  # reads the run's shared demo database
    seconds: float | None = None  # measured in CI (tests/durations.json)

    def cost(self, per_test: float) -> float:
        return self.seconds if self.seconds is not None else self.tests * per_test


DURATIONS = Path(__file__).with_name("durations.json")


@functools.cache
def measured() -> dict[str, float]:
    """{module: seconds of a worker} from the last CI log it was made from."""
    try:
        return json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        return {}


def item_rank(item) -> int:
    name = item.module.__name__
    if item.get_closest_marker("standards") is not None:
        return WALKS
    if name.endswith("_fuzz"):
        return FUZZ
    if (
        item.get_closest_marker("e2e") is not None
        or "demo_template" in getattr(item, "fixturenames", ())
        or name.endswith(("_demo", "_any_day"))
    ):
        return WHOLE_DEMO
    return REST


def modules_of(items: Iterable) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for item in items:
        name, rank = item.module.__name__, item_rank(item)
        module = modules.setdefault(name, Module(name, rank=rank))
        module.rank = min(module.rank, rank)
        module.tests += 1
        module.reads_demo |= "demo_template" in getattr(item, "fixturenames", ())
    for name, module in modules.items():
        module.seconds = measured().get(name)
    return modules


def module_order(modules: Iterable[Module], workers: int) -> list[str]:
    """The modules' names in the order the workers are to be given them."""
    modules = list(modules)
    per_test = statistics.median(
        [m.seconds / m.tests for m in modules if m.seconds is not None and m.tests]
        or [0.0]
    )
    ordered = sorted(modules, key=lambda m: (m.rank, -m.cost(per_test), -m.tests))
    first_demo = next((m for m in ordered if m.reads_demo), None)
    if first_demo is None or workers < 2:
        return [m.name for m in ordered]
    # The others start on the longest modules that do not wait for the demo.
    others = [m for m in ordered if not m.reads_demo][: workers - 1]
    start = [first_demo, *others]
    return [m.name for m in start] + [m.name for m in ordered if m not in start]


def workers_of(config) -> int:
    """How many workers the run has, as each worker and the controller see it."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        return int(workerinput["workercount"])
    return int(getattr(config.option, "numprocesses", 0) or 0)


def durations_from_log(log: str) -> dict[str, float]:
    """{module: seconds} of the first pass in a CI log: its setup, call and
    teardown times (pytest --durations=0) summed by module."""
    seconds: dict[str, float] = {}
    section = re.search(r"slowest durations =+\n(.*?)\n=", log, re.S)
    for line in section.group(1).splitlines() if section else []:
        found = re.match(
            r"([\d.]+)s (?:setup|call|teardown)\s+tests/(\S+?)\.py::", line
        )
        if found:
            name = "tests." + found[2].replace("/", ".")
            seconds[name] = seconds.get(name, 0.0) + float(found[1])
    return {name: round(s, 1) for name, s in sorted(seconds.items())}


if __name__ == "__main__":
    found = durations_from_log(Path(sys.argv[1]).read_text())
    print(json.dumps(found, indent=0, sort_keys=True))
