from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ism.audit import audit_record, plain
from ism.models import (
    ApiToken,
    AuditEvent,
    Committee,
    CommitteeChair,
    CommitteeMembership,
    Convention,
    Invitation,
    OutgoingMail,
    OutgoingMailAttempt,
    Participation,
    RoleAssignment,
    State,
    User,
)


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin leave an audit event like any other change (the
    admin's change and delete views already run in a transaction)."""

    def save_model(self, request, obj, form, change):
        before = {}
        if change and form.changed_data:
            before = {name: form.initial.get(name) for name in form.changed_data}
        super().save_model(request, obj, form, change)
        changes = {
            name: [plain(before.get(name)), plain(form.cleaned_data.get(name))]
            for name in form.changed_data
        }
        audit_record(
            actor=request.user,
            verb="changed in admin" if change else "created in admin",
            obj=obj,
            changes=changes,
        )

    def delete_model(self, request, obj):
        audit_record(actor=request.user, verb="deleted in admin", obj=obj)
        super().delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for support, never changed here: the change goes through the pages
    and their services, which check access, validate, audit and keep what must
    not change afterwards (history, issued tokens, frozen versions)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """The rows of a read-only record, listed under it."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def read_only_inline(model, fields: list[str], **options) -> type[ReadOnlyInline]:
    """A ReadOnlyInline of `model`'s rows showing `fields`; `options` are more of
    the inline's attributes (readonly_fields for a field the form cannot hold)."""
    attributes = {"model": model, "fields": fields, **options}
    return type(f"{model.__name__}Inline", (ReadOnlyInline,), attributes)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["convention", "committee", "state"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]


@admin.register(Convention)
class ConventionAdmin(AuditedAdmin):
    list_display = ["code", "short_name", "currency", "host", "financing_model"]
    search_fields = ["code", "short_name", "name"]


@admin.register(State)
class StateAdmin(AuditedAdmin):
    list_display = ["name", "iso2", "iso3", "un_status", "working_language"]
    list_filter = ["un_status", "working_language"]
    search_fields = ["name", "iso2", "iso3", "official_name"]


@admin.register(Participation)
class ParticipationAdmin(AuditedAdmin):
    list_display = [
        "state",
        "convention",
        "status",
        "consent_date",
        "entry_into_force",
        "illustrative",
    ]
    list_filter = ["convention", "status", "illustrative"]
    search_fields = ["state__name"]
    autocomplete_fields = ["state"]
    list_select_related = ["state", "convention"]


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    autocomplete_fields = ["state"]


class ChairInline(admin.TabularInline):
    model = CommitteeChair
    extra = 0
    autocomplete_fields = ["state"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "convention", "kind"]
    list_filter = ["convention", "kind"]
    search_fields = ["name"]
    inlines = [MembershipInline, ChairInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ["user", "role", "convention", "committee", "state"]
    list_filter = ["role", "convention"]
    autocomplete_fields = ["user", "convention", "committee", "state"]
    list_select_related = ["user", "convention", "committee", "state"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: history is never edited."""

    list_display = ["at", "actor", "verb", "object_repr", "convention", "state"]
    list_filter = ["verb", "convention"]
    list_select_related = ["actor", "convention", "state"]
    fields = [
        "at",
        "actor",
        "verb",
        "object_repr",
        "convention",
        "state",
        "changes_in_words",
        "changes",
    ]
    readonly_fields = fields

    @admin.display(description=_("What changed"))
    def changes_in_words(self, event):
        """The changes as every history table shows them (ism.history), above
        the stored record."""
        from django.utils.html import format_html, format_html_join

        from ism.history import entries

        [entry] = entries([event])
        if not entry.changes:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (c.sentence or f"{c.label}: {c.old} → {c.new}",)
                    for c in entry.changes
                ),
            ),
        )


class OutgoingMailAttemptInline(ReadOnlyInline):
    """Every try to send the mail and how far it got (ism.mail)."""

    model = OutgoingMailAttempt
    fields = ["number", "phase", "started_at", "finished_at", "worker", "error"]
    readonly_fields = fields


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "key",
        "subject",
        "delivery_status",
        "sent_at",
        "attempts",
    ]
    list_filter = ["status"]
    search_fields = ["key"]
    readonly_fields = [
        "delivery_status",
        "message_id",
        *(f.name for f in OutgoingMail._meta.fields),
    ]
    inlines = [OutgoingMailAttemptInline]

    @admin.display(description="status", ordering="status")
    def delivery_status(self, mail: OutgoingMail) -> str:
        # "Uncertain — may have been delivered" and "Sent — an earlier try ...
        # may also have arrived" are what staff must not miss.
        return mail.status_text

    def has_add_permission(self, request):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Read-only: tokens are made and revoked on the API tokens page, where the
    secret is shown once and the revocation is audited."""

    list_display = [
        "name",
        "prefix",
        "convention",
        "state",
        "created_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["convention"]
    list_select_related = ["convention", "state", "created_by"]
    exclude = ["digest"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Read-only: invitations are sent, withdrawn and accepted on the convention's
    people page (ism.people), where each step is audited."""

    list_display = ["email", "role", "convention", "created_at", "expires_at"]
    list_filter = ["convention", "role"]
    list_select_related = ["convention"]
    exclude = ["digest"]
