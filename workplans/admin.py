"""The administration shows work plans for support; every change to a plan goes
through the pages (and their services), which validate, audit and re-render."""

from django.contrib import admin

from ism.admin import ReadOnlyAdmin
from workplans.models import ReviewThread, WorkPlan, WorkPlanVersion


@admin.register(WorkPlan)
class WorkPlanAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "convention", "kind", "start_year", "status"]
    list_filter = ["convention", "status", "kind"]


@admin.register(WorkPlanVersion)
class WorkPlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["workplan", "number", "submitted_at", "submitted_by"]


@admin.register(ReviewThread)
class ReviewThreadAdmin(ReadOnlyAdmin):
    list_display = [
        "workplan",
        "statement_label",
        "opened_by",
        "opened_at",
        "resolved_at",
    ]
    list_filter = ["workplan"]
