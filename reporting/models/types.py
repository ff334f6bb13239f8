"""Report types: what a State owes under each instrument, as data (issue 17).

A convention's instruments each carry the reports their parties owe: the APMBC's
and the CCM's Article 7 report (the Convention itself), and for the CCW the
compliance mechanism's national annual report (the Convention), the Amended
Protocol II Article 13(4) report and the Protocol V Article 10(2)(b) report. A
type says which instrument's parties owe it, which form set it is made of
(reporting.catalogue), when it is due, whether each report asks the State's
consent to its publication, and whether ISM reminds States of it.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ism.constraints import not_blank, unique
from ism.fields import convention_fk, flag
from reporting import catalogue

# The code of the APMBC's and the CCM's (and any one-report convention's) type.
ARTICLE7 = "article7"
# What a type asks of its parties beyond its instrument and name: the columns the
# administration lists and the fields its history records.
RULE_FIELDS = [
    "form_set",
    "annual_month",
    "annual_day",
    "initial_days",
    "asks_publication_consent",
    "reminders",
]


class ReportType(models.Model):
    convention = convention_fk(related_name="report_types")
    # Its parties owe the report: the Convention itself, or a protocol.
    instrument = models.ForeignKey(
        "ism.Instrument", on_delete=models.PROTECT, related_name="report_types"
    )
    code = models.SlugField(
        _("code"),
        max_length=20,
        help_text=_('In links and outbox keys: "article7", "apii", "pv".'),
    )
    # Translatable (reporting/translation.py).
    name = models.CharField(_("name"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    form_set = models.CharField(_("forms"), max_length=20, choices=catalogue.FORM_SETS)
    # The due-date rule. Empty month and day: the convention's reporting dates
    # (its settings page), as the Article 7 report has always followed them.
    annual_month = models.PositiveSmallIntegerField(
        _("annual report due month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    annual_day = models.PositiveSmallIntegerField(
        _("annual report due day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    # With its own month and day: days after entry into force the initial report
    # is due within (empty: no initial report).
    initial_days = models.PositiveSmallIntegerField(
        _("initial report due (days after entry into force)"), null=True, blank=True
    )
    asks_publication_consent = flag(
        _("asks the State's consent to publication"),
        _(
            "Each report says whether the State agrees to its publication; "
            "a report without that consent is never published."
        ),
    )
    reminders = models.BooleanField(_("reminders"), default=True)

    class Meta:
        ordering = ["convention__code", "order", "code"]
        verbose_name = _("report type")
        verbose_name_plural = _("report types")
        constraints = [
            unique(["convention", "code"], name="report_type_code_unique"),
            not_blank("name", name="report_type_name_not_blank"),
            models.CheckConstraint(
                condition=Q(annual_month__isnull=True, annual_day__isnull=True)
                | Q(
                    annual_month__gte=1,
                    annual_month__lte=12,
                    annual_day__gte=1,
                    annual_day__lte=31,
                ),
                name="report_type_due_date_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convention.code} {self.name}"

    @property
    def own_dates(self) -> bool:
        return self.annual_month is not None

    @property
    def initial_report_days(self) -> int | None:
        if not self.own_dates:
            return self.convention.initial_report_days
        return self.initial_days

    def annual_report_due(self, reporting_year: int) -> dt.date:
        """Due date of the annual report covering `reporting_year`."""
        if not self.own_dates:
            return self.convention.annual_report_due(reporting_year)
        return dt.date(reporting_year + 1, self.annual_month, self.annual_day)

    def initial_report_due(self, entry_into_force: dt.date) -> dt.date | None:
        days = self.initial_report_days
        if days is None:
            return None
        return entry_into_force + dt.timedelta(days=days)

    @property
    def form_specs(self) -> tuple[catalogue.FormSpec, ...]:
        return catalogue.forms_for(self.form_set)

    @property
    def reminder_prefix(self) -> str:
        """The outbox key's start for this type's reminders. The Article 7 type
        keeps the keys its reminders had before report types ("art7:APMBC"), so
        a reminder already sent is not sent again under a new key."""
        if self.code == ARTICLE7:
            return f"art7:{self.convention.code}"
        return f"report:{self.convention.code}-{self.code}"
