"""What an uploaded file holds, read from its content: the checks that would let
a file act on whoever opens it.

- A PDF is refused when it carries JavaScript or an action that launches or
  imports something: every object reachable from its trailer is walked (pypdf
  decodes object streams and escaped names, which a byte search would miss).
- An Office file (a ZIP archive) is unpacked for real, member by member, with a
  cap on the bytes it yields: the sizes its directory declares can lie (a zip
  bomb says it holds a few kilobytes), so they are never trusted.
"""

from __future__ import annotations

import io
import zipfile

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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
