"""`make run`: a busy port is one clear sentence before anything is migrated
(.ci/port-free), and the demo runs with the product's settings — DEBUG off, so
ISM's own error pages — with what DEBUG used to give it provided by .ci/demo-env.
Each runs in a fresh process with a clean environment, as from a shell."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.conftest import need

# `make run` and the settings it gives start in processes of their own with a clean
# environment, which the moved clock (tests/clock.py) does not reach, and the port
# checks read no day: the same on any day, so CI's pass on the moved clock leaves
# them out.
pytestmark = pytest.mark.real_day

ROOT = Path(django_settings.BASE_DIR)
CLEAN = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root")}


@pytest.fixture
def busy_port():
    """A port something is listening on, as another server would."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_free(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, ROOT / ".ci" / "port-free", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_it_says_clearly_that_the_port_is_busy(busy_port):
    result = port_free("127.0.0.1", str(busy_port))
    assert result.returncode == 1
    assert f"Port {busy_port} on 127.0.0.1 is already in use" in result.stderr
    assert f"make run PORT={busy_port + 1}" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_lets_a_free_port_through():
    result = port_free("127.0.0.1", str(free_port()))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("port", ["eighty", "0", "70000"])
def test_it_refuses_a_port_that_is_not_one(port):
    result = port_free("127.0.0.1", port)
    assert result.returncode == 1
    assert f"PORT must be a number from 1 to 65535, got '{port}'." in result.stderr


def test_it_stops_make_run_before_migrating_when_the_port_is_busy(busy_port):
    need(shutil.which("make") is not None, "make is not installed")
    started = time.monotonic()
    result = subprocess.run(
        ["make", "--no-print-directory", "run", f"PORT={busy_port}"],
        cwd=ROOT,
        env=CLEAN,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"Port {busy_port} on 127.0.0.1 is already in use" in output
    # Nothing was installed, migrated or loaded: the check came first.
    for step in ("migrate", "load_demo", "pip", "Traceback"):
        assert step not in output
    assert time.monotonic() - started < 60


def demo_settings(expression: str, **env: str) -> object:
    """The JSON value of `expression` (in terms of `settings`) in the environment
    `make run` gives manage.py (.ci/demo-env), plus `env` from the shell."""
    code = (
        "import json, django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        f"print(json.dumps({expression}, default=str))\n"
    )
    result = subprocess.run(
        ["bash", ROOT / ".ci" / "demo-env", sys.executable, "-c", code],
        cwd=ROOT,
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": "ism.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_runs_the_demo_with_debug_off_and_what_it_needs_over_http():
    debug, hosts, redirect, cookies, csrf, storage, environment = demo_settings(
        "[settings.DEBUG, settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.STORAGES['staticfiles']['BACKEND'], settings.ISM_ENVIRONMENT]"
    )
    assert debug is False
    assert hosts == ["127.0.0.1", "localhost", "[::1]"]
    assert (redirect, cookies, csrf) == (False, False, False)
    assert storage == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert environment == "demo"


def test_it_keeps_the_demos_secret_key_in_var_not_in_the_code():
    key = demo_settings("settings.SECRET_KEY")
    assert len(key) >= 50
    assert "development-only" not in key
    assert key == (ROOT / "var" / "demo-secret-key").read_text()
    assert demo_settings("settings.SECRET_KEY") == key
    assert demo_settings("settings.SECRET_KEY", ISM_SECRET_KEY="k" * 50) == "k" * 50


def test_it_runs_the_demo_on_the_embedded_default_whatever_the_shell_has():
    engine, name = demo_settings(
        "[settings.DATABASES['default']['ENGINE'],"
        " str(settings.DATABASES['default']['NAME'])]",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing",
    )
    assert engine == "django.db.backends.sqlite3"
    assert name.endswith("var/ism.sqlite3")


@pytest.mark.parametrize(
    ("host", "extra"),
    [("0.0.0.0", []), ("192.0.2.7", ["192.0.2.7"])],  # noqa: S104 - HOST values
)
def test_it_allows_the_host_make_run_serves_on(host, extra):
    hosts = demo_settings("settings.ALLOWED_HOSTS", HOST=host)
    assert hosts == ["127.0.0.1", "localhost", "[::1]", *extra]


def test_it_still_gives_developers_debug_when_they_ask():
    assert demo_settings("settings.DEBUG", ISM_DEBUG="1") is True


def test_it_runs_every_step_of_make_run_in_the_demo_environment():
    need(shutil.which("make") is not None, "make is not installed")
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", "PORT=8101", "HOST=0.0.0.0"],
        cwd=ROOT,
        env=CLEAN,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    steps = [line for line in lines if "manage.py" in line]
    assert [step.split("manage.py ")[1].split()[0] for step in steps] == [
        "migrate",
        "collectstatic",
        "load_demo",
        "runserver",
    ]
    assert all(step.startswith("HOST=0.0.0.0 bash .ci/demo-env ") for step in steps)
    assert steps[-1].endswith("runserver 0.0.0.0:8101")
    # The port is checked first, the system packages installed (as root) before
    # anything is migrated.
    assert lines[0] == "python3 .ci/port-free 0.0.0.0 8101"
    assert lines.index("bash .ci/system-deps --if-root || true") < lines.index(steps[0])
