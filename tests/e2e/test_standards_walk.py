"""Every page each demo role can reach, checked by validators no one here wrote:
axe-core (WCAG 2.1 A and AA rules, injected into the real Chromium page) and the
Nu Html Checker (vnu.jar, the W3C's checker), each from npm (.ci/node-tools); and
laid out on a 390-pixel phone, where no page may be wider than the screen (a wide
table scrolls inside its own box).

The walk starts at the home page and follows the links a role is shown (same
site, GET, not downloads, not the admin or the API), one page per route — the
routes are the pages; a second budget is the same template — up to MAX_PAGES a
role. A page is checked once per role: what a role sees differs (forms, actions).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import need
from tests.validators import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.standards]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ROLES = [None, "staff.apmbc", "committee.apmbc", "focal.norway", "auditor"]
MAX_PAGES = 60
PHONE = {"width": 390, "height": 844}
SKIP_PREFIXES = ("/admin/", "/api/", "/accounts/logout", "/media/", "/static/")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".ics", ".xml", ".docx", ".json", ".html")
# Documents at a row's address (budgets/3/pdf/, workplans/1/pdf/table/, …/xlsx/,
# isu-report/word/): files, not pages. Asking for one in a language it has not been
# rendered in would render it there and then (Celery runs eagerly in the tests) —
# most of a walk's time once — for a response the walk then leaves aside.
DOCUMENT_SEGMENTS = {"pdf", "xlsx", "word"}
# The WCAG 2.1 A and AA rules (axe-core tags); best practices are not a standard.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

LINKS = """() => Array.from(document.querySelectorAll('a[href]'),
  a => a.href).filter(href => href.startsWith(location.origin))"""


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def wanted(path: str) -> bool:
    return (
        not path.startswith(SKIP_PREFIXES)
        and not path.endswith(SKIP_SUFFIXES)
        and not DOCUMENT_SEGMENTS & set(path.split("/"))
    )


def log_in(page, username: str) -> None:
    """Sign in as a user does with the keyboard: the name, the password, Enter
    (the walks' browser draws no frame, so a click would wait for one forever:
    tests/e2e/conftest.py, walk_browser). The form is found by its fields' names,
    which read the same in every language."""
    from ism.demo_people import DEMO_PASSWORD

    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    # Signed in, or the walk would read the public pages only and pass on them.
    assert page.get_by_test_id("who").count() == 1, f"{username} could not sign in"


def phone_width(page) -> int:
    """How wide the document is on a 390-pixel phone, in CSS pixels (the same
    page laid out again at that width; the viewport is put back after)."""
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.set_viewport_size(desktop)
    return width


# The walks' browser draws no frame (tests/e2e/conftest.py, walk_browser): a page
# whose scripts wait for one would be read before they have run. Every walked page
# counts what its scripts ask for, and the walk stops on the first that asks.
COUNT_FRAMES = """
window.__framesAsked = 0;
const askFrame = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = callback => {
  window.__framesAsked += 1;
  return askFrame(callback);
};
"""


def walk_context(browser, origin: str, **options):
    """A browser context for a walk: a desktop window on the live server, counting
    the animation frames pages ask for (see pages_per_route)."""
    context = browser.new_context(
        base_url=origin, viewport={"width": 1280, "height": 800}, **options
    )
    context.add_init_script(COUNT_FRAMES)
    return context


def pages_per_route(page, origin: str, max_pages: int = MAX_PAGES):
    """Open one page per route the role reaches, from the home page along the
    links it is shown, and yield (path, response) while the browser shows it."""
    seen_routes: set[str] = set()
    file_routes: set[str] = set()  # not pages: not counted
    queue, queued = deque(["/"]), {"/"}
    while queue and len(seen_routes) < max_pages:
        path = queue.popleft()
        route = route_of(urlsplit(path).path)
        if route is None or route in seen_routes or route in file_routes:
            continue
        try:
            response = page.goto(path)
        except PlaywrightError as error:  # a link to a file: a download, no page
            if "Download is starting" in str(error):
                # The route serves files (a statement, a meeting's file): its
                # other links would be downloads too.
                file_routes.add(route)
                continue
            raise
        if response is None or response.status != 200:
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        asked = page.evaluate("() => window.__framesAsked")
        assert asked == 0, f"{path} waits for an animation frame the walk never draws"
        seen_routes.add(route)
        yield path, response
        for href in page.evaluate(LINKS):
            link = urldefrag(href)[0].removeprefix(origin) or "/"
            if wanted(urlsplit(link).path) and link not in queued:
                queued.add(link)
                queue.append(link)


def walk(page, origin: str) -> list[tuple[str, str, list[dict], int]]:
    """(path, HTML, axe violations, width on a phone) of one page per route the
    role reaches."""
    checked = []
    for path, response in pages_per_route(page, origin):
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        # The HTML as the server sent it (page.content() would hold axe's script).
        checked.append((path, response.text(), result["violations"], phone_width(page)))
    return checked


def nu_errors(pages: dict[str, str]) -> dict[str, list[str]]:
    """The Nu Html Checker's errors on each page's HTML, in one run."""
    need(VNU.exists(), "vnu.jar is not installed: run `bash .ci/node-tools`")
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n, (name, html) in enumerate(pages.items()):
            file = Path(tmp, f"page{n}.html")
            file.write_text(html, encoding="utf-8")
            files[file.name] = name
        out = subprocess.run(
            ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always"]
            + [str(Path(tmp, f"page{n}.html")) for n in range(len(pages))],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    found: dict[str, list[str]] = {}
    for message in json.loads(out.stderr)["messages"]:
        if message["type"] == "error":
            found.setdefault(files[message["url"].rsplit("/", 1)[-1]], []).append(
                f"{message['message']} (line {message.get('lastLine')}: "
                f"{message.get('extract', '').strip()[:80]})"
            )
    return found


def test_every_page_of_every_role_passes_axe_and_the_nu_checker(
    walk_browser, live_server, full_demo
):
    need(AXE.exists(), "axe-core is not installed: run `bash .ci/node-tools`")
    violations, pages, too_wide = {}, {}, {}
    for username in ROLES:
        # bypass_csp: axe runs as a script the page's CSP would refuse.
        context = walk_context(walk_browser, live_server.url, bypass_csp=True)
        # axe loads with every page (an init script: parsed once per page, no
        # script tag added to the document the Nu checker reads).
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        if username:
            log_in(page, username)
        for path, html, found, width in walk(page, live_server.url):
            who = username or "anonymous"
            pages[f"{who} {path}"] = html
            if width > PHONE["width"]:
                too_wide[f"{who} {path}"] = width
            for violation in found:
                nodes = [" ".join(node["target"]) for node in violation["nodes"]][:3]
                violations.setdefault(f"{who} {path}", []).append(
                    f"{violation['id']}: {violation['help']} {nodes}"
                )
        context.close()
    assert len(pages) > 40, sorted(pages)
    errors = nu_errors(pages)
    report = Path(ROOT, "test-artifacts")
    report.mkdir(exist_ok=True)
    (report / "standards-walk.json").write_text(
        json.dumps(
            {"axe": violations, "nu": errors, "phone": too_wide},
            indent=1,
            ensure_ascii=False,
        )
    )
    assert violations == {}
    assert errors == {}
    assert too_wide == {}, "wider than a 390-pixel phone (CSS pixels)"


BROKEN = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Broken</title></head><body><main><img src="x.png">
<p hx-get="/">An attribute HTML does not have.</p>
<div style="width: 1000px">Too wide for a phone.</div></main></body></html>"""


def test_the_checkers_catch_a_broken_page(walk_browser):
    """The walk's checkers are live: on a page with an image without text, an
    invented attribute and a 1000-pixel block, each says so."""
    context = walk_browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_content(BROKEN)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert "image-alt" in {violation["id"] for violation in result["violations"]}
    assert phone_width(page) > PHONE["width"]
    context.close()
    errors = nu_errors({"broken": BROKEN})["broken"]
    assert any("hx-get" in error for error in errors), errors


def test_the_walk_stops_on_a_page_that_waits_for_a_frame(walk_browser):
    """The walk fails on a page whose script asks for an animation frame, which
    the walks' browser never draws (the script's change never shows)."""
    origin = "http://ism.test"
    context = walk_context(walk_browser, origin)
    context.route(
        "**/*",
        lambda route: route.fulfill(
            content_type="text/html",
            body="<!doctype html><title>F</title><script>"
            "requestAnimationFrame(() => { document.title = 'drawn'; });</script>",
        ),
    )
    page = context.new_page()
    with pytest.raises(AssertionError, match="waits for an animation frame"):
        next(pages_per_route(page, origin))
    page.wait_for_timeout(300)
    assert page.title() == "F"
    context.close()
