"""Documents attached to a report's forms: checked by content and size before
they are stored (privately), kept once a submitted version refers to them."""

from __future__ import annotations

from django.db import transaction

from ism.audit import actor_or_none, audit_record
from reporting.models import Attachment, ReportForm, ReportVersion
from reporting.services.base import edit_begin

# --- Attachments ---


@transaction.atomic
def report_attachment_add(*, form: ReportForm, upload, actor) -> Attachment:
    """Attach a document to a form after checking what it really is (PDF, DOCX or
    XLSX by content, not by name) and its size."""
    from reporting.uploads import check_upload

    report = edit_begin(form.report, actor)
    inspected = check_upload(upload)
    attachment = Attachment(
        report=report,
        form_code=form.code,
        original_name=(upload.name or "attachment")[-200:],
        kind=inspected.kind,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=actor_or_none(actor),
    )
    upload.seek(0)
    # Stored before the row: a file without a row is harmless (private, unlisted);
    # a row without its file would be a broken download.
    attachment.file.save(
        upload.name or f"attachment.{inspected.kind}", upload, save=False
    )
    stored = attachment.file
    try:
        attachment.save()
    except Exception:
        stored.storage.delete(stored.name)
        raise
    audit_record(
        actor=actor,
        verb=f"attachment added to form {form.code}",
        obj=report,
        changes={"attachment": [None, attachment.original_name]},
    )
    return attachment


@transaction.atomic
def report_attachment_remove(*, attachment: Attachment, actor) -> None:
    """Take an attachment out of the working copy. One that a submitted version
    refers to is kept (that version must stay as it was); otherwise it is deleted."""
    report = edit_begin(attachment.report, actor)
    frozen = ReportVersion.attachments.through.objects.filter(
        attachment_id=attachment.pk
    ).exists()
    name = attachment.original_name
    if frozen:
        Attachment.objects.filter(pk=attachment.pk).update(detached=True)
    else:
        stored = attachment.file
        attachment.delete()
        transaction.on_commit(lambda: stored.storage.delete(stored.name))
    audit_record(
        actor=actor,
        verb=f"attachment removed from form {attachment.form_code}",
        obj=report,
        changes={"attachment": [name, None]},
    )
