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
2. The rest, the module with the most tests first (xdist's own measure of size).
3. At the start, one worker takes a module that reads the demo database, which it
   then builds (tests/conftest.py, demo_template: a run's workers share it), and
   each other worker a module that does not, rather than wait for that build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

WALKS, FUZZ, WHOLE_DEMO, REST = range(4)


@dataclass
class Module:
    name: str
    rank: int = REST
    tests: int = 0
    reads_demo: bool = False  # reads the run's shared demo database


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
    return modules


def module_order(modules: Iterable[Module], workers: int) -> list[str]:
    """The modules' names in the order the workers are to be given them."""
    ordered = sorted(modules, key=lambda m: (m.rank, -m.tests))
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
