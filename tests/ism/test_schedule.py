"""The order the suite's modules go to the xdist workers (tests/schedule.py)."""

from __future__ import annotations

from tests.schedule import FUZZ, REST, WALKS, WHOLE_DEMO, Module, module_order


def suite() -> list[Module]:
    return [
        Module("small", REST, tests=3),
        Module("matrix", REST, tests=106),
        Module("fuzz", FUZZ, tests=1, reads_demo=True),
        Module("walk", WALKS, tests=2, reads_demo=True),
        Module("journey", WHOLE_DEMO, tests=3),
        Module("schema", WHOLE_DEMO, tests=21, reads_demo=True),
        Module("access", REST, tests=53),
    ]


def test_the_long_modules_go_first_and_the_rest_by_their_number_of_tests():
    assert module_order(suite(), workers=1) == [
        "walk",
        "fuzz",
        "schema",
        "journey",
        "matrix",
        "access",
        "small",
    ]


def test_only_one_worker_starts_on_a_module_that_waits_for_the_demo():
    order = module_order(suite(), workers=3)

    # The first reads the demo (its worker builds it); the next two do not.
    assert order[:3] == ["walk", "journey", "matrix"]
    assert order[3:] == ["fuzz", "schema", "access", "small"]
    assert sorted(order) == sorted(m.name for m in suite())


def test_a_suite_without_the_demo_keeps_the_plain_order():
    modules = [m for m in suite() if not m.reads_demo]

    assert module_order(modules, workers=3) == [
        "journey",
        "matrix",
        "access",
        "small",
    ]


def test_xdist_does_not_reorder_the_modules_by_their_size(pytestconfig):
    # Its default (--loadscope-reorder) would put the one-test walks last.
    assert getattr(pytestconfig.option, "loadscopereorder", False) is False


def test_measured_modules_go_longest_first_whatever_their_number_of_tests():
    modules = [
        Module("many quick ones", REST, tests=100, seconds=5.0),
        Module("a few slow ones", REST, tests=4, seconds=40.0),
        # Not measured: 200 tests at the median measured test (0.05 s): 10 s.
        Module("new", REST, tests=200),
        Module("journey", WHOLE_DEMO, tests=20, seconds=1.0),
    ]

    assert module_order(modules, workers=1) == [
        "journey",
        "a few slow ones",
        "new",
        "many quick ones",
    ]


def test_the_measured_durations_are_read_from_a_ci_log():
    from tests.schedule import durations_from_log

    log = (
        "== slowest durations ==\n"
        "2.50s call     tests/e2e/test_walk.py::test_a[fr]\n"
        "0.50s setup    tests/e2e/test_walk.py::test_a[fr]\n"
        "1.00s teardown tests/ism/test_x.py::test_b\n"
        "== 3 passed ==\n"
        "== slowest durations ==\n"
        "9.00s call     tests/e2e/test_walk.py::test_a[fr]\n"
        "== 1 passed ==\n"
    )

    assert durations_from_log(log) == {
        "tests.e2e.test_walk": 3.0,
        "tests.ism.test_x": 1.0,
    }
