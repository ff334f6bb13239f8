"""Uploads are judged by their content: a renamed executable is refused with a
clear message, so is an oversized file; nothing is stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ism.uploads import inspect_upload
from meetings.models import DocumentFile, MeetingDocument
from tests.meetings.conftest import PDF_BYTES, office_bytes


@pytest.fixture
def document(msp):
    return MeetingDocument.objects.create(
        meeting=msp, symbol="APLC/MSP.22/2025/5", title="Budget", date="2025-10-08"
    )


def upload(client, document, name, content, language="en"):
    return client.post(
        f"/meetings/{document.meeting_id}/documents/{document.pk}/upload/",
        {"language": language, "file": SimpleUploadedFile(name, content)},
    )


def stored_files(private_media):
    folder = private_media / "meetings"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("agenda.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "a Windows program"),
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "a Linux program"),
        ("budget.docx", b"MZ" + b"\x00" * 100, "a Windows program"),
    ],
)
def test_it_refuses_a_renamed_executable(
    client_for, isu_staff, document, private_media, name, content, what
):
    response = upload(client_for(isu_staff), document, name, content)
    assert response.status_code == 400
    message = " ".join(response.context["file_form"].errors["file"])
    assert what in message
    assert "not a document" in message
    assert not DocumentFile.objects.exists()
    assert stored_files(private_media) == []


def test_it_refuses_an_oversized_file(
    client_for, isu_staff, document, private_media, settings
):
    settings.MEETINGS_UPLOAD_MAX_BYTES = 1024
    big = PDF_BYTES[:-7] + b" " * 2000 + b"\n%%EOF\n"
    response = upload(client_for(isu_staff), document, "big.pdf", big)
    assert response.status_code == 400
    message = " ".join(response.context["file_form"].errors["file"])
    # filesizeformat separates number and unit with a no-break space.
    assert "files up to 1.0\xa0KB are accepted" in message
    assert message.startswith(f"The file is {len(big) / 1024:.1f}\xa0KB")
    assert not DocumentFile.objects.exists()
    assert stored_files(private_media) == []


def test_the_limit_is_20_mb_by_default():
    size = 20 * 1024 * 1024 + 1
    fake = SimpleUploadedFile("x.pdf", b"%PDF-")
    fake.size = size  # the size check comes before reading
    with pytest.raises(ValidationError) as exc:
        inspect_upload(fake)
    assert exc.value.code == "too_large"
    assert "20.0\xa0MB" in exc.value.message


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.pdf", b"just some text", "unknown_type"),
        ("report.docx", PDF_BYTES, "extension_mismatch"),
        ("report.pdf", PDF_BYTES[:-7], "damaged"),
        ("data.xlsx", office_bytes("docx"), "extension_mismatch"),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 50, "damaged"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_it_names_what_is_wrong_with_other_files(name, content, code):
    with pytest.raises(ValidationError) as exc:
        inspect_upload(SimpleUploadedFile(name, content))
    assert exc.value.code == code


def test_it_refuses_macro_enabled_office_files():
    content = office_bytes("docx")
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("word/vbaProject.bin", b"\x00")
    with pytest.raises(ValidationError) as exc:
        inspect_upload(SimpleUploadedFile("m.docx", buffer.getvalue()))
    assert exc.value.code == "macros"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("budget.pdf", PDF_BYTES, "pdf"),
        ("budget.docx", office_bytes("docx"), "docx"),
        ("figures.XLSX", office_bytes("xlsx"), "xlsx"),
    ],
)
def test_it_stores_real_documents_privately(
    client_for, isu_staff, document, private_media, name, content, kind
):
    response = upload(client_for(isu_staff), document, name, content, language="fr")
    assert response.status_code == 302
    stored = DocumentFile.objects.get(document=document, language="fr")
    assert stored.kind == kind
    assert stored.size == len(content)
    assert stored.original_name == name
    # Under MEDIA_ROOT, with a name the uploader did not choose.
    path = private_media / stored.file.name
    assert path.read_bytes() == content
    assert name not in stored.file.name


def test_a_second_file_in_a_language_replaces_the_first(
    client_for, isu_staff, document, private_media, django_capture_on_commit_callbacks
):
    client = client_for(isu_staff)
    upload(client, document, "v1.pdf", PDF_BYTES)
    first = DocumentFile.objects.get().file.name
    assert (private_media / first).exists()
    # The old file goes once the new row is committed.
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, document, "v2.docx", office_bytes("docx"))
    stored = DocumentFile.objects.get()
    assert stored.kind == "docx"
    assert not (private_media / first).exists()


def test_only_the_conventions_staff_upload(client_for, other_staff, focal_a, document):
    for user in (other_staff, focal_a):
        response = upload(client_for(user), document, "x.pdf", PDF_BYTES)
        assert response.status_code == 403
    assert not DocumentFile.objects.exists()


def pdf_that_runs(action: str) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF_BYTES)))
    entries = {NameObject("/S"): NameObject(action)}
    if action == "/JavaScript":
        entries[NameObject("/JS")] = TextStringObject("app.launchURL('x')")
    else:
        entries[NameObject("/F")] = TextStringObject("cmd.exe")
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(entries)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("action", "what"),
    [("/JavaScript", "JavaScript"), ("/Launch", "launches a program")],
)
def test_a_pdf_that_would_run_something_is_refused(
    client_for, isu_staff, document, private_media, action, what
):
    response = upload(
        client_for(isu_staff), document, "notes.pdf", pdf_that_runs(action)
    )
    assert response.status_code == 400
    assert what in " ".join(response.context["file_form"].errors["file"])
    assert not DocumentFile.objects.exists()
    assert stored_files(private_media) == []


def test_an_office_file_whose_directory_lies_about_its_size_is_refused():
    """A zip bomb: word/document.xml unpacks to 30 MB but its entries say 1 KB."""
    import struct

    data = bytearray(office_bytes("docx"))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(bytes(data))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body += b" " * (30 * 1024 * 1024)
            bomb.writestr(info.filename, body)
    data = bytearray(out.getvalue())
    for signature, offset, name_at in (
        (b"PK\x03\x04", 22, 30),
        (b"PK\x01\x02", 24, 46),
    ):
        start = 0
        while (at := data.find(signature, start)) != -1:
            if data[at + name_at : at + name_at + 17] == b"word/document.xml":
                struct.pack_into("<I", data, at + offset, 1024)
            start = at + 4
    assert len(data) < 1024 * 1024  # small on the wire, as a bomb is
    with pytest.raises(ValidationError) as refused:
        inspect_upload(SimpleUploadedFile("minutes.docx", bytes(data)))
    assert refused.value.code in {"zip_bomb", "damaged"}
