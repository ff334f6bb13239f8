"""The PDF baselines' floor: bare WeasyPrint, warm, as a project without ISM would
run it in a long-lived worker.

One FontConfiguration, one URL fetcher and pdf.css parsed once per process,
reused for every render (what ism/documents.py does), the same options ISM passes
(a tagged PDF; the metadata comes from the HTML's head, the same HTML on both
sides). What is left out is ISM itself: its template and context, the
restrictions of its URL fetcher, the database reads and the storing of the file.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from bench.harness import Pair


@functools.cache
def _warm():
    from django.conf import settings
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    from ism.documents import PDF_STYLESHEET

    # One fetcher too, as ISM keeps one: WeasyPrint's default builds a new
    # URLFetcher (an urllib opener with an SSL context) for every document, ~7% of
    # a one-page invoice's render.
    fetcher = URLFetcher()
    font_config = FontConfiguration()
    stylesheet = CSS(
        filename=str(PDF_STYLESHEET), font_config=font_config, url_fetcher=fetcher
    )
    base_url = Path(settings.BASE_DIR, "static").as_uri() + "/"
    return fetcher, font_config, stylesheet, base_url


def render(html: str) -> bytes:
    """The PDF of `html` with this process's fonts and parsed stylesheet."""
    from weasyprint import HTML

    fetcher, font_config, stylesheet, base_url = _warm()
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_tags=True
    )


def pdf_text(pdf: bytes) -> tuple[int, str]:
    """The page count and the whitespace-normalised text of a PDF: both sides
    must make the same document."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    return len(reader.pages), text


def task_pair(
    *,
    model,
    pk: int,
    task: Callable[[], bool],
    html: str,
    stored: Callable[[], bytes],
    check: Callable[[str, int, str], None],
) -> Pair:
    """ISM's render `task` for row `pk` of `model` (run in this process, as a
    Celery worker runs it) against the warm bare render of `html`, the same
    document's HTML. Each ISM call first moves the row's `revision` on (one
    UPDATE, as an edit does), or the task would find its document current and
    render nothing. Before timing, `check(side, pages, text)` sees the document
    each side makes (ISM's as `stored()` reads it back from storage)."""
    from django.db.models import F

    rows = model.objects.filter(pk=pk)

    def bare() -> bytes:
        return render(html)

    def ism() -> bool:
        rows.update(revision=F("revision") + 1)
        if not task():
            raise RuntimeError(f"the render task stored no document for {pk}")
        return True

    ism()
    for side, pdf in (("ism", stored()), ("bare", bare())):
        pages, text = pdf_text(pdf)
        check(side, pages, text)
    # settle: a full garbage collection costs as much as a tenth of a render; each
    # side pays its own, at its steady pace (bench/harness.py).
    return Pair(baseline=bare, subject=ism, settle=True)
