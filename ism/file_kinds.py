"""The kinds of file ISM stores for people to download (a meeting's documents, a
report's attachments) and the content type each is served with: one list, so a
kind accepted in one place is served the same way in the other."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")
    XLSX = "xlsx", _("Excel (XLSX)")


CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
