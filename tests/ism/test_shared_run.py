"""The run's shared databases (tests/shared_run.py) are built by one worker only:
the others wait, then find them built; a build that fails is left to the next.
The migrated one, named by ISM_TEST_MIGRATED_DB, is built by the first run only."""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from types import SimpleNamespace

import pytest
from psycopg import sql

from tests import shared_run
from tests.shared_run import built_once, migrated_folder, migrated_name

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


def test_a_kept_migrated_database_is_built_by_the_first_run_only(
    run_folder, monkeypatch
):
    other_run = "fedcba9876543210fedc"
    monkeypatch.delenv("ISM_TEST_MIGRATED_DB", raising=False)
    assert migrated_name(RUN) != migrated_name(other_run)
    assert migrated_folder() is None

    monkeypatch.setenv("ISM_TEST_MIGRATED_DB", "test_ism_ci_1_migrated")
    assert migrated_name(RUN) == migrated_name(other_run) == "test_ism_ci_1_migrated"
    with built_once(RUN, "migrated", folder=migrated_folder()) as build:
        assert build  # the first pass migrates
    with built_once(other_run, "migrated", folder=migrated_folder()) as build:
        assert not build  # the second finds it built
    # Each run's own builds (the demo, on its own day) stay its own.
    with built_once(other_run, "demo") as build:
        assert build


def test_the_controller_drops_every_database_the_run_marked_built(run_folder, postgres):
    """What the workers built (the demo, the journeys' `load_core` of each day) is
    marked in the run's folder; the controller drops each after the run, and the
    folder, and leaves alone a database of the same run that no mark names."""
    uid = "feedfacefeedface0000"
    names = {
        what: shared_run.database_name(uid, what)
        for what in ("demo", "core20311231", "other")
    }
    settings_dict = postgres.settings_dict
    with shared_run.admin_connection(settings_dict) as admin:
        for name in names.values():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    for what in ("demo", "core20311231"):
        (shared_run.run_folder(uid) / f"{what}.built").touch()
    config = SimpleNamespace(option=SimpleNamespace(testrunuid=uid))
    try:
        shared_run.drop_run(config)
        with shared_run.admin_connection(settings_dict) as admin:
            left = {
                row[0]
                for row in admin.execute(
                    "SELECT datname FROM pg_database WHERE datname = ANY(%s)",
                    [list(names.values())],
                )
            }
    finally:
        shared_run.drop_database(settings_dict, names["other"])
    assert left == {names["other"]}
    assert not any(run_folder.glob("ism-test-run-*"))
