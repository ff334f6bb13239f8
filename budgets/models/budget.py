"""Budgets of the ISUs: positions, lines, missions, notes, and what sits outside the
total (in-kind support, earmarked projects, the buffer fund).

Only inputs are stored. Salaries (when not published as a total), social security
(when given as a rate), subtotals, the total, FTE and variances are derived in
budgets.calculations, never typed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ism.constraints import not_negative, ordered, positive, share, unique
from ism.fields import convention_fk, money_field, optional_fk, part_of
from ism.models.common import Comment, HasPage, RenderedPdf, Timestamped
from ism.models.vocabulary import status_in_words


class Budget(HasPage, Timestamped, RenderedPdf):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the Coordinating Committee")
        APPROVED = "approved", _("Approved by the Coordinating Committee")
        CIRCULATED = "circulated", _("Circulated to States")
        ADOPTED = "adopted", _("Adopted by the Meeting of the States Parties")
        SUPERSEDED = "superseded", _("Superseded by a revision")

    convention = convention_fk(related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    # A revision of an adopted budget is a new version; the adopted one stays as it was.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    revises = optional_fk("self", related_name="revisions")
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    currency = models.CharField(_("currency"), max_length=3)
    title = models.CharField(_("title"), max_length=300, blank=True)

    # Title block of the published document.
    meeting = models.CharField(
        _("meeting"),
        max_length=200,
        blank=True,
        help_text=_(
            "The meeting the document is for, by its full title, with its place "
            "and dates."
        ),
    )
    agenda_item = models.CharField(_("agenda item"), max_length=40, blank=True)
    document_symbol = models.CharField(_("document symbol"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)

    # Staff costs. Where only a total is published (APMBC 2026: 568,386 for 3.6 FTE)
    # it is entered here and wins over the positions' salaries.
    salaries_total = money_field(_("salaries (published total)"), optional=True)
    # Social security: a rate of salaries rounded half-up to the whole unit, or an
    # explicit amount where the published figure is an estimate (the amount wins).
    social_security_rate = models.DecimalField(
        _("social security rate"),
        max_digits=6,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Share of salaries, e.g. 0.195 for 19.5%."),
    )
    social_security_amount = money_field(
        _("social security (explicit amount)"), optional=True
    )
    # What the published table says beside each staff-cost line (CCM 2024: "estimate
    # (20% of salaries), depends on staff age ..."), printed beside it.
    salaries_note = models.CharField(_("note on salaries"), max_length=300, blank=True)
    social_security_note = models.CharField(
        _("note on social security"), max_length=300, blank=True
    )

    # Workflow facts.
    circulated_on = models.DateField(
        _("circulated to States on"), null=True, blank=True
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(_("adopted by (meeting)"), max_length=200, blank=True)
    adoption_decision = models.CharField(_("decision"), max_length=200, blank=True)

    # The rendered budget document, re-rendered by a task when the budget changes.
    pdf = models.FileField(upload_to="budgets/pdf/", blank=True)
    revision = models.PositiveIntegerField(
        default=0,
        help_text=_("Incremented on every change; the PDF is current when equal."),
    )

    class Meta:
        ordering = ["convention__code", "-year", "-version"]
        constraints = [
            unique(["convention", "year", "version"], name="budget_unique_version"),
            models.CheckConstraint(
                condition=Q(social_security_rate__isnull=True)
                | Q(social_security_rate__gte=0, social_security_rate__lte=1),
                name="budget_social_security_rate_is_a_share",
            ),
            not_negative(
                "salaries_total",
                name="budget_salaries_total_not_negative",
                optional=True,
            ),
            not_negative(
                "social_security_amount",
                name="budget_social_security_not_negative",
                optional=True,
            ),
        ]

    def __str__(self) -> str:
        # In the active language: the title pages and lists name a budget by.
        name = gettext("%(code)s ISU budget %(year)s") % {
            "code": self.convention.code,
            "year": self.year,
        }
        if self.version > 1:
            return gettext("%(name)s (v%(version)s)") % {
                "name": name,
                "version": self.version,
            }
        return name

    def get_status_display(self) -> str:
        return status_in_words(self)

    page_url_name = "budgets:detail"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_draft_document(self) -> bool:
        """Not yet sent to the States: its document is marked as a draft."""
        return self.status in (
            self.Status.DRAFT,
            self.Status.SUBMITTED,
            self.Status.APPROVED,
        )

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.CIRCULATED, self.Status.ADOPTED)

    def clean(self):
        errors = {}
        for name in ("salaries_total", "social_security_amount"):
            value = getattr(self, name)
            if value is not None and str(value.currency) != self.currency:
                errors[name] = _("Must be in the budget's currency (%(c)s).") % {
                    "c": self.currency
                }
        if errors:
            raise ValidationError(errors)


class BudgetItem(models.Model):
    """Base of the ordered rows that belong to one budget."""

    budget = part_of(Budget, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class StaffPosition(BudgetItem):
    budget = part_of(Budget, related_name="positions")
    title = models.CharField(_("title"), max_length=200)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=2)
    salary = money_field(_("annual salary cost"), optional=True)

    class Meta(BudgetItem.Meta):
        constraints = [
            share("fte", name="position_fte_in_0_1"),
            not_negative("salary", name="position_salary_not_negative", optional=True),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.fte} FTE)"


class BudgetLine(BudgetItem):
    """An operating line: travel, communications, other support costs, or any line
    the ISU adds. Staff costs are not lines: they derive from positions and rates."""

    class Category(models.TextChoices):
        TRAVEL = "travel", _("Travel")
        COMMUNICATIONS = "communications", _("Communications")
        OTHER = "other", _("Other support costs")

    budget = part_of(Budget, related_name="lines")
    category = models.CharField(max_length=20, choices=Category.choices)
    label = models.CharField(_("label"), max_length=200)
    amount = money_field(_("amount"), optional=True)
    # A travel line can be built from the mission plan instead of typed.
    from_missions = models.BooleanField(
        _("computed from the mission plan"), default=False
    )
    note = models.TextField(_("what it covers"), blank=True)

    class Meta(BudgetItem.Meta):
        constraints = [
            not_negative("amount", name="line_amount_not_negative", optional=True),
            models.CheckConstraint(
                condition=Q(from_missions=True) | Q(amount__isnull=False),
                name="line_has_amount_or_missions",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Mission(BudgetItem):
    """A planned mission type: purpose, how many, haul, cost per mission."""

    class Haul(models.TextChoices):
        LONG = "long", _("Long-haul")
        SHORT = "short", _("Short/medium-haul")

    budget = part_of(Budget, related_name="missions")
    purpose = models.CharField(_("purpose"), max_length=300)
    count = models.PositiveSmallIntegerField(_("number of missions"))
    haul = models.CharField(max_length=5, choices=Haul.choices, blank=True)
    unit_cost = money_field(_("cost per mission"), optional=True)

    class Meta(BudgetItem.Meta):
        constraints = [
            not_negative(
                "unit_cost", name="mission_unit_cost_not_negative", optional=True
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.purpose}"


class BudgetNote(BudgetItem):
    class Kind(models.TextChoices):
        NOTE = "note", _("Budget note")
        ASSUMPTION = "assumption", _("Assumption")

    budget = part_of(Budget, related_name="notes")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField()

    def __str__(self) -> str:
        return self.text[:60]


class InKindSupport(BudgetItem):
    """Support from the host outside the budget total."""

    budget = part_of(Budget, related_name="in_kind")
    provider = models.CharField(max_length=200)
    covers = models.TextField()
    estimated_value = money_field(optional=True)
    valuation_note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"In-kind: {self.provider}"


class EarmarkedProject(models.Model):
    """A multi-year project funded by one donor in its own currency, outside the
    annual total (e.g. EU Council Decision (CFSP) 2025/781, EUR 2,700,000)."""

    convention = convention_fk(related_name="earmarked_projects")
    name = models.CharField(max_length=300)
    donor = models.CharField(max_length=200)
    instrument = models.CharField(max_length=200, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    amount = money_field()
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    period_note = models.CharField(max_length=200, blank=True)
    covers = models.TextField(blank=True)

    class Meta:
        ordering = ["convention__code", "start_year", "name"]
        constraints = [
            positive("amount", name="earmarked_amount_positive"),
            ordered("start_year", "end_year", name="earmarked_period_ordered"),
            unique(["convention", "donor", "instrument"], name="earmarked_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.donor}: {self.name}"


class BudgetComment(Comment):
    """The review thread of a budget between committee members and ISU staff."""

    budget = part_of(Budget, related_name="comments")

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.budget}"


# --- Who sees what (the policy itself is ism.access) ----------------------------------
from ism.access import EVERY_ROW, Scope, register  # noqa: E402

PUBLIC_STATUSES = [
    Budget.Status.CIRCULATED,
    Budget.Status.ADOPTED,
    Budget.Status.SUPERSEDED,
]
# The Coordinating Committee sees a budget from the moment it is submitted to it.
REVIEWED_STATUSES = [Budget.Status.SUBMITTED, Budget.Status.APPROVED, *PUBLIC_STATUSES]

register(
    Budget,
    Scope(
        public=Q(status__in=PUBLIC_STATUSES),
        for_reviewers=Q(status__in=REVIEWED_STATUSES),
    ),
)
for _item in (StaffPosition, BudgetLine, Mission, BudgetNote, InKindSupport):
    register(
        _item,
        Scope(
            convention="budget__convention",
            public=Q(budget__status__in=PUBLIC_STATUSES),
            for_reviewers=Q(budget__status__in=REVIEWED_STATUSES),
        ),
    )
register(
    BudgetComment,
    Scope(
        convention="budget__convention",
        for_reviewers=Q(budget__status__in=REVIEWED_STATUSES),
    ),
)
# Published in the budget documents.
register(EarmarkedProject, Scope(public=EVERY_ROW))
