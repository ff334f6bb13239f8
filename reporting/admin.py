"""The administration shows reports for support, read-only: every change goes
through the pages (and their services), which check access, validate, audit, and
freeze versions that must never change afterwards."""

from django.contrib import admin

from reporting.models import IsuReportDocument, Report, ReportVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = [
        "__str__",
        "convention",
        "kind",
        "year",
        "status",
        "first_submitted_on",
        "illustrative",
    ]
    list_filter = ["convention", "kind", "status", "year", "illustrative"]
    search_fields = ["state__name", "state__iso3"]
    list_select_related = ["convention", "state"]


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnly):
    list_display = ["report", "number", "submitted_on", "submitted_by", "published_at"]
    list_select_related = ["report__convention", "report__state", "submitted_by"]


@admin.register(IsuReportDocument)
class IsuReportDocumentAdmin(ReadOnly):
    list_display = ["__str__", "requested_by", "requested_at", "rendered_at"]
    list_select_related = ["convention", "requested_by"]
