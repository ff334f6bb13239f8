"""Work plans of the ISUs: a results chain per thematic area, indicators with
targets and actuals, frozen versions, and the Coordinating Committee's review.

Only inputs are stored. Numbering ("Outcome 1", "Output 1.1", "Activity 1.1.1"),
the status of an indicator (on track / at risk / off track) and what a result
costs are derived in workplans.tree and workplans.progress, never typed.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ism.models import Committee, Convention


class WorkPlan(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual")
        MULTI_YEAR = "multi_year", _("Multi-year")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review by the Coordinating Committee")
        CHANGES_REQUESTED = (
            "changes_requested",
            _("Changes requested by the Coordinating Committee"),
        )
        APPROVED = "approved", _("Approved by the Coordinating Committee")
        ADOPTED = "adopted", _("Adopted by the Meeting of the States Parties")

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="workplans"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ANNUAL)
    # An annual plan covers one year (start_year == end_year); a multi-year plan a
    # span such as the ISU's 2025-2029 plan adopted with the action plan.
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    action_plan = models.CharField(
        _("action plan"),
        max_length=200,
        blank=True,
        help_text=_("The action plan the activities refer to, e.g. Siem Reap-Angkor."),
    )
    budget = models.ForeignKey(
        "budgets.Budget",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workplans",
        verbose_name=_("budget"),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(_("adopted by (meeting)"), max_length=200, blank=True)
    adoption_decision = models.CharField(_("decision"), max_length=200, blank=True)
    # Incremented on every change to what the plan says; a stored document is
    # current when it was rendered from the same revision.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    class Meta:
        ordering = ["convention__code", "-start_year", "kind"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="workplan_years_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(kind="annual") | Q(end_year=models.F("start_year")),
                name="workplan_annual_is_one_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind="multi_year")
                | Q(end_year__gt=models.F("start_year")),
                name="workplan_multi_year_spans_years",
            ),
            models.UniqueConstraint(
                fields=["convention", "kind", "start_year", "end_year"],
                name="workplan_unique_period",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workplans:detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return f"{self.convention.code} ISU work plan {self.period_label}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.ADOPTED

    def clean(self):
        errors = {}
        if self.start_year and self.end_year:
            if self.end_year < self.start_year:
                errors["end_year"] = _("The last year cannot be before the first.")
            elif self.kind == self.Kind.ANNUAL and self.end_year != self.start_year:
                errors["end_year"] = _("An annual plan covers one year.")
            elif self.kind == self.Kind.MULTI_YEAR and self.end_year == self.start_year:
                errors["end_year"] = _("A multi-year plan covers at least two years.")
        if (
            self.budget_id
            and self.convention_id
            and self.budget.convention_id != self.convention_id
        ):
            errors["budget"] = _("The budget must be of the same convention.")
        if errors:
            raise ValidationError(errors)


class ThematicArea(models.Model):
    """A row of the APMBC table / a chapter of the outline, in plan order."""

    workplan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="areas"
    )
    # Stable across versions and rewordings: versions are compared by key.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workplan", "key"], name="area_unique_key"),
            models.CheckConstraint(condition=~Q(title=""), name="area_has_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Level(models.TextChoices):
    """The results chain, top down. An activity contributes to an output, an output
    to an outcome, an outcome to an impact; a link never skips a level."""

    IMPACT = "impact", _("Impact")
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")
    ACTIVITY = "activity", _("Activity")


LEVELS_TOP_DOWN = [Level.IMPACT, Level.OUTCOME, Level.OUTPUT, Level.ACTIVITY]
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS_TOP_DOWN)}
LEVEL_PLURALS = {
    Level.IMPACT: _("Impacts"),
    Level.OUTCOME: _("Outcomes"),
    Level.OUTPUT: _("Outputs"),
    Level.ACTIVITY: _("Activities"),
}


def parent_level(level: str) -> str | None:
    """The level a result of `level` contributes to (None for an impact)."""
    rank = LEVEL_RANK[Level(level)]
    return LEVELS_TOP_DOWN[rank - 1] if rank > 0 else None


class Result(models.Model):
    """One statement of the results chain: an impact, outcome, output or activity."""

    workplan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="results"
    )
    area = models.ForeignKey(
        ThematicArea, on_delete=models.CASCADE, related_name="results"
    )
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    level = models.CharField(max_length=10, choices=Level.choices)
    # "Contributes to": a result one level up in the same area. Deleting it keeps
    # the results that contributed to it, unlinked (the service says so first).
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("contributes to"),
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("statement"))
    # Action-plan actions this activity carries out, as the action plan numbers
    # them ("#12, #31" of the Siem Reap-Angkor Action Plan).
    action_refs = models.CharField(
        _("action-plan actions"),
        max_length=200,
        blank=True,
        help_text=_("Action numbers separated by commas, e.g. #12, #31."),
    )
    budget_lines = models.ManyToManyField(
        "budgets.BudgetLine",
        blank=True,
        related_name="+",
        verbose_name=_("budget lines"),
        help_text=_("The lines of the plan's budget that pay for this result."),
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workplan", "key"], name="result_unique_key"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="result_has_text"),
            models.CheckConstraint(
                condition=Q(level__in=[c.value for c in Level]),
                name="result_level_valid",
            ),
            models.CheckConstraint(
                condition=~Q(level="impact") | Q(parent__isnull=True),
                name="result_impact_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.text[:60]}"

    @property
    def action_list(self) -> list[str]:
        return split_actions(self.action_refs)

    def clean(self):
        errors = {}
        if not (self.text or "").strip():
            errors["text"] = _("A statement cannot be empty.")
        if self.parent_id is not None:
            parent = self.parent
            expected = parent_level(self.level)
            if expected is None:
                errors["parent"] = _("An impact contributes to nothing above it.")
            elif parent.level != expected:
                errors["parent"] = _(
                    "%(level)s contributes to an %(expected)s, not to an %(actual)s: "
                    "a link cannot skip a level."
                ) % {
                    "level": Level(self.level).label,
                    "expected": Level(expected).label.lower(),
                    "actual": Level(parent.level).label.lower(),
                }
            elif parent.area_id != self.area_id:
                errors["parent"] = _("The result it contributes to is in another area.")
        if errors:
            raise ValidationError(errors)


def split_actions(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class Indicator(models.Model):
    """How a result is measured: a target with its qualifier over a period, and the
    actuals reported against it (entered, or counted by ISM itself)."""

    class Unit(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percentage")

    class Qualifier(models.TextChoices):
        # As the published plans word their targets: "up to 60 committee meetings",
        # "about 50 sponsored delegates", "at least 5".
        UP_TO = "up_to", _("up to")
        ABOUT = "about", _("about")
        AT_LEAST = "at_least", _("at least")
        EXACTLY = "exactly", _("exactly")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase (more is better)")
        DECREASE = "decrease", _("Decrease (less is better)")

    class Aggregation(models.TextChoices):
        # A count of events (meetings held, missions) adds up over the periods; a
        # level (a reporting rate in %) is what the latest period says.
        SUM = "sum", _("Periods add up (a count of events)")
        LATEST = "latest", _("Latest period stands (a level)")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by the ISU")
        COMMITTEE_MEETINGS = (
            "committee_meetings_held",
            _("Counted by ISM: committee meetings held"),
        )
        REPORTS_RECEIVED = (
            "reports_received",
            _("Counted by ISM: Article 7 reports received"),
        )

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="indicators"
    )
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.NUMBER)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline_note = models.CharField(
        _("baseline note"),
        max_length=200,
        blank=True,
        help_text=_("Where the baseline comes from, e.g. 2025 actual."),
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    qualifier = models.CharField(
        max_length=10, choices=Qualifier.choices, default=Qualifier.EXACTLY
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    aggregation = models.CharField(
        _("actuals"), max_length=10, choices=Aggregation.choices, default="sum"
    )
    source = models.CharField(
        _("source of actuals"),
        max_length=40,
        choices=Source.choices,
        default=Source.MANUAL,
    )
    source_committee = models.ForeignKey(
        Committee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only meetings of"),
        help_text=_("Leave empty to count the meetings of every committee."),
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="indicator_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0), name="indicator_target_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(target__lte=100),
                name="indicator_percent_target_at_most_100",
            ),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True) | Q(baseline__gte=0),
                name="indicator_baseline_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(description=""), name="indicator_has_description"
            ),
            models.UniqueConstraint(
                fields=["result", "key"], name="indicator_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_computed(self) -> bool:
        return self.source != self.Source.MANUAL

    def clean(self):
        errors = {}
        if not (self.description or "").strip():
            errors["description"] = _("Describe what is measured.")
        if (
            self.period_start
            and self.period_end
            and self.period_end < self.period_start
        ):
            errors["period_end"] = _("The period cannot end before it starts.")
        if self.unit == self.Unit.PERCENT:
            for name in ("target", "baseline"):
                value = getattr(self, name)
                if value is not None and not Decimal(0) <= value <= Decimal(100):
                    errors[name] = _("A percentage lies between 0 and 100.")
        if self.target is not None and self.target < 0:
            errors["target"] = _("A target cannot be negative.")
        if (
            self.direction == self.Direction.DECREASE
            and self.aggregation == self.Aggregation.LATEST
            and self.baseline is None
        ):
            errors["baseline"] = _(
                "A level that should decrease needs a baseline to decrease from."
            )
        if self.source == self.Source.MANUAL and self.source_committee_id:
            errors["source_committee"] = _(
                "Only meetings counted by ISM are limited to one committee."
            )
        if errors:
            raise ValidationError(errors)


class Actual(models.Model):
    """The value reported for one period (a quarter, a year) of an indicator."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="actuals"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(_("actual"), max_digits=12, decimal_places=2)
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Where the figure comes from, e.g. the committees' minutes."),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_start", "period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="actual_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="actual_value_not_negative"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="actual_has_source"),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                name="actual_unique_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start}–{self.period_end})"


