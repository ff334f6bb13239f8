"""What an uploaded document really is, judged by its content, not its name;
and how a stored one is served back.

A file named x.pdf that begins with "MZ" is a Windows program, whatever its name
says; it is refused before anything is stored. Accepted: PDF (begins with "%PDF-"
and ends with an end-of-file marker) and the Office Open XML formats DOCX and
XLSX (ZIP archives whose [Content_Types].xml declares a Word document or an Excel
workbook, with the matching word/ or xl/ part). Macro-enabled Office files are
refused: their content types differ from the plain ones.

And what it would do when opened:

- A PDF is refused when it carries JavaScript or an action that launches or
  imports something: every object reachable from its trailer is walked (pypdf
  decodes object streams and escaped names, which a byte search would miss).
- An Office file (a ZIP archive) is unpacked for real, member by member, with a
  cap on the bytes it yields: the sizes its directory declares can lie (a zip
  bomb says it holds a few kilobytes), so they are never trusted.

Uploads are served as attachments, sandboxed (Content-Security-Policy: sandbox)
and with their declared type final (nosniff): a file from a State is never a page
of ISM's origin.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Beginnings of executables and scripts, named so the message can say what it is.
_EXECUTABLES = [
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xfe\xed\xfa\xcf", "a macOS program"),
    (b"\xca\xfe\xba\xbe", "a macOS or Java program"),
    (b"#!", "a script"),
]
_DOCX_MAIN = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
_XLSX_MAIN = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
)
# [Content_Types].xml is a few kilobytes; read no more than this of it.
_CONTENT_TYPES_LIMIT = 256 * 1024
# A document whose parts would unpack to more than this is not a meeting document.
_UNPACKED_LIMIT = 500 * 1024 * 1024
ALLOWED_EXTENSIONS = {"pdf", "docx", "xlsx"}


@dataclass(frozen=True)
class Inspected:
    kind: str  # "pdf", "docx" or "xlsx"
    size: int
    sha256: str


def max_upload_bytes() -> int:
    """The size limit: settings.MEETINGS_UPLOAD_MAX_BYTES, 20 MB by default."""
    return int(getattr(settings, "MEETINGS_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _office_kind(data: bytes) -> str:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(
            _("The file looks like an Office document but its archive is damaged."),
            "damaged",
        ) from None
    try:
        unpacked_size(archive, _UNPACKED_LIMIT)
    except ActiveContent:
        raise _refuse(
            _("The file unpacks to an unreasonable size."), "zip_bomb"
        ) from None
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError):
        raise _refuse(
            _("The file looks like an Office document but its archive is damaged."),
            "damaged",
        ) from None
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise _refuse(
            _("The file is a ZIP archive, not a Word or Excel document."), "not_office"
        )
    try:
        with archive.open("[Content_Types].xml") as handle:
            content_types = handle.read(_CONTENT_TYPES_LIMIT)
    except (zipfile.BadZipFile, OSError, RuntimeError):
        raise _refuse(
            _("The file looks like an Office document but its archive is damaged."),
            "damaged",
        ) from None
    if b"macroEnabled" in content_types or any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        raise _refuse(
            _("Documents with macros are not accepted: save it as .docx or .xlsx."),
            "macros",
        )
    if _DOCX_MAIN in content_types and "word/document.xml" in names:
        return "docx"
    if _XLSX_MAIN in content_types and "xl/workbook.xml" in names:
        return "xlsx"
    raise _refuse(
        _(
            "The file is an Office archive but neither a Word document nor an Excel "
            "workbook."
        ),
        "not_office",
    )


def inspect_upload(upload, *, max_bytes: int | None = None) -> Inspected:
    """Check an uploaded file (a Django UploadedFile or any file object with .name)
    and say what it is, or raise ValidationError with a message for the user."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _refuse(size_phrase(size, limit), "too_large")
    data = _read_all(upload)
    if len(data) > limit:
        raise _refuse(size_phrase(len(data), limit), "too_large")
    if not data:
        raise _refuse(_("The file is empty."), "empty")
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    for magic, what in _EXECUTABLES:
        if data.startswith(magic):
            raise _refuse(
                _(
                    "“%(name)s” is %(what)s, not a document, whatever its name says. "
                    "It was not stored."
                )
                % {"name": PurePath(upload.name or "").name, "what": _(what)},
                "executable",
            )
    if data.startswith(b"%PDF-"):
        # A complete PDF ends with %%EOF (allowing trailing whitespace or junk
        # written by some tools within the last kilobyte).
        if b"%%EOF" not in data[-1024:]:
            raise _refuse(
                _("The PDF is incomplete (it has no end): upload it again."),
                "damaged",
            )
        kind = "pdf"
    elif data.startswith(b"PK\x03\x04"):
        kind = _office_kind(data)
    else:
        raise _refuse(
            _("Only PDF, Word (.docx) and Excel (.xlsx) documents are accepted."),
            "unknown_type",
        )
    if extension != kind:
        raise _refuse(
            _(
                "The file's content is %(kind)s but its name ends in “.%(ext)s”: "
                "rename it to .%(kind_ext)s, or upload the right file."
            )
            % {
                "kind": kind.upper(),
                "ext": extension or "",
                "kind_ext": kind,
            },
            "extension_mismatch",
        )
    if kind == "pdf":
        _refuse_active_pdf(data)
    return Inspected(kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def serve_upload(stored, *, public: bool) -> FileResponse:
    """A stored upload (a row with `file`, `kind`, `download_name` and
    `content_type`), to a user the view has already let see it: downloaded under
    the row's name (an attachment, even a PDF: a file from outside is never
    shown as a page of ISM's origin), sandboxed should a browser render it anyway,
    its declared type final (nosniff). A public file may be kept by the browser
    for five minutes, a restricted one not at all. 404 when storage has lost it."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=stored.download_name,
        content_type=stored.content_type,
    )
    response["Cache-Control"] = (
        "private, max-age=300" if public else "private, no-store"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


# --- What a file would do when opened ---------------------------------------------

# Actions a PDF reader would run, by their /S (subtype) name.
_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that launches a program",
    "/ImportData": "an action that imports data",
    "/Rendition": "an action that plays media with scripts",
}
# A PDF with more objects than this is not a meeting document.
_MAX_PDF_OBJECTS = 200_000
_CHUNK = 64 * 1024


class ActiveContent(ValueError):
    """The file would run something; the message says what, in words."""


def size_phrase(size: int, limit: int) -> str:
    """ "The file is 20.5 MB; files up to 20 MB are accepted." — with the bytes
    when the rounded sizes would read the same."""
    shown, allowed = filesizeformat(size), filesizeformat(limit)
    if shown == allowed:
        shown = f"{shown} ({number_format(size, force_grouping=True)} bytes)"
        allowed = f"{allowed} ({number_format(limit, force_grouping=True)} bytes)"
    return _("The file is %(size)s; files up to %(limit)s are accepted.") % {
        "size": shown,
        "limit": allowed,
    }


def pdf_active_content(data: bytes) -> str | None:
    """What in this PDF would run when it is opened, or None. A PDF pypdf cannot
    read raises ActiveContent too: what cannot be checked is not served."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ActiveContent(_("an encrypted PDF ISM cannot check"))
        stack: list = [reader.trailer]
        seen: set[tuple[int, int]] = set()
        while stack:
            if len(seen) > _MAX_PDF_OBJECTS:
                raise ActiveContent(_("more objects than a document holds"))
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                obj = obj.get_object()
            if isinstance(obj, DictionaryObject):
                if "/JS" in obj or "/JavaScript" in obj:
                    return _("JavaScript")
                subtype = obj.get("/S")
                if subtype in _ACTIVE_ACTIONS:
                    return _(_ACTIVE_ACTIONS[subtype])
                stack.extend(obj.values())
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        if isinstance(error, ActiveContent):
            raise
        raise ActiveContent(_("a damaged PDF ISM cannot check")) from None
    return None


def unpacked_size(archive: zipfile.ZipFile, cap: int) -> int:
    """The bytes the archive's members really unpack to, reading them; raises
    ActiveContent past `cap`, zipfile.BadZipFile for a damaged archive (a
    member whose data disagrees with its directory entry)."""
    total = 0
    for info in archive.infolist():
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                total += len(chunk)
                if total > cap:
                    raise ActiveContent(_("an archive that unpacks past the limit"))
    return total


def _refuse_active_pdf(data: bytes) -> None:
    try:
        found = pdf_active_content(data)
    except ActiveContent:
        raise _refuse(
            _(
                "ISM could not read this PDF to check it for scripts. Save it "
                "again (for example, print it to PDF), then upload it."
            ),
            "unreadable",
        ) from None
    if found:
        raise _refuse(
            _(
                "The PDF contains %(what)s, which would run when it is opened. "
                "Save it again without it (for example, print it to PDF), then "
                "upload it."
            )
            % {"what": found},
            "active_content",
        )
