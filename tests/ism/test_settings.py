"""Settings come from the environment and fail loudly: a typo stops the process at
start-up. Each configuration is loaded in a fresh interpreter with a clean
environment, exactly as a server would start."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from ism.env import env_bool, env_int, env_list

# Each configuration is read in a process of its own on ISM's settings with a clean
# environment, which the moved clock (tests/clock.py) does not reach, or reads no
# day at all: the same on any day, so CI's pass on the moved clock leaves it out.
pytestmark = pytest.mark.real_day

ROOT = Path(django_settings.BASE_DIR)
PRODUCTION = {
    "ISM_DEBUG": "0",
    "ISM_SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
    "ISM_ALLOWED_HOSTS": "ism.example.org",
}


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run `code` in a new interpreter whose environment is `env` and nothing of
    ours (no ISM_*, DATABASE_URL or REDIS_URL from the test run)."""
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_settings(env: dict[str, str], expression: str) -> object:
    """The JSON value of `expression` (in terms of `settings`) under `env`."""
    code = (
        "import json, django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        f"print(json.dumps({expression}, default=str))\n"
    )
    result = run_python(code, {"DJANGO_SETTINGS_MODULE": "ism.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- The helpers ----------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "enabled"])
def test_env_bool_refuses_anything_but_a_boolean(monkeypatch, raw):
    monkeypatch.setenv("ISM_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="ISM_TEST_FLAG must be a boolean"):
        env_bool("ISM_TEST_FLAG", False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[("1", True), ("true", True), (" YES ", True), ("on", True)],
        *[("0", False), ("false", False), ("No", False), ("off", False), ("", False)],
    ],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("ISM_TEST_FLAG", raw)
    assert env_bool("ISM_TEST_FLAG", not expected) is expected


def test_env_bool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("ISM_TEST_FLAG", raising=False)
    assert env_bool("ISM_TEST_FLAG", True) is True
    assert env_bool("ISM_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["abc", "12.5", "10s"])
def test_env_int_refuses_a_non_integer(monkeypatch, raw):
    monkeypatch.setenv("ISM_TEST_NUMBER", raw)
    with pytest.raises(
        ImproperlyConfigured, match="ISM_TEST_NUMBER must be an integer"
    ):
        env_int("ISM_TEST_NUMBER", 7)


def test_env_int_reads_an_integer_and_defaults_when_unset_or_blank(monkeypatch):
    monkeypatch.setenv("ISM_TEST_NUMBER", "42")
    assert env_int("ISM_TEST_NUMBER", 7) == 42
    monkeypatch.setenv("ISM_TEST_NUMBER", " ")
    assert env_int("ISM_TEST_NUMBER", 7) == 7
    monkeypatch.delenv("ISM_TEST_NUMBER")
    assert env_int("ISM_TEST_NUMBER", 7) == 7


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ISM_TEST_LIST", " a.example , b.example,, ")
    assert env_list("ISM_TEST_LIST", ["x"]) == ["a.example", "b.example"]


# --- Production refuses to start half-configured --------------------------------------


SETUP = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ism.settings';"
    " django.setup()"
)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(SETUP, {"ISM_ALLOWED_HOSTS": "ism.example.org"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ISM_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(SETUP, {"ISM_SECRET_KEY": PRODUCTION["ISM_SECRET_KEY"]})
    assert result.returncode != 0
    assert "ISM_ALLOWED_HOSTS is required" in result.stderr


def test_a_typo_in_a_boolean_stops_the_start():
    result = run_python(SETUP, {**PRODUCTION, "ISM_DEBUG": "flase"})
    assert result.returncode != 0
    assert "ISM_DEBUG must be a boolean" in result.stderr


def test_development_starts_without_secrets_and_only_on_localhost(tmp_path):
    values = load_settings(
        {"ISM_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/dev.sqlite3"},
        "[settings.DEBUG, settings.ALLOWED_HOSTS]",
    )
    assert values == [True, ["127.0.0.1", "localhost", "[::1]"]]


def test_the_deploy_check_passes_with_the_production_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/root"),
            "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
            **PRODUCTION,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_are_secure_and_hsts_is_on(tmp_path):
    values = load_settings(
        {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3"},
        "[settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS > 0,"
        " settings.ALLOWED_HOSTS]",
    )
    assert values == [False, True, True, True, True, ["ism.example.org"]]


def test_hsts_binds_subdomains_and_asks_for_preload_only_when_told(tmp_path):
    expression = (
        "[settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD,"
        " settings.NUM_PROXIES]"
    )
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3"}
    assert load_settings(env, expression) == [False, False, 0]
    told = {
        **env,
        "ISM_HSTS_INCLUDE_SUBDOMAINS": "1",
        "ISM_HSTS_PRELOAD": "1",
        "ISM_BEHIND_PROXY": "1",
    }
    assert load_settings(told, expression) == [True, True, 1]


# --- Databases ------------------------------------------------------------------------


def test_a_sqlite_url_gives_sqlite_with_immediate_transactions(tmp_path):
    db = load_settings(
        {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"},
        "settings.DATABASES['default']",
    )
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == f"{tmp_path}/x.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_no_database_url_gives_the_embedded_sqlite_with_immediate_transactions():
    db = load_settings(PRODUCTION, "settings.DATABASES['default']")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(ROOT / "var" / "ism.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_url_gives_persistent_health_checked_connections():
    # Settings only: nothing connects, so no server is needed here.
    db = load_settings(
        {**PRODUCTION, "DATABASE_URL": "postgres://ism:pw@db.example.org:5432/ism"},
        "settings.DATABASES['default']",
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["NAME"], db["USER"]) == ("db.example.org", "ism", "ism")
    assert db["CONN_MAX_AGE"] > 0
    assert db["CONN_HEALTH_CHECKS"] is True


def test_the_connection_age_can_be_tuned_but_not_mistyped():
    env = {**PRODUCTION, "DATABASE_URL": "postgres://ism@db.example.org/ism"}
    db = load_settings(
        {**env, "ISM_CONN_MAX_AGE": "60"}, "settings.DATABASES['default']"
    )
    assert db["CONN_MAX_AGE"] == 60
    result = run_python(SETUP, {**env, "ISM_CONN_MAX_AGE": "ten minutes"})
    assert result.returncode != 0
    assert "ISM_CONN_MAX_AGE must be an integer" in result.stderr


# --- Celery ---------------------------------------------------------------------------

CELERY = (
    "{'eager': celery_app.conf.task_always_eager,"
    " 'broker': celery_app.conf.broker_url,"
    " 'reuse': celery_app.conf.get('CELERY_DB_REUSE_MAX'),"
    " 'worker_reuse': __import__('celery.fixups.django', fromlist=['x'])"
    ".DjangoWorkerFixup(celery_app).db_reuse_max,"
    " 'tasks_per_child': celery_app.conf.worker_max_tasks_per_child,"
    " 'memory_per_child': celery_app.conf.worker_max_memory_per_child}"
)


def celery_settings(env):
    return load_settings(
        {**PRODUCTION, **env},
        f"(lambda celery_app: {CELERY})(__import__('ism').celery_app)",
    )


def test_without_redis_celery_runs_tasks_in_process():
    conf = celery_settings({})
    assert conf["eager"] is True
    assert conf["broker"] == "memory://"


def test_with_redis_celery_sends_tasks_to_workers_that_reuse_connections():
    # No connection is made: the URL only has to be read.
    conf = celery_settings({"REDIS_URL": "redis://redis.example.org:6379/0"})
    assert conf["eager"] is False
    assert conf["broker"] == "redis://redis.example.org:6379/0"
    # Celery's Django fix-up closes the connection around every task unless this is
    # set; the worker fix-up is what reads it.
    assert conf["reuse"] and conf["reuse"] > 0
    assert conf["worker_reuse"] == conf["reuse"]
    # A worker grows with every PDF it renders: it is replaced, by count and size.
    assert conf["tasks_per_child"] and conf["memory_per_child"]


def test_a_worker_process_keeps_what_start_up_loaded_out_of_full_collections():
    # As gunicorn's (ism/wsgi.py): Celery sends worker_process_init in each new
    # pool process, once the app and its tasks are loaded.
    code = (
        "import gc, django; django.setup()\n"
        "from celery.signals import worker_process_init\n"
        "before = gc.get_freeze_count()\n"
        "worker_process_init.send(sender=None)\n"
        "print(before, gc.get_freeze_count())\n"
    )
    env = {"DJANGO_SETTINGS_MODULE": "ism.settings", **PRODUCTION}
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    before, after = map(int, result.stdout.split()[-2:])
    assert before == 0
    assert after > 10_000
