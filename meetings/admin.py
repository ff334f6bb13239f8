"""The administration of meetings: a fallback for administrators. Day-to-day work
goes through the pages (and their services); changes made here are audited."""

from django.contrib import admin

from ism.admin import AuditedAdmin, ReadOnlyAdmin, read_only_inline
from meetings.models import (
    AgendaItem,
    Delegation,
    DocumentFile,
    KeyObligation,
    Meeting,
    MeetingDocument,
    Participant,
    SponsorshipApplication,
    SponsorshipProgramme,
)


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ["title", "convention", "kind", "start", "end", "status"]
    list_filter = ["convention", "kind", "status", "illustrative"]
    search_fields = ["title", "venue"]
    date_hierarchy = "start"
    inlines = [read_only_inline(AgendaItem, ["number", "title"])]


@admin.register(MeetingDocument)
class MeetingDocumentAdmin(AuditedAdmin):
    list_display = ["symbol", "title", "meeting", "date", "is_public"]
    list_filter = ["is_public", "meeting__convention"]
    search_fields = ["symbol", "title"]
    inlines = [
        read_only_inline(
            DocumentFile, ["language", "kind", "original_name", "size", "uploaded_at"]
        )
    ]


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = [
        "honorific",
        "given_name",
        "family_name",
        "function",
        "gender",
        "is_head",
        "consent_to_publication",
    ]
    extra = 0


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    list_display = ["__str__", "meeting"]
    list_filter = ["meeting__convention"]
    inlines = [ParticipantInline]


@admin.register(SponsorshipProgramme)
class SponsorshipProgrammeAdmin(AuditedAdmin):
    list_display = ["name", "convention", "budget", "target_delegates"]
    filter_horizontal = ["meetings"]


@admin.register(SponsorshipApplication)
class SponsorshipApplicationAdmin(ReadOnlyAdmin):
    """Read-only: decisions are recorded on the application's page, where the
    budget check and the State's notification happen."""

    list_display = ["__str__", "status", "amount_approved"]
    list_filter = ["programme", "status"]


@admin.register(KeyObligation)
class KeyObligationAdmin(AuditedAdmin):
    list_display = ["state", "convention", "kind", "deadline", "illustrative"]
    list_filter = ["convention", "kind"]
    search_fields = ["state__name"]
    autocomplete_fields = ["state"]
