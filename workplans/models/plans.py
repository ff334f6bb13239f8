"""A work plan, its thematic areas and the results chain in each, and the
documents filed with it."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ism.constraints import not_blank, ordered, unique
from ism.fields import convention_fk, optional_fk, part_of
from ism.models.common import HasPage, Timestamped
from ism.models.vocabulary import status_in_words


class WorkPlan(HasPage, Timestamped):
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

    convention = convention_fk(related_name="workplans")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ANNUAL)
    # An annual plan covers one year (start_year == end_year); a multi-year plan a
    # span such as the ISU's 2025-2029 plan adopted with the action plan.
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Numbering(models.TextChoices):
        TABLE = "table", _("Four-column table: activities 1, 2, 3 across the plan")
        OUTLINE = "outline", _("Numbered outline: 1, 1.1, 1.1.1")
        LETTERED = "lettered", _("Lettered: priority areas A, B; actions (a), (b)")

    action_plan = models.CharField(
        _("action plan"),
        max_length=200,
        blank=True,
        help_text=_("The action plan whose actions the activities carry out."),
    )
    numbering = models.CharField(
        _("numbering"),
        max_length=10,
        choices=Numbering.choices,
        default=Numbering.TABLE,
        help_text=_("How the document numbers its areas and statements."),
    )
    # Title block of the published document (as a budget's), and its narrative.
    meeting = models.CharField(_("meeting"), max_length=200, blank=True)
    agenda_item = models.CharField(_("agenda item"), max_length=40, blank=True)
    document_symbol = models.CharField(_("document symbol"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    budget = optional_fk(
        "budgets.Budget",
        on_delete=models.SET_NULL,
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

    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)
    # What the plan's document says besides its tree: numbering, title block,
    # narrative (kept in paragraphs, every other text on one line).
    NARRATIVE_FIELDS = ("objectives", "expected_results")
    DOCUMENT_FIELDS = (
        "numbering",
        "meeting",
        "agenda_item",
        "document_symbol",
        "document_date",
        *NARRATIVE_FIELDS,
    )

    class Meta:
        ordering = ["convention__code", "-start_year", "kind"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        constraints = [
            ordered("start_year", "end_year", name="workplan_years_ordered"),
            models.CheckConstraint(
                condition=~Q(kind="annual") | Q(end_year=models.F("start_year")),
                name="workplan_annual_is_one_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind="multi_year")
                | Q(end_year__gt=models.F("start_year")),
                name="workplan_multi_year_spans_years",
            ),
            unique(
                ["convention", "kind", "start_year", "end_year"],
                name="workplan_unique_period",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_status_display(self) -> str:
        return status_in_words(self)

    page_url_name = "workplans:detail"

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
    """A row of the APMBC table / a chapter of the outline, in plan order. A plan
    whose document has no headings holds its statements in one area without a
    title, which prints no heading."""

    workplan = part_of(WorkPlan, related_name="areas")
    # Stable across versions and rewordings: versions are compared by key.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            unique(["workplan", "key"], name="area_unique_key"),
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

    workplan = part_of(WorkPlan, related_name="results")
    area = part_of(ThematicArea, related_name="results")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    level = models.CharField(max_length=10, choices=Level.choices)
    # "Contributes to": a result one level up in the same area. Deleting it keeps
    # the results that contributed to it, unlinked (the service says so first).
    parent = optional_fk(
        "self",
        on_delete=models.SET_NULL,
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
            unique(["workplan", "key"], name="result_unique_key"),
            not_blank("text", name="result_has_text"),
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


class WorkPlanDocument(models.Model):
    """The rendered PDF of a plan in one layout, stored privately and served
    through an authorised view; current when rendered from the plan's revision."""

    class Layout(models.TextChoices):
        TABLE = "table", _("Four-column table")
        OUTLINE = "outline", _("Numbered outline")
        # The plan, then the budget of its year, as the CCM publishes them.
        WITH_BUDGET = "budget", _("Work plan and budget")

    workplan = part_of(WorkPlan, related_name="documents")
    layout = models.CharField(max_length=10, choices=Layout.choices)
    file = models.FileField(upload_to="workplans/pdf/", blank=True)
    # The plan's revision; with the budget, the two in one number
    # (workplans.documents.document_revision).
    revision = models.PositiveBigIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            unique(["workplan", "layout"], name="workplan_document_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.workplan} ({self.get_layout_display()})"
