"""PDF rendering: real PDFs whose text (Latin and Chinese) can be read back, fast
font subsetting, a URL fetcher that loads the project's static files and nothing
else, and one FontConfiguration and stylesheet per process."""

import io
from pathlib import Path

import pypdf
import pytest
from django.conf import settings

from ism import documents
from ism.documents import harfbuzz_subset_available, html_to_pdf, render_pdf

CHINESE = "执行支助股 2026 年预算"
SMOKE = {
    "title": "ISU budget 2026",
    "symbol": "APLC/MSP.22/2025/5",
    "rows": [("Salaries", "769,221"), ("Social security", "149,998")],
}


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_fonts(pdf: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def test_it_renders_a_real_pdf_whose_text_reads_back():
    pdf = render_pdf("pdf/smoke.html", SMOKE)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    assert "ISU budget 2026" in text
    assert "APLC/MSP.22/2025/5" in text
    assert "769,221" in text and "149,998" in text


def test_it_renders_chinese_text_that_reads_back_intact():
    pdf = render_pdf(
        "pdf/smoke.html", {**SMOKE, "chinese": CHINESE}, language="zh-hans"
    )
    assert CHINESE in pdf_text(pdf)
    # The glyphs come from Noto CJK, not from a font without them (empty boxes).
    assert any("Noto-Sans-CJK-SC" in font for font in pdf_fonts(pdf)), pdf_fonts(pdf)


def test_it_marks_the_documents_language():
    html = documents.render_html("pdf/smoke.html", SMOKE, language="zh-hans")
    # BCP 47's script subtag: readers and fonts choose the Simplified forms.
    assert '<html lang="zh-Hans" dir="ltr">' in html
    arabic = documents.render_html("pdf/smoke.html", SMOKE, language="ar")
    assert '<html lang="ar" dir="rtl">' in arabic


def test_harfbuzz_subsetting_is_available_here():
    # Without it WeasyPrint silently subsets in Python: ~3x slower, Chinese ~20x.
    assert harfbuzz_subset_available() is True
    # The cheap check /healthz uses (no WeasyPrint import) agrees.
    assert documents.harfbuzz_subset_library_present() is True


def test_it_subsets_the_fonts_it_embeds():
    pdf = render_pdf("pdf/smoke.html", {**SMOKE, "chinese": CHINESE})
    # A whole Noto Sans CJK face is ~16 MB; the subset holds the glyphs used.
    assert len(pdf) < 1_000_000
    assert all("+" in font for font in pdf_fonts(pdf))  # subset tags: ABCDEF+Name


# --- The URL fetcher ------------------------------------------------------------------


def fetcher():
    return documents._weasy()[0]


STATIC = Path(settings.BASE_DIR) / "static"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        f"file://{settings.BASE_DIR}/pyproject.toml",
        f"file://{STATIC}/../pyproject.toml",
        "https://example.org/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_anything_but_a_static_file(url):
    with pytest.raises(ValueError):
        fetcher().fetch(url)


@pytest.mark.parametrize("escape", ["%2e%2e", "%2E%2E", ".%2e"])
def test_the_fetcher_refuses_a_percent_encoded_path_out_of_static(escape):
    # urllib percent-decodes a file URL's path when it opens it: the check must
    # see the same path, or "static/%2e%2e/" walks out of static.
    with pytest.raises(ValueError, match="not a static file"):
        fetcher().fetch(f"file://{STATIC}/{escape}/pyproject.toml")


def test_the_fetcher_serves_the_projects_own_static_files():
    response = fetcher().fetch((STATIC / "css" / "pdf.css").as_uri())
    assert b"@page" in response.read()
    response.close()


def test_rendering_survives_a_refused_image_and_embeds_nothing_of_it():
    html = (
        '<html><body><h1>Notice</h1><img src="file:///etc/passwd">'
        '<img src="https://example.org/x.png"></body></html>'
    )
    pdf = html_to_pdf(html)
    assert "Notice" in pdf_text(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert all(len(page.images) == 0 for page in reader.pages)


@pytest.fixture
def static_root(tmp_path, settings):
    """A static folder of our own, so a test can put files in and out of it."""
    inside = tmp_path / "static"
    inside.mkdir()
    settings.STATICFILES_DIRS = [inside]
    settings.STATIC_ROOT = tmp_path / "collected"
    documents._weasy.cache_clear()
    yield inside
    documents._weasy.cache_clear()


def test_rendering_applies_a_static_stylesheet_but_not_one_from_elsewhere(
    static_root, tmp_path
):
    stylesheet = "body::after { content: 'FETCHED-STYLE' }"
    (static_root / "ok.css").write_text(stylesheet)
    (tmp_path / "elsewhere.css").write_text(stylesheet)

    def render(css: Path) -> str:
        html = f'<html><head><link rel="stylesheet" href="{css.as_uri()}"></head>'
        return pdf_text(html_to_pdf(html + "<body><p>Body</p></body></html>"))

    # The positive control: the same file inside static is loaded.
    assert "FETCHED-STYLE" in render(static_root / "ok.css")
    assert "FETCHED-STYLE" not in render(tmp_path / "elsewhere.css")


# --- Per-process state ----------------------------------------------------------------


def test_it_reuses_one_font_configuration_and_stylesheet_between_renders(monkeypatch):
    first = documents._weasy()
    render_pdf("pdf/smoke.html", SMOKE)
    second = documents._weasy()
    assert second[1] is first[1]  # FontConfiguration
    assert second[2] is first[2]  # the pre-parsed stylesheet

    # And a render does not build new ones behind our back.
    import weasyprint
    import weasyprint.text.fonts

    def refuse(*args, **kwargs):
        raise AssertionError("built again")

    monkeypatch.setattr(weasyprint.text.fonts, "FontConfiguration", refuse)
    monkeypatch.setattr(weasyprint, "CSS", refuse)
    assert render_pdf("pdf/smoke.html", SMOKE).startswith(b"%PDF-")
