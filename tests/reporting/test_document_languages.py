"""Reporting's documents in the six UN languages (issue 18): an Article 7 report
version, the ISU annual report's PDF and its Word file take ?lang=."""

import io

from django.utils import timezone, translation

from ism.models import TranslatedDocument
from reporting.documents import isu_report_render
from reporting.models import IsuReportDocument
from tests.pdftext import flat, pdftotext
from tests.reporting.helpers import submitted_report

# Last calendar year, whatever today is (the suite also runs at moved dates).
LAST_YEAR = timezone.localdate().year - 1
START, END = f"{LAST_YEAR}-01-01", f"{LAST_YEAR}-12-31"
QUERY = f"convention=APMBC&start={START}&end={END}"


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        text = translation.gettext(msgid)
    assert text != msgid
    return text


def test_a_report_version_in_arabic_is_stored_apart(
    client_for, focal_a, apmbc, state_a
):
    _, version = submitted_report(state_a, apmbc, actor=focal_a)
    url = f"/reporting/versions/{version.pk}/pdf/"

    response = client_for(focal_a).get(url, {"lang": "ar"})

    assert response["Content-Disposition"].endswith('-v1-ar.pdf"')
    text = flat(pdftotext(b"".join(response.streaming_content)))
    assert (
        flat(in_language("ar", "Transparency report")) in text
        or flat(in_language("ar", "Form")) in text
    )
    assert TranslatedDocument.objects.get(kind="report-version").language == "ar"
    version.refresh_from_db()
    assert not version.pdf  # the English one is rendered only when asked for


def test_the_isu_reports_pdf_in_chinese(client_for, isu_staff, apmbc):
    form = {"convention": "APMBC", "start": START, "end": END}
    client_for(isu_staff).post("/reporting/isu-report/pdf/?lang=zh-hans", form)

    document = IsuReportDocument.objects.get()
    assert document.language == "zh-hans"
    isu_report_render(document_id=document.pk)
    document.refresh_from_db()
    with document.pdf.open("rb") as stored:
        text = flat(pdftotext(stored.read()))
    assert in_language("zh-hans", "Meetings supported") in text


def test_the_isu_reports_word_file_in_russian(client_for, isu_staff, apmbc):
    from docx import Document

    response = client_for(isu_staff).get(f"/reporting/isu-report/word/?{QUERY}&lang=ru")
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert in_language("ru", "Meetings supported") in text
