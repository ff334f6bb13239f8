"""The language a document is written in, and its versions in the others (issue 18).

Every document renders in any of the six official languages of the United Nations
(settings.LANGUAGES), chosen on download with `?lang=`; without it, a staff document
(budget, work plan) comes in the language of the page, a State's (invoice,
statement) in the State's working language (ism.reminders.working_language).

A document has its *own* language: the one its row's file is rendered in (a
budget's and a work plan's: English, the language ISU documents are written in; an
invoice's: the language it was issued in; a statement's: the State's working
language). That file is stored and served as before (ism.stored_documents), so a
download in the own language costs nothing more. Each other language is a
TranslatedDocument row keyed by the kind of document, the row and the language,
rendered on request and stored with the same compare-and-set (store_if_newer)
against the row's revision: `in_language` gives the StoredDocument to serve,
`store_translated` stores a render.

Budget and work plan documents follow the UN conventions of each language version:
the same document symbol, the title and headings translated, and under the symbol
the version's language and "Original: English" (VERSION_LINES).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace

from django.conf import settings
from django.utils.translation import get_language_info

from ism.stored_documents import StoredDocument, store_if_newer

DOCUMENT_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
ORIGINAL_LANGUAGE = settings.LANGUAGE_CODE

# The lines under a translation's symbol, as the UN prints them: French and
# Spanish versions in their own words; Chinese, Russian and Arabic ones in
# English (the Chinese APMBC 2026 budget, ../shared/seeds/: "Chinese / Original:
# English").
VERSION_LINES = {
    "fr": ("Français", "Original : anglais"),
    "es": ("Español", "Original: inglés"),
    "zh-hans": ("Chinese", "Original: English"),
    "ru": ("Russian", "Original: English"),
    "ar": ("Arabic", "Original: English"),
}


def known_language(code: str | None) -> str | None:
    """The one of the six `code` names, or None: "zh", "zh-Hans" and "zh_Hans"
    are "zh-hans", "fr-CH" is "fr" (the one reading of a language code, for
    ?lang= on the API and the documents, and for stored settings)."""
    code = (code or "").replace("_", "-").lower()
    if code in DOCUMENT_LANGUAGES:
        return code
    base = code.split("-")[0]
    if base == "zh":
        return "zh-hans"
    return base if base in DOCUMENT_LANGUAGES else None


def document_language(code: str | None) -> str:
    """One of the six, else English."""
    return known_language(code) or ORIGINAL_LANGUAGE


def requested_language(request, default: str | None) -> str:
    """The language asked for with ?lang= (a code that names none of the six is
    a 400 that says so, as on the API), else `default` (one of the six)."""
    from ism.params import query_language

    return query_language(request) or document_language(default)


def html_lang(language: str) -> str:
    """The document's lang attribute (BCP 47): "zh-Hans", so that a reader and
    the fonts choose the Simplified forms."""
    language = document_language(language)
    return "zh-Hans" if language == "zh-hans" else language


def text_direction(language: str) -> str:
    return "rtl" if get_language_info(document_language(language))["bidi"] else "ltr"


def direction_of(text: str) -> str:
    """ "ltr" or "rtl" by the first letter with a direction, as dir="auto" decides
    (WeasyPrint has no dir="auto"): "1202 Geneva" in an Arabic document stays in
    its order, an Arabic address in an English one in its own."""
    for character in str(text):
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def version_lines(language: str) -> tuple[str, ...]:
    """What a translation of a staff document prints under its symbol; nothing
    on the original."""
    return VERSION_LINES.get(document_language(language), ())


# --- Stored versions in other languages --------------------------------------------


def _row(kind: str, owner_id: int, language: str):
    from ism.models import TranslatedDocument

    return TranslatedDocument.objects.filter(
        kind=kind, owner_id=owner_id, language=language
    ).first()


def _suffixed(filename: str, language: str) -> str:
    """ "APMBC-ISU-budget-2026-v1.pdf" in Arabic: "APMBC-ISU-budget-2026-v1-ar.pdf"."""
    stem, dot, extension = filename.rpartition(".")
    return f"{stem}-{language}{dot}{extension}" if dot else f"{filename}-{language}"


def translation_language(
    language: str | None, own: str = ORIGINAL_LANGUAGE
) -> str | None:
    """The language a document asked for in `language` is a version in: one of
    the six (document_language) other than the document's own (`own`); None when
    `language` is none or names `own`, which the row's own file serves."""
    if not language:
        return None
    language = document_language(language)
    return None if language == own else language


def in_language(
    document: StoredDocument,
    language: str | None,
    kind: str,
    row,
    task,
    *,
    args: tuple | None = None,
    own: str = ORIGINAL_LANGUAGE,
) -> StoredDocument:
    """`document` (the row's own, in `own`) when `language` is none or `own`;
    else the row's version in `language`, current when it was rendered from the
    row's revision (a row without one never changes), queued with
    `task.delay(*args, language)` (args: the row's id)."""
    language = translation_language(language, own)
    if language is None:
        return document
    from ism.models import TranslatedDocument

    revision = getattr(row, "revision", 0)
    stored = _row(kind, row.pk, language)
    return replace(
        document,
        storage=TranslatedDocument._meta.get_field("pdf").storage,
        name=stored.pdf.name if stored and stored.pdf else "",
        current=bool(stored and stored.pdf) and stored.pdf_revision == revision,
        filename=_suffixed(document.filename, language),
        render_key=f"{document.render_key}:{language}",
        render=lambda: task.delay(*(args or (row.pk,)), language),
        reload=lambda: in_language(
            document, language, kind, row, task, args=args, own=own
        ),
    )


def store_translated(
    *,
    kind: str,
    owner_id: int,
    language: str,
    revision: int,
    filename: str,
    content: Callable[[], bytes],
) -> bool:
    """Render (`content()`) and store the row's version in `language` unless the
    stored one is of `revision` (or newer) and its file is there. Returns True
    when this call stored it; a twin racing it stores it once (store_if_newer)."""
    from ism.models import TranslatedDocument

    language = document_language(language)
    row, _created = TranslatedDocument.objects.get_or_create(
        kind=kind, owner_id=owner_id, language=language
    )
    storage = row.pdf.storage
    if row.pdf_revision > revision or (
        row.pdf_revision == revision and row.pdf and storage.exists(row.pdf.name)
    ):
        return False
    return store_if_newer(
        TranslatedDocument,
        row.pk,
        content=content(),
        path=(
            f"documents/translated/{kind}/{owner_id}/{language}/r{revision}/"
            f"{_suffixed(filename, language)}"
        ),
        seen_name=row.pdf.name or "",
        revision=revision,
    )
