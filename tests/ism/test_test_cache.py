"""The suite's cache is its own process's: the xdist workers share one Redis
database, and a test that empties its cache (tests/conftest.py, clear_own_cache)
must not empty theirs — Django's `cache.clear()` there is FLUSHDB, and a count
another worker had cached between two requests of a query-count test was lost
(tests/meetings/test_programme_open.py failed so once in a whole run)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from tests.conftest import clear_own_cache, need

# Checks the test processes' cache and no day: run once in CI (real_day,
# pyproject.toml).
pytestmark = pytest.mark.real_day


def test_clearing_leaves_the_entries_of_another_process(redis_url):
    cache = caches["default"]
    need(isinstance(cache, RedisCache), "needs the cache on Redis: set REDIS_URL")
    location = settings.CACHES["default"]["LOCATION"]
    # Another worker: the same Redis database, its own prefix.
    other = RedisCache(location, {"KEY_PREFIX": f"{cache.key_prefix}-other"})
    try:
        cache.set("count", 1)
        cache.set("count", 2, version=2)
        other.set("count", 3)
        clear_own_cache()
        assert cache.get("count") is None
        assert cache.get("count", version=2) is None
        assert other.get("count") == 3
    finally:
        other.delete("count")


def test_a_process_id_that_comes_round_again_gets_another_prefix():
    """The process id alone comes round again (pid_max 32,768) within an entry's
    five minutes: the settings read twice by one process, as by two processes of
    the same id, give two prefixes."""
    code = (
        "import importlib, os, sys;"
        "import tests.settings as s;"
        "first = s.CACHES['default']['KEY_PREFIX'];"
        "importlib.reload(s);"
        "print(first, s.CACHES['default']['KEY_PREFIX'], os.getpid())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout.split()
    first, second, pid = out
    assert first != second
    assert first.startswith(f"test-{pid}-") and second.startswith(f"test-{pid}-")
