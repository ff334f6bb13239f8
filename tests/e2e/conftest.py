"""A real Chromium against the live server, with ISM's demo data.

One browser per session (starting Chromium costs ~0.5 s), a fresh context per test
(no cookies shared between journeys). Every page records its console errors and
Content-Security-Policy violations, so a journey can assert that the CSP (no
inline scripts, no inline styles) breaks nothing. A failing test leaves a
full-page screenshot in test-artifacts/<test name>.png.

Set ISM_E2E_SCREENSHOTS=1 to keep a screenshot of every page a journey checks,
to look at the layout as a user would.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import _copies, copy_of, need
from tests.shared_run import (
    built_once,
    database_name,
    migrated_name,
    run_folder,
    run_id,
)

CHROMIUM = Path("/usr/bin/chromium-headless-shell")
# Debian's Chromium: `playwright install` cannot download its own browsers here.
# Its headless shell, the build Playwright itself runs headless (chrome-headless-
# shell): the full browser's new headless mode took a third more processor time
# for the same tests (tests/e2e: 272 s of CPU against 181 s, the standards walk
# 135 s against 87 s, on two cores with three workers).
# No sandbox (containers lack the user namespaces it needs), and nothing that
# phones home during a test.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = "test-artifacts"
KEEP_SCREENSHOTS = os.environ.get("ISM_E2E_SCREENSHOTS") == "1"

# Chromium raises `securitypolicyviolation` on the document for every blocked
# resource; an init script runs before the page's own scripts and is exempt from
# the page's CSP, so it reports even what the page could not.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "CSP violation: " + event.violatedDirective + " blocked " +
    (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, keep a full-page screenshot of what the browser showed."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.failed and report.when == "call" and page is not None:
        path = artifact_path(item.config, item.name)
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as exc:  # a dead page must not hide the real failure
            report.sections.append(("screenshot", f"no screenshot: {exc!r}"))
        else:
            report.sections.append(("screenshot", f"saved to {path}"))


def artifact_path(config, name: str) -> Path:
    directory = config.rootpath / ARTIFACTS
    directory.mkdir(exist_ok=True)
    return directory / (re.sub(r"[^\w.\-\[\]]+", "_", name) + ".png")


@pytest.fixture(scope="session")
def _playwright():
    """Playwright's driver, one per process: both browsers below are launched from
    it (a second `sync_playwright()` in the same thread refuses to start)."""
    need(
        CHROMIUM.exists(),
        f"needs Debian's Chromium at {CHROMIUM} (apt install chromium-headless-shell)",
    )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop in the test thread, and
    # Django refuses ORM calls when it sees one (SynchronousOnlyOperation). The
    # fixtures and the live server's thread are plain synchronous code, so this is
    # safe; it is the documented way to combine pytest-django with Playwright.
    # Set only while the driver lives, so the rest of the suite keeps the check.
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield playwright


@contextmanager
def _chromium(playwright, *extra_args: str):
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_ARGS, *extra_args]
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser(_playwright):
    with _chromium(_playwright) as browser:
        yield browser


@pytest.fixture(scope="session")
def walk_browser(_playwright):
    """The walks' Chromium (the standards and language walks: they open pages and
    read them, nothing more). It composites on the renderer's main thread
    (--disable-threaded-compositing): the same layout, DOM and styles, for about a
    third less processor time a page (48 demo pages: 45 against 64 ms; with axe-core
    160 against 200 ms). But it draws no frame: requestAnimationFrame never runs,
    screenshots fail, and Playwright's clicks, which wait for an element to hold
    still over two frames, time out. So the journeys keep `browser`, and the walks
    sign in with the keyboard (Enter in the form). Neither ISM's scripts, htmx 2 nor
    axe-core use requestAnimationFrame (tests/e2e/test_standards_walk.py checks it)."""
    with _chromium(_playwright, "--disable-threaded-compositing") as browser:
        yield browser


@pytest.fixture(scope="session")
def core_templates(request, django_db_setup, django_db_blocker):
    """On PostgreSQL, {day: (database, what load_core said)}: `load_core` loaded
    once per run and day into a database each journey copies (see DemoCopy in
    tests/conftest.py; a copy takes a third of a second, `load_core` seconds). In a
    parallel run the first worker that needs a day builds it and the others wait
    for it, as for the demo (tests/shared_run.py); the controller drops it at the
    end. Without xdist the process builds its own and drops it here."""
    templates: dict = {}
    yield templates
    if run_id(request.config) is None:
        with django_db_blocker.unblock():
            for template, _ in templates.values():
                template.drop()


def _core_template(config, connection, day):
    """The database holding `load_core` on `day`, and what it said."""
    from ism.demo import load_core
    from tests.conftest import DemoCopy

    what = f"core{day:%Y%m%d}"
    uid = run_id(config)
    if uid is None:
        template = DemoCopy(connection, what)
        template.create(from_database=template.base)
        with template.active():
            return template, load_core()
    template = DemoCopy(connection, what, name=database_name(uid, what))
    said = run_folder(uid) / f"{what}.json"
    with built_once(uid, what) as build:
        if build:
            template.create(from_database=migrated_name(uid))
            with template.active():
                said.write_text(json.dumps(load_core()))
    return template, json.loads(said.read_text())


@pytest.fixture
def demo_data(request, transactional_db, core_templates, django_db_blocker):
    """The real demo world: conventions, States, committees, one user per role.

    On PostgreSQL each journey runs on its own copy of a database `load_core`
    filled on the same day (the day a journey may have moved the clock to), which
    is dropped after it; on SQLite `load_core` runs for each journey."""
    from django.db import connection
    from django.utils import timezone

    from ism.demo import load_core

    if connection.vendor != "postgresql":
        yield load_core()
        return
    day = timezone.localdate()
    with django_db_blocker.unblock():
        if day not in core_templates:
            core_templates[day] = _core_template(request.config, connection, day)
        template, counts = core_templates[day]
    with copy_of(template, f"journey{next(_copies)}", django_db_blocker):
        yield dict(counts)


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors, uncaught exceptions and CSP violations of the test's page."""
    return []


