"""Meeting documents: one record per UN symbol, one file per language."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ism.constraints import unique
from ism.fields import illustrative_flag, optional_fk, part_of, user_fk
from ism.file_kinds import CONTENT_TYPES, FileKind
from meetings.models.meeting import AgendaItem, Meeting

# The six official languages of the United Nations, in which documents are
# issued: ISM's own six (settings.LANGUAGES, named there), by the codes the UN
# gives its documents ("zh", not "zh-hans"), in the UN's order.
_NAMES = {code.split("-")[0]: name for code, name in settings.LANGUAGES}
UN_LANGUAGES = [(code, _NAMES[code]) for code in ("ar", "zh", "en", "fr", "ru", "es")]

# "CCM/MSP/2023/2", "APLC/MSP.22/2025/WP.1", "CCW/CONF.VI/2": an issuing body in
# capitals, then parts separated by slashes.
SYMBOL = re.compile(r"^[A-Z]{2,10}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+$")


validate_symbol = RegexValidator(
    SYMBOL,
    _(
        "Write the UN document symbol as issued, parts separated by "
        "slashes — e.g. CCM/MSP/2023/2 or APLC/MSP.22/2025/5."
    ),
    code="symbol",
)


class MeetingDocument(models.Model):
    meeting = part_of(Meeting, related_name="documents")
    symbol = models.CharField(
        _("document symbol"),
        max_length=60,
        blank=True,
        validators=[validate_symbol],
        help_text=_("e.g. CCM/MSP/2023/2. Leave empty for papers without a symbol."),
    )
    title = models.CharField(_("title"), max_length=500)
    agenda_item = optional_fk(
        AgendaItem,
        on_delete=models.SET_NULL,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=UN_LANGUAGES, default="en"
    )
    date = models.DateField(_("date of the document"))
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Public documents are open to everyone who may see the meeting. "
            "Restricted ones are for ISU staff and, for a committee meeting, the "
            "committee's members."
        ),
    )
    illustrative = illustrative_flag()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "agenda_item__sort_key", "symbol", "pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        constraints = [
            # A symbol names one document, whatever the meeting.
            unique(["symbol"], condition=~Q(symbol=""), name="document_symbol_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol or _('(no symbol)')} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:document", args=[self.meeting_id, self.pk])

    def clean(self):
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            raise ValidationError(
                {"agenda_item": _("This agenda item is another meeting's.")}
            )

    @property
    def file_stem(self) -> str:
        """The downloaded file's name without language and extension."""
        base = self.symbol or self.title[:60]
        return re.sub(r"[^A-Za-z0-9.\-]+", "_", base).strip("_") or "document"


def _document_path(instance: DocumentFile, filename: str) -> str:
    # Private storage under MEDIA_ROOT; names are not guessable and never come
    # from the uploader (the original name is kept in a field).
    return (
        f"meetings/{instance.document.meeting_id}/documents/"
        f"{uuid.uuid4().hex}.{instance.kind}"
    )


class DocumentFile(models.Model):
    Kind = FileKind
    CONTENT_TYPES = CONTENT_TYPES

    document = part_of(MeetingDocument, related_name="files")
    language = models.CharField(_("language"), max_length=2, choices=UN_LANGUAGES)
    file = models.FileField(upload_to=_document_path, max_length=200)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = user_fk()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("document file")
        constraints = [
            unique(["document", "language"], name="document_file_one_per_language"),
            models.CheckConstraint(
                condition=Q(kind__in=["pdf", "docx", "xlsx"]),
                name="document_file_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} [{self.language}]"

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.kind]

    @property
    def download_name(self) -> str:
        return f"{self.document.file_stem}-{self.language}.{self.kind}"
