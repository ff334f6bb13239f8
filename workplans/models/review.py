"""Frozen versions of a plan and the Coordinating Committee's review
conversation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ism.constraints import not_blank
from ism.fields import optional_fk, part_of, user_fk
from ism.models.common import Comment, FrozenVersion, version_constraints
from workplans.models.plans import Result, WorkPlan


class WorkPlanVersion(FrozenVersion):
    """What the plan said when it was submitted to the Coordinating Committee,
    frozen: areas, results and indicators with their stable keys (see
    workplans.tree.snapshot). Versions are compared by key (workplans.diff)."""

    workplan = part_of(WorkPlan, related_name="versions")
    submitted_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note to the committee"), blank=True)

    class Meta:
        ordering = ["workplan", "number"]
        constraints = version_constraints(
            "workplan",
            unique="workplan_version_unique",
            positive="workplan_version_positive",
        )

    def __str__(self) -> str:
        return f"{self.workplan} — version {self.number}"


class ReviewThread(models.Model):
    """A conversation on one statement (or on the plan as a whole) between members
    of the Coordinating Committee and the ISU, open until someone resolves it."""

    workplan = part_of(WorkPlan, related_name="threads")
    # The statement commented on; kept (unlinked) if the statement is deleted, with
    # what it said at the time so the thread still reads.
    result = optional_fk(Result, on_delete=models.SET_NULL, related_name="threads")
    result_key = models.UUIDField(null=True, blank=True)
    statement_label = models.CharField(max_length=60, blank=True)
    statement_text = models.TextField(blank=True)
    version = optional_fk(
        WorkPlanVersion, on_delete=models.SET_NULL, related_name="threads"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = user_fk()

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | Q(resolved_at__isnull=False),
                name="thread_resolution_complete",
            ),
        ]

    def __str__(self) -> str:
        about = self.statement_label or _("the work plan")
        return f"Thread on {about} ({self.workplan})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ReviewComment(Comment):
    thread = part_of(ReviewThread, related_name="comments")

    class Meta(Comment.Meta):
        constraints = [
            not_blank("text", name="comment_has_text"),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} ({self.thread})"
