"""The run's shared databases (tests/shared_run.py) are built by one worker only:
the others wait, then find them built; a build that fails is left to the next."""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from tests.shared_run import built_once

RUN = "0123456789abcdef0123"


def build_or_wait(folder: str, what: str) -> tuple[bool, float, float]:
    """(built here, when the lock was had, when it was let go), in a process of
    its own whose temporary folder is `folder`."""
    tempfile.tempdir = folder
    with built_once(RUN, what) as build:
        start = time.monotonic()
        if build:
            time.sleep(0.3)  # the build
        return build, start, time.monotonic()


@pytest.fixture
def run_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_one_worker_builds_and_the_others_find_it_built_after_it(run_folder):
    # Spawned, not forked: a fork of a process with threads is unsafe.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(3, mp_context=spawn) as workers:
        results = list(workers.map(build_or_wait, [str(run_folder)] * 3, ["demo"] * 3))
    assert sorted(built for built, _, _ in results) == [False, False, True]
    [(_, _, built_at)] = [r for r in results if r[0]]
    assert all(start >= built_at for built, start, _ in results if not built)


def test_a_build_that_failed_is_built_by_the_next_worker(run_folder):
    with pytest.raises(RuntimeError), built_once(RUN, "migrated") as build:
        assert build
        raise RuntimeError("migrate failed")
    with built_once(RUN, "migrated") as build:
        assert build
    with built_once(RUN, "migrated") as build:
        assert not build
