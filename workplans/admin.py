"""The administration shows work plans for support; every change to a plan goes
through the pages (and their services), which validate, audit and re-render.
Each model is registered read-only with the columns its list shows."""

from django.contrib import admin

from ism.admin import ReadOnlyAdmin
from workplans.models import ReviewThread, WorkPlan, WorkPlanVersion

admin.site.register(
    WorkPlan,
    ReadOnlyAdmin,
    list_display=["__str__", "convention", "kind", "start_year", "status"],
    list_filter=["convention", "status", "kind"],
)
admin.site.register(
    WorkPlanVersion,
    ReadOnlyAdmin,
    list_display=["workplan", "number", "submitted_at", "submitted_by"],
)
admin.site.register(
    ReviewThread,
    ReadOnlyAdmin,
    list_display=[
        "workplan",
        "statement_label",
        "opened_by",
        "opened_at",
        "resolved_at",
    ],
    list_filter=["workplan"],
)
