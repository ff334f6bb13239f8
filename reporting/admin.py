"""The administration shows reports for support, read-only: every change goes
through the pages (and their services), which check access, validate, audit, and
freeze versions that must never change afterwards. Each model is registered with
the columns its list shows."""

from django.contrib import admin

from ism.admin import ReadOnlyAdmin
from reporting.models import IsuReportDocument, Report, ReportType, ReportVersion
from reporting.models.types import RULE_FIELDS


@admin.register(ReportType)
class ReportTypeAdmin(admin.ModelAdmin):
    """What each instrument's parties owe: data, not code (reporting.models.types).
    Superusers set it up; the demo loads the three conventions' types."""

    list_display = ["__str__", "instrument", *RULE_FIELDS]
    list_filter = ["convention"]
    list_select_related = ["convention", "instrument"]


admin.site.register(
    Report,
    ReadOnlyAdmin,
    list_display=[
        "__str__",
        "convention",
        "kind",
        "year",
        "status",
        "first_submitted_on",
        "illustrative",
    ],
    list_filter=["convention", "kind", "status", "year", "illustrative"],
    search_fields=["state__name", "state__iso3"],
    list_select_related=["convention", "report_type__convention", "state"],
)
admin.site.register(
    ReportVersion,
    ReadOnlyAdmin,
    list_display=["report", "number", "submitted_on", "submitted_by", "published_at"],
    list_select_related=[
        "report__convention",
        "report__report_type__convention",
        "report__state",
        "submitted_by",
    ],
)
admin.site.register(
    IsuReportDocument,
    ReadOnlyAdmin,
    list_display=["__str__", "requested_by", "requested_at", "rendered_at"],
    list_select_related=["convention", "requested_by"],
)
