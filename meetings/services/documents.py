"""Meeting documents and their files, one per language. Only the convention's ISU
staff add or change them; every file is checked by its content before it is
stored (ism.uploads)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ism.access import require_manage
from ism.audit import (
    assign,
    audit_record,
    changes_since,
    delete_and_record,
    save_and_record,
)
from ism.uploads import inspect_upload
from meetings.models import DocumentFile, Meeting, MeetingDocument
from meetings.services.base import locked

DOCUMENT_FIELDS = [
    "symbol",
    "title",
    "agenda_item",
    "original_language",
    "date",
    "is_public",
    "illustrative",
]


def _apply(document: MeetingDocument, data: dict) -> dict:
    before = assign(document, data, DOCUMENT_FIELDS)
    document.symbol = (document.symbol or "").strip()
    if (
        document.symbol
        and MeetingDocument.objects.filter(symbol=document.symbol)
        .exclude(pk=document.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "symbol": _("A document with the symbol %(symbol)s already exists.")
                % {"symbol": document.symbol}
            }
        )
    document.full_clean()
    return changes_since(before, document)


@transaction.atomic
def document_create(*, meeting: Meeting, data: dict, actor) -> MeetingDocument:
    require_manage(actor, meeting.convention_id)
    document = MeetingDocument(meeting=meeting)
    changes = _apply(document, data)
    save_and_record(
        document,
        changes,
        actor=actor,
        verb="document added",
        convention=meeting.convention,
    )
    return document


@transaction.atomic
def document_update(*, document: MeetingDocument, data: dict, actor) -> MeetingDocument:
    require_manage(actor, document.meeting.convention_id)
    document = locked(document)
    changes = _apply(document, data)
    save_and_record(
        document,
        changes,
        actor=actor,
        verb="document changed",
        convention=document.meeting.convention,
    )
    return document


@transaction.atomic
def document_delete(*, document: MeetingDocument, actor) -> None:
    meeting = document.meeting
    require_manage(actor, meeting.convention_id)
    names = [f.file.name for f in document.files.all()]
    delete_and_record(
        document,
        actor=actor,
        verb="document removed",
        gone={"symbol": document.symbol, "title": document.title},
        convention=meeting.convention,
    )
    transaction.on_commit(lambda: _delete_stored(names))


def _delete_stored(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


@transaction.atomic
def document_file_upload(
    *, document: MeetingDocument, language: str, upload, actor
) -> DocumentFile:
    """Store the document's file in `language`, replacing the one there was.

    The content is checked first (ism.uploads): a renamed executable, an
    unknown format or an oversized file is refused and nothing is stored."""
    meeting = document.meeting
    require_manage(actor, meeting.convention_id)
    if language not in dict(DocumentFile._meta.get_field("language").choices):
        raise ValidationError({"language": _("Choose one of the UN languages.")})
    try:
        inspected = inspect_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from None
    existing = (
        DocumentFile.objects.select_for_update()
        .order_by()
        .filter(document=document, language=language)
        .first()
    )
    replaced = existing.file.name if existing else None
    if existing:
        existing.delete()
    stored = DocumentFile(
        document=document,
        language=language,
        kind=inspected.kind,
        original_name=(getattr(upload, "name", "") or "")[-255:],
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    upload.seek(0)
    stored.file.save("upload", upload, save=False)
    # The replaced file goes only once the new row is committed.
    transaction.on_commit(
        lambda: _delete_stored([replaced]) if replaced else None, robust=True
    )
    try:
        stored.save()
    except Exception:
        stored.file.delete(save=False)
        raise
    audit_record(
        actor=actor,
        verb="file replaced" if replaced else "file added",
        obj=document,
        convention=meeting.convention,
        changes={
            "file": [None, f"{language}: {stored.original_name} ({inspected.kind})"],
            "sha256": [None, inspected.sha256],
        },
    )
    return stored


@transaction.atomic
def document_file_delete(*, file: DocumentFile, actor) -> None:
    document = file.document
    require_manage(actor, document.meeting.convention_id)
    name = file.file.name
    audit_record(
        actor=actor,
        verb="file removed",
        obj=document,
        convention=document.meeting.convention,
        changes={"file": [f"{file.language}: {file.original_name}", None]},
    )
    file.delete()
    transaction.on_commit(lambda: _delete_stored([name]))
