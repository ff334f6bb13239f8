"""Contributions: what each State is asked to pay, what it pledged, what it paid.

The invoice discipline follows pretix's (see STYLE.md):

* an invoice is a draft until it is issued; issuing assigns its number from a
  counter row per convention and year (InvoiceSeries), locked for the transaction,
  so numbers are unique and without gaps ("APMBC-2026-0007");
* an issued invoice is never edited or deleted: the recipient, the payment
  instructions and the budget and decision it rests on are copied onto it;
* a correction is a cancellation (a counter-invoice of the opposite amount that
  refers to the original) plus a new invoice. The original's `cancelled` flag is
  the one field that changes after issue, in the counter-invoice's transaction; it
  exists so the database itself can say "one live invoice per State and year";
* the status (issued, partially paid, paid, overdue, cancelled) is derived from
  payments, credits and dates, never typed.

Money is stored as djmoney Money. An invoice, its payments' settled amounts and
credits are in the convention's base currency; a payment or a pledge in another
currency records the rate used to convert it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from budgets.models.budget import Budget
from ism.constraints import ordered, positive, share, unique
from ism.fields import (
    convention_fk,
    illustrative_flag,
    money_field,
    optional_fk,
    part_of,
    state_fk,
    user_fk,
)
from ism.models import Convention
from ism.models.common import Recorded
from ism.validators import validate_plausible_date

# UN scale rates are published in percent with three decimals (0.001% is the
# minimum rate); five places leave room for rates computed from other tables.
RATE = {"max_digits": 8, "decimal_places": 5}
# A share of the total: the rate divided by the paying States' sum of rates.
SHARE = {"max_digits": 13, "decimal_places": 12}
# Exchange rates: units of the target currency for one unit of the source.
FX = {"max_digits": 18, "decimal_places": 8}


# --- Scale of assessment ---------------------------------------------------------


class ScaleTable(models.Model):
    """One version of the UN scale of assessment (a General Assembly resolution,
    e.g. A/RES/79/249 for 2025-2027), or an illustrative table for demo data."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("e.g. General Assembly resolution 79/249"),
    )
    illustrative = illustrative_flag(
        _("Invented rates for demonstration; every page using it says so.")
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_year", "name"]
        constraints = [
            ordered("start_year", "end_year", name="scale_period_ordered"),
        ]

    def __str__(self) -> str:
        label = f"{self.name} ({self.start_year}-{self.end_year})"
        return f"{label} — {_('illustrative')}" if self.illustrative else label

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class ScaleRate(models.Model):
    table = part_of(ScaleTable, related_name="rates")
    state = state_fk()
    rate = models.DecimalField(
        _("rate (percent)"),
        help_text=_("As published, in percent: 0.001 for 0.001%."),
        **RATE,
    )

    class Meta:
        ordering = ["table", "state__name"]
        constraints = [
            unique(["table", "state"], name="scale_rate_unique"),
            models.CheckConstraint(
                condition=Q(rate__gt=0, rate__lte=100), name="scale_rate_in_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.rate}%"


# --- Exchange rates --------------------------------------------------------------


class ExchangeRate(Recorded):
    """A dated rate from a named source (e.g. UN operational rate of exchange).
    Conversions copy the rate they used onto the converted row, so a later
    correction of this table never changes a recorded payment or pledge."""

    from_currency = models.CharField(_("from"), max_length=3)
    to_currency = models.CharField(_("to"), max_length=3)
    rate = models.DecimalField(
        _("rate"), help_text=_("Units of 'to' for one unit of 'from'."), **FX
    )
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["-date", "from_currency", "to_currency"]
        constraints = [
            unique(
                ["from_currency", "to_currency", "date", "source"],
                name="fx_unique_per_day_and_source",
            ),
            positive("rate", name="fx_rate_positive"),
            models.CheckConstraint(
                condition=~Q(from_currency=F("to_currency")),
                name="fx_currencies_differ",
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.from_currency} = {self.rate} {self.to_currency} ({self.date})"


# --- Per-convention settings -----------------------------------------------------


class ContributionSettings(models.Model):
    """What the ISU prints on its invoices and how long States have to pay.
    Copied onto each invoice at issue, so changing them never alters one."""

    convention = models.OneToOneField(
        Convention, on_delete=models.CASCADE, related_name="contribution_settings"
    )
    issuer = models.TextField(
        _("letterhead"),
        blank=True,
        help_text=_("The ISU's name and address as printed at the top."),
    )
    payment_instructions = models.TextField(
        _("payment instructions"),
        blank=True,
        help_text=_("Bank, account holder, IBAN, SWIFT/BIC, reference to quote."),
    )
    payment_terms_days = models.PositiveSmallIntegerField(_("days to pay"), default=60)
    signatory = models.CharField(_("signed by"), max_length=200, blank=True)

    class Meta:
        verbose_name_plural = _("contribution settings")

    def __str__(self) -> str:
        return f"{self.convention} contribution settings"


# --- Assessments -----------------------------------------------------------------


class Assessment(models.Model):
    """The amount a convention asks of its States for a year and how it was split.
    A preview is computed, shown and thrown away; what staff confirm is saved
    as ISSUED with its lines, and its invoices are issued in the same
    transaction."""

    class Method(models.TextChoices):
        ASSESSED = "assessed", _("Assessed (adjusted UN scale)")
        VOLUNTARY = "voluntary", _("Voluntary pledges")
        MIXED = "mixed", _("Assessed and voluntary")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        ISSUED = "issued", _("Issued")

    convention = convention_fk(related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    budget = optional_fk(Budget)
    scale = optional_fk(ScaleTable)
    method = models.CharField(max_length=10, choices=Method.choices)
    amount = money_field(_("amount to assess"))
    # Minimum contribution of a State (in the convention's currency) and maximum
    # share of the total (0.22 = 22%), from the convention's financial rules.
    floor = money_field(_("minimum contribution"), optional=True)
    ceiling = models.DecimalField(
        _("maximum share"), null=True, blank=True, max_digits=6, decimal_places=5
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convention__code", "-year", "-created_at"]
        constraints = [
            positive("amount", name="assessment_amount_positive"),
            positive("floor", name="assessment_floor_positive", optional=True),
            share("ceiling", name="assessment_ceiling_is_a_share", optional=True),
            models.CheckConstraint(
                condition=Q(method="voluntary") | Q(scale__isnull=False),
                name="assessment_scale_when_assessed",
            ),
            # One assessment per convention and year; a correction is made on its
            # invoices (cancellation + new invoice), never by assessing again.
            unique(
                ["convention", "year"],
                condition=Q(status="issued"),
                name="assessment_one_issued_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convention.code} assessment {self.year}"


class AssessmentLine(models.Model):
    """One State's part of an assessment, as computed when it was issued."""

    assessment = part_of(Assessment, related_name="lines")
    state = state_fk()
    rate = models.DecimalField(_("UN rate (percent)"), null=True, blank=True, **RATE)
    share = models.DecimalField(_("share"), **SHARE)
    amount = money_field(_("amount"))
    floor_applied = models.BooleanField(default=False)
    ceiling_applied = models.BooleanField(default=False)

    class Meta:
        ordering = ["assessment", "state__name"]
        constraints = [
            unique(["assessment", "state"], name="assessment_line_unique"),
            positive("amount", name="assessment_line_amount_positive"),
            share("share", name="assessment_line_share_in_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.amount}"


class Converted(Recorded):
    """An amount of a State's in any currency (a payment, a pledge: the subclass
    declares `amount`), and the same in the convention's currency at a stored,
    dated rate: the rate used (copied) and the row it came from, both empty when
    the amount is in the convention's currency. Every amount and rate is
    positive; the constraints take the subclass's name ("pledge_rate_positive")."""

    exchange_rate = optional_fk(ExchangeRate)
    rate = models.DecimalField(_("exchange rate used"), null=True, blank=True, **FX)
    base_amount = money_field(_("in the convention's currency"))

    class Meta:
        abstract = True
        constraints = [
            positive("amount", name="%(class)s_amount_positive"),
            positive("base_amount", name="%(class)s_base_amount_positive"),
            positive("rate", name="%(class)s_rate_positive", optional=True),
        ]

    @property
    def converted(self) -> bool:
        return self.rate is not None


class Pledge(Converted):
    """A voluntary contribution a State announced, in any currency, converted to
    the convention's currency for reporting."""

    convention = convention_fk(related_name="pledges")
    state = state_fk()
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("pledged on"), validators=[validate_plausible_date])
    amount = money_field(_("amount pledged"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta(Converted.Meta):
        ordering = ["convention__code", "-year", "state__name", "date"]

    def __str__(self) -> str:
        return f"{self.state} pledged {self.amount} for {self.year}"


# --- Who sees what (the policy itself is ism.access) ----------------------------------
from ism.access import EVERY_ROW, Scope, register  # noqa: E402

# The UN scale and exchange rates are published reference data.
register(ScaleTable, Scope(convention=None, public=EVERY_ROW))
register(ScaleRate, Scope(convention=None, public=EVERY_ROW))
register(ExchangeRate, Scope(convention=None, public=EVERY_ROW))
# The ISU's working records: its staff and auditors.
register(ContributionSettings, Scope())
register(Assessment, Scope())
# Owned by one State: its focal points see their own, no other State's; the
# convention's staff and auditors see all; the public nothing.
register(AssessmentLine, Scope(convention="assessment__convention", state="state"))
register(Pledge, Scope(state="state"))