class WorkPlanVersion(models.Model):
    """What the plan said when it was submitted to the Coordinating Committee,
    frozen: areas, results and indicators with their stable keys (see
    workplans.tree.snapshot). Versions are compared by key (workplans.diff)."""

    workplan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note to the committee"), blank=True)

    class Meta:
        ordering = ["workplan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workplan", "number"], name="workplan_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="workplan_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workplan} — version {self.number}"


class ReviewThread(models.Model):
    """A conversation on one statement (or on the plan as a whole) between members
    of the Coordinating Committee and the ISU, open until someone resolves it."""

    workplan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="threads"
    )
    # The statement commented on; kept (unlinked) if the statement is deleted, with
    # what it said at the time so the thread still reads.
    result = models.ForeignKey(
        Result,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    result_key = models.UUIDField(null=True, blank=True)
    statement_label = models.CharField(max_length=60, blank=True)
    statement_text = models.TextField(blank=True)
    version = models.ForeignKey(
        WorkPlanVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

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


class ReviewComment(models.Model):
    thread = models.ForeignKey(
        ReviewThread, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="comment_has_text"),
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} ({self.thread})"


class WorkPlanDocument(models.Model):
    """The rendered PDF of a plan in one layout, stored privately and served
    through an authorised view; current when rendered from the plan's revision."""

    class Layout(models.TextChoices):
        TABLE = "table", _("Four-column table")
        OUTLINE = "outline", _("Numbered outline")

    workplan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="documents"
    )
    layout = models.CharField(max_length=10, choices=Layout.choices)
    file = models.FileField(upload_to="workplans/pdf/", blank=True)
    revision = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workplan", "layout"], name="workplan_document_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workplan} ({self.get_layout_display()})"