@pytest.fixture
def page(browser, live_server, console_errors):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            console_errors.append(f"{message.text} ({page.url})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    yield page
    context.close()


@pytest.fixture
def snapshot(request, page):
    """snapshot("home") keeps a screenshot when ISM_E2E_SCREENSHOTS=1."""

    def take(label: str) -> None:
        if KEEP_SCREENSHOTS:
            name = f"{request.node.name}-{label}"
            page.screenshot(
                path=str(artifact_path(request.config, name)), full_page=True
            )

    return take


# Answers yes in ISM's confirmation dialog (templates/ism/_confirm_dialog.html) as
# soon as it opens, for journeys about something else; test_flow_confirm_busy.py
# walks the dialog itself as a user does.
ACCEPT_CONFIRMATIONS = """
document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.getElementById("confirm-dialog");
  if (!dialog) { return; }
  new MutationObserver(() => {
    if (dialog.open) { dialog.querySelector("button[value=confirm]").click(); }
  }).observe(dialog, { attributes: true, attributeFilter: ["open"] });
});
"""


def log_in(page, username: str, password: str | None = None) -> None:
    """Sign in on the login page (the demo's password unless told) and wait
    for the page that greets the user."""
    from playwright.sync_api import expect

    from ism.demo_people import DEMO_PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("who")).to_be_visible()


def accept_confirmations(page) -> None:
    """Say yes to every data-confirm question (and any browser dialog) of the page."""
    page.add_init_script(ACCEPT_CONFIRMATIONS)
    page.on("dialog", lambda dialog: dialog.accept())


@pytest.fixture
def full_demo(demo_template, transactional_db, django_db_blocker):
    """The whole demo, committed for the live server. On PostgreSQL each test runs
    on its own copy of the worker's demo database (tests/conftest.py): the
    transactional teardown empties the database a test ran on, so a module's
    shared copy would leave the module's next test an empty world (the second and
    later languages of a walk once walked nothing but the public pages). On SQLite
    `load_demo` itself."""
    if demo_template is not None:
        with copy_of(demo_template, f"full{next(_copies)}", django_db_blocker):
            yield
        return
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    yield
