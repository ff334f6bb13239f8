"""The work plan's progress table keeps each header in its own column: "Actual
to date" wraps inside its narrow column instead of running into "As at"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.test_workplan_journey import log_in, plan  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e]

GAP = """([left, right]) => {
  const header = (text) => [...document.querySelectorAll("table.wp-progress th")]
    .find((th) => th.textContent.trim() === text);
  const textBox = (th) => {
    const range = document.createRange();
    range.selectNodeContents(th);
    return range.getBoundingClientRect();
  };
  const a = header(left), b = header(right);
  return {gap: textBox(b).left - textBox(a).right,
          overflow: a.scrollWidth - a.clientWidth};
}"""


def test_the_progress_headers_do_not_run_together(page: Page, plan):  # noqa: F811
    log_in(page, "staff.apmbc")
    page.goto(f"/workplans/{plan.pk}/progress/")
    measured = page.evaluate(GAP, ["Actual to date", "As at"])

    assert measured["overflow"] <= 0  # the header fits its column
    assert measured["gap"] >= 8  # pixels of space between the two headers
