"""The administration shows work plans for support; every change to a plan goes
through the pages (and their services), which validate, audit and re-render."""

from django.contrib import admin

from workplans.models import ReviewThread, WorkPlan, WorkPlanVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkPlan)
class WorkPlanAdmin(ReadOnly):
    list_display = ["__str__", "convention", "kind", "start_year", "status"]
    list_filter = ["convention", "status", "kind"]


@admin.register(WorkPlanVersion)
class WorkPlanVersionAdmin(ReadOnly):
    list_display = ["workplan", "number", "submitted_at", "submitted_by"]


@admin.register(ReviewThread)
class ReviewThreadAdmin(ReadOnly):
    list_display = [
        "workplan",
        "statement_label",
        "opened_by",
        "opened_at",
        "resolved_at",
    ]
    list_filter = ["workplan"]
