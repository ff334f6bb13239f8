"""What a result is measured by: indicators with targets, and the actuals
reported against them."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ism.constraints import not_blank, not_negative, ordered, unique
from ism.fields import optional_fk, part_of
from ism.models import Committee
from ism.models.common import Recorded
from ism.validators import validate_plausible_date
from workplans.models.plans import Result


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
            _("Counted by ISM: transparency reports received"),
        )

    # What defines an indicator, in the order the page asks for it: what its form
    # edits and its service saves and audits.
    DEFINITION_FIELDS = (
        "description",
        "unit",
        "baseline",
        "baseline_note",
        "qualifier",
        "target",
        "period_start",
        "period_end",
        "direction",
        "aggregation",
        "source",
        "source_committee",
    )

    result = part_of(Result, related_name="indicators")
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
    period_start = models.DateField(
        _("period from"), validators=[validate_plausible_date]
    )
    period_end = models.DateField(_("period to"), validators=[validate_plausible_date])
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
    source_committee = optional_fk(
        Committee,
        on_delete=models.SET_NULL,
        verbose_name=_("only meetings of"),
        help_text=_("Leave empty to count the meetings of every committee."),
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            ordered("period_start", "period_end", name="indicator_period_ordered"),
            not_negative("target", name="indicator_target_not_negative"),
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(target__lte=100),
                name="indicator_percent_target_at_most_100",
            ),
            not_negative(
                "baseline", name="indicator_baseline_not_negative", optional=True
            ),
            not_blank("description", name="indicator_has_description"),
            unique(["result", "key"], name="indicator_unique_key"),
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


class Actual(Recorded):
    """The value reported for one period (a quarter, a year) of an indicator."""

    indicator = part_of(Indicator, related_name="actuals")
    period_start = models.DateField(_("from"), validators=[validate_plausible_date])
    period_end = models.DateField(_("to"), validators=[validate_plausible_date])
    value = models.DecimalField(_("actual"), max_digits=12, decimal_places=2)
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Where the figure comes from, e.g. the committees' minutes."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["period_start", "period_end", "pk"]
        constraints = [
            ordered("period_start", "period_end", name="actual_period_ordered"),
            not_negative("value", name="actual_value_not_negative"),
            not_blank("source", name="actual_has_source"),
            unique(
                ["indicator", "period_start", "period_end"], name="actual_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.period_start}–{self.period_end})"
