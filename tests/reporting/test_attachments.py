"""Attachments are checked by what they contain and their size, stored privately
and served through the access policy."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting import services
from reporting.models import Attachment
from tests.pdfs import one_page_pdf
from tests.reporting.helpers import BEFORE_DUE, form_of, mark_all, open_report

PDF = one_page_pdf()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def status(client, url) -> int:
    """The status of a download, its file read to the end so the test client
    closes it (a FileResponse left open is a ResourceWarning, an error here)."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


@pytest.fixture
def report(apmbc, state_a, focal_a):
    return open_report(state_a, apmbc, actor=focal_a)


def attach(report, actor, name, data, code="A"):
    return services.report_attachment_add(
        form=form_of(report, code),
        upload=SimpleUploadedFile(name, data),
        actor=actor,
    )


def test_a_pdf_and_a_word_document_are_accepted_and_stored_privately(
    report, focal_a, settings
):
    pdf = attach(report, focal_a, "law.pdf", PDF)
    word = attach(report, focal_a, "annex.docx", docx())
    assert (pdf.kind, word.kind) == ("pdf", "docx")
    assert pdf.file.name.startswith(f"reporting/attachments/{report.pk}/")
    assert "law" not in pdf.file.name  # the user's file name never reaches the disk
    assert str(settings.MEDIA_ROOT) in pdf.file.path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("law.pdf", b"MZ\x90\x00 a program"),
        ("law.pdf", b"%PDF-1.4 cut short"),
        ("law.docx", PDF),
        ("law.txt", b"plain text"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(report, focal_a, name, data):
    with pytest.raises(ValidationError):
        attach(report, focal_a, name, data)
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(report, focal_a, settings):
    settings.REPORTING_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as raised:
        attach(report, focal_a, "big.pdf", PDF + b" " * 200)
    assert "up to" in str(raised.value)


def test_the_page_refuses_a_renamed_program_beside_the_field(
    client_for, focal_a, report
):
    response = client_for(focal_a).post(
        f"/reporting/reports/{report.pk}/forms/A/attach/",
        {"file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 400
    assert 'data-testid="error-file"' in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_attachment_is_public_once_a_published_version_holds_it(
    client_for, client, focal_a, isu_staff, report
):
    attachment = attach(report, focal_a, "law.pdf", PDF)
    url = f"/reporting/attachments/{attachment.pk}/"
    assert status(client, url) == 404  # a draft's document is private
    assert status(client_for(focal_a), url) == 200
    mark_all(report, actor=focal_a)
    version = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    services.report_version_publish(version=version, actor=isu_staff)
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_removing_a_frozen_attachment_keeps_it_for_its_version(
    report, focal_a, client_for
):
    attachment = attach(report, focal_a, "law.pdf", PDF)
    mark_all(report, actor=focal_a)
    version = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    services.report_correct(report=report, actor=focal_a)
    services.report_attachment_remove(attachment=attachment, actor=focal_a)
    attachment.refresh_from_db()
    assert attachment.detached
    assert list(version.attachments.all()) == [attachment]
    assert (
        status(client_for(focal_a), f"/reporting/attachments/{attachment.pk}/") == 200
    )


def test_removing_a_draft_attachment_deletes_its_file_after_commit(
    report, focal_a, django_capture_on_commit_callbacks
):
    attachment = attach(report, focal_a, "law.pdf", PDF)
    path = Path(attachment.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_attachment_remove(attachment=attachment, actor=focal_a)
    assert not Attachment.objects.exists()
    assert not path.exists()
