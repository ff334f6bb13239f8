"""PDF rendering: template + context → bytes, with WeasyPrint.

Measured here: importing WeasyPrint costs ~0.6 s, so it is imported lazily and used
from warm Celery workers, never per request. One FontConfiguration and the shared
stylesheet, parsed once, are reused for every render in the process: memory grows
~26 KB per render instead of ~0.35 MB, and renders are ~10% faster. Not flat:
measured (Dec 2026, one process rendering invoices from the decade-scale data)
126 MB after the first render, 136 MB after 50, 151 MB after 600 — WeasyPrint's
own caches, bare WeasyPrint grows the same — so workers are recycled
(worker_max_tasks_per_child, ism/celery.py).
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from ism.document_languages import html_lang, text_direction

PDF_STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "pdf.css"


class HarfBuzzSubsetMissing(RuntimeError):
    pass


@functools.cache
def harfbuzz_subset_library_present() -> bool:
    """The same question without importing WeasyPrint (~0.6 s): for /healthz in
    web processes that never render."""
    import ctypes.util

    return ctypes.util.find_library("harfbuzz-subset") is not None


def harfbuzz_subset_available() -> bool:
    """WeasyPrint falls back, silently, to a Python font subsetter without
    libharfbuzz-subset: a one-page invoice then takes ~340 ms instead of ~107 ms and
    a Chinese one ~3 s instead of ~130 ms."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def _static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


@functools.cache
def _weasy():
    """The per-process WeasyPrint state: fetcher, fonts, pre-parsed stylesheet."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    roots = _static_roots()

    class StaticOnlyFetcher(URLFetcher):
        """Documents may load the project's own static files and nothing else: no
        network, no arbitrary file from the disk (a user's text ends up in the HTML)."""

        def fetch(self, url, headers=None):
            if not url.startswith("file://"):
                raise ValueError(f"PDF resources must be local static files: {url}")
            # Decoded exactly as urllib will open it: "%2e%2e" is "..".
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise ValueError(f"not a static file: {url}")
            return super().fetch(url, headers)

    fetcher = StaticOnlyFetcher(allowed_protocols=("file",))
    font_config = FontConfiguration()
    stylesheet = CSS(
        filename=str(PDF_STYLESHEET), font_config=font_config, url_fetcher=fetcher
    )
    return fetcher, font_config, stylesheet


def document_author(context: dict) -> str:
    """The PDF's author: the ISU of the document's convention (of its meeting's,
    for a meeting document)."""
    convention = context.get("convention")
    code = getattr(convention, "code", None) or getattr(
        getattr(context.get("meeting"), "convention", None), "code", None
    )
    if not code:
        return gettext("Implementation Support Unit")
    return gettext("%(code)s Implementation Support Unit") % {"code": code}


def render_html(template: str, context: dict, *, language: str = "en") -> str:
    with translation.override(language):
        metadata = {
            "document_created": timezone.now(),
            "document_author": document_author(context),
            # <html lang dir>: "zh-Hans" picks the Simplified forms, Arabic is rtl.
            "html_lang": html_lang(language),
            "text_direction": text_direction(language),
        }
        return render_to_string(template, {**metadata, **context, "language": language})


def html_to_pdf(html: str) -> bytes:
    """Bytes of the PDF for `html`, with the shared stylesheet and fonts.

    Tagged (headings, tables and lists as a structure tree screen readers follow)
    and with its metadata from the HTML head: title, author, subject, language and
    creation date (templates/pdf/base.html). Tagging costs about a tenth of a
    render (a two-page table, warm: 159 ms tagged, 141 ms not); bench/'s bare
    baselines tag too, so their ratios compare like with like."""
    from weasyprint import HTML

    fetcher, font_config, stylesheet = _weasy()
    base_url = Path(settings.BASE_DIR, "static").as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_tags=True
    )


def render_pdf(template: str, context: dict, *, language: str = "en") -> bytes:
    """Render a template under templates/pdf/ to PDF bytes."""
    return html_to_pdf(render_html(template, context, language=language))