# --- Who sees what (the policy itself is ism.access) ----------------------------------
from ism.access import Scope, register  # noqa: E402

# Anyone may read an adopted plan; the Coordinating Committee reads a plan from the
# moment it is first submitted to it; drafts stay with the ISU (and auditors).
PUBLIC_STATUSES = [WorkPlan.Status.ADOPTED]
REVIEWED_STATUSES = [
    WorkPlan.Status.IN_REVIEW,
    WorkPlan.Status.CHANGES_REQUESTED,
    WorkPlan.Status.APPROVED,
    WorkPlan.Status.ADOPTED,
]


def _plan_scope(path: str, *, public: bool = True) -> Scope:
    prefix = f"{path}__" if path else ""
    return Scope(
        convention=f"{prefix}convention",
        public=Q(**{f"{prefix}status__in": PUBLIC_STATUSES}) if public else None,
        for_reviewers=Q(**{f"{prefix}status__in": REVIEWED_STATUSES}),
    )


register(WorkPlan, _plan_scope(""))
register(ThematicArea, _plan_scope("workplan"))
register(Result, _plan_scope("workplan"))
register(Indicator, _plan_scope("result__workplan"))
register(Actual, _plan_scope("indicator__result__workplan"))
register(WorkPlanDocument, _plan_scope("workplan"))
# Versions and the review conversation belong to the ISU and the committee.
register(WorkPlanVersion, _plan_scope("workplan", public=False))
register(ReviewThread, _plan_scope("workplan", public=False))
register(ReviewComment, _plan_scope("thread__workplan", public=False))
