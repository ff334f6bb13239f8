"""An uploaded file is judged by what it would do when opened (ism.uploads): a
PDF that runs JavaScript or launches a program, an archive whose directory lies
about its sizes."""

import io
import struct
import zipfile

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from ism.uploads import ActiveContent, pdf_active_content, size_phrase, unpacked_size


def blank_pdf(**root_entries) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    for key, value in root_entries.items():
        writer._root_object[NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_plain_pdf_runs_nothing():
    assert pdf_active_content(blank_pdf()) is None


def test_javascript_in_the_names_tree_is_found():
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    names = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("x"), script])}
            )
        }
    )
    assert pdf_active_content(blank_pdf(**{"/Names": names})) == "JavaScript"


def test_a_launch_action_on_opening_is_found():
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        }
    )
    found = pdf_active_content(blank_pdf(**{"/OpenAction": action}))
    assert found == "an action that launches a program"


def test_javascript_behind_an_escaped_name_is_found():
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    data = blank_pdf(**{"/OpenAction": action})
    # "/J#53" is "/JS" to a PDF reader; a byte search for "/JS" misses it.
    hidden = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in hidden
    assert pdf_active_content(hidden) == "JavaScript"


def test_a_pdf_that_cannot_be_read_is_not_passed():
    with pytest.raises(ActiveContent):
        pdf_active_content(b"%PDF-1.7\n garbage \n%%EOF")


def zip_with(member_bytes: int, *, declared: int | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * member_bytes)
    data = bytearray(out.getvalue())
    if declared is not None:
        # Rewrite the uncompressed size of word/document.xml in its local header
        # and its central directory entry: the directory now lies.
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = 0
            while (at := data.find(signature, start)) != -1:
                name_at = at + (30 if signature == b"PK\x03\x04" else 46)
                if data[name_at : name_at + 17] == b"word/document.xml":
                    struct.pack_into("<I", data, at + offset, declared)
                start = at + 4
    return bytes(data)


def test_an_honest_archive_is_measured_by_unpacking_it():
    archive = zipfile.ZipFile(io.BytesIO(zip_with(100_000)))
    assert unpacked_size(archive, cap=1_000_000) == 100_000 + len("<Types/>")


def test_an_archive_past_the_cap_is_refused_while_unpacking():
    archive = zipfile.ZipFile(io.BytesIO(zip_with(5_000_000)))
    with pytest.raises(ActiveContent):
        unpacked_size(archive, cap=1_000_000)


def test_an_archive_whose_directory_lies_is_refused():
    data = zip_with(5_000_000, declared=1_000)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sum(i.file_size for i in archive.infolist()) < 2_000  # what it claims
    with pytest.raises((ActiveContent, zipfile.BadZipFile)):
        unpacked_size(archive, cap=1_000_000)


def test_the_size_message_tells_sizes_apart():
    limit = 20 * 1024 * 1024
    assert size_phrase(limit + 1, limit) == (
        "The file is 20.0\xa0MB (20,971,521 bytes); files up to 20.0\xa0MB "
        "(20,971,520 bytes) are accepted."
    )
    assert size_phrase(30 * 1024 * 1024, limit) == (
        "The file is 30.0\xa0MB; files up to 20.0\xa0MB are accepted."
    )
