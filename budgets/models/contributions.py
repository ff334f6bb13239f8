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

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField

from budgets.models.budget import MONEY, Budget
from ism.models import Convention, OutgoingMail, State

# UN scale rates are published in percent with three decimals (0.001% is the
# minimum rate); five places leave room for rates computed from other tables.
RATE = {"max_digits": 8, "decimal_places": 5}
# A share of the total: the rate divided by the paying States' sum of rates.
SHARE = {"max_digits": 13, "decimal_places": 12}
# Exchange rates: units of the target currency for one unit of the source.
FX = {"max_digits": 18, "decimal_places": 8}


def _user_fk(**extra):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        **extra,
    )


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
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Invented rates for demonstration; every page using it says so."),
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="scale_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.name} ({self.start_year}-{self.end_year})"
        return f"{label} — {_('illustrative')}" if self.illustrative else label

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class ScaleRate(models.Model):
    table = models.ForeignKey(
        ScaleTable, on_delete=models.CASCADE, related_name="rates"
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    rate = models.DecimalField(
        _("rate (percent)"),
        help_text=_("As published, in percent: 0.001 for 0.001%."),
        **RATE,
    )

    class Meta:
        ordering = ["table", "state__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "state"], name="scale_rate_unique"
            ),
            models.CheckConstraint(
                condition=Q(rate__gt=0, rate__lte=100), name="scale_rate_in_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.rate}%"


# --- Exchange rates --------------------------------------------------------------


class ExchangeRate(models.Model):
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
    recorded_by = _user_fk()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "from_currency", "to_currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_currency", "to_currency", "date", "source"],
                name="fx_unique_per_day_and_source",
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="fx_rate_positive"),
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

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scale = models.ForeignKey(
        ScaleTable, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(max_length=10, choices=Method.choices)
    amount = MoneyField(_("amount to assess"), **MONEY)
    # Minimum contribution of a State (in the convention's currency) and maximum
    # share of the total (0.22 = 22%), from the convention's financial rules.
    floor = MoneyField(_("minimum contribution"), null=True, blank=True, **MONEY)
    ceiling = models.DecimalField(
        _("maximum share"), null=True, blank=True, max_digits=6, decimal_places=5
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convention__code", "-year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="assessment_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(floor__isnull=True) | Q(floor__gt=0),
                name="assessment_floor_positive",
            ),
            models.CheckConstraint(
                condition=Q(ceiling__isnull=True) | Q(ceiling__gt=0, ceiling__lte=1),
                name="assessment_ceiling_is_a_share",
            ),
            models.CheckConstraint(
                condition=Q(method="voluntary") | Q(scale__isnull=False),
                name="assessment_scale_when_assessed",
            ),
            # One assessment per convention and year; a correction is made on its
            # invoices (cancellation + new invoice), never by assessing again.
            models.UniqueConstraint(
                fields=["convention", "year"],
                condition=Q(status="issued"),
                name="assessment_one_issued_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convention.code} assessment {self.year}"


class AssessmentLine(models.Model):
    """One State's part of an assessment, as computed when it was issued."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="lines"
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    rate = models.DecimalField(_("UN rate (percent)"), null=True, blank=True, **RATE)
    share = models.DecimalField(_("share"), **SHARE)
    amount = MoneyField(_("amount"), **MONEY)
    floor_applied = models.BooleanField(default=False)
    ceiling_applied = models.BooleanField(default=False)

    class Meta:
        ordering = ["assessment", "state__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "state"], name="assessment_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="assessment_line_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=1),
                name="assessment_line_share_in_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.amount}"


class Pledge(models.Model):
    """A voluntary contribution a State announced, in any currency, converted to
    the convention's currency at a stored, dated rate for reporting."""

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="pledges"
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("pledged on"))
    amount = MoneyField(_("amount pledged"), **MONEY)
    # The rate used (copied) and the row it came from; both empty when the pledge
    # is in the convention's currency.
    exchange_rate = models.ForeignKey(
        ExchangeRate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rate = models.DecimalField(_("exchange rate used"), null=True, blank=True, **FX)
    base_amount = MoneyField(_("in the convention's currency"), **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = _user_fk()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convention__code", "-year", "state__name", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="pledge_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(base_amount__gt=0), name="pledge_base_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gt=0),
                name="pledge_rate_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} pledged {self.amount} for {self.year}"


# --- Invoices --------------------------------------------------------------------


class InvoiceSeries(models.Model):
    """The counter of one numbering series (a convention and a year). Issuing an
    invoice locks this row (SELECT ... FOR UPDATE) and takes the next number, so
    two invoices issued at the same moment never get the same number, and a
    rolled-back issue never leaves a gap (the counter rolls back with it)."""

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    prefix = models.CharField(max_length=20)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("invoice series")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "year"], name="invoice_series_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year} (last {self.last_number})"

    def format(self, sequence: int) -> str:
        return f"{self.prefix}-{self.year}-{sequence:04d}"


class Invoice(models.Model):
    """An assessment notice (invoice) or the counter-invoice that cancels one."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CANCELLATION = "cancellation", _("Cancellation")

    class Status(models.TextChoices):
        """Derived (see status_for), never stored."""

        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        PARTIALLY_PAID = "partially_paid", _("Partially paid")
        PAID = "paid", _("Paid")
        OVERDUE = "overdue", _("Overdue")
        CANCELLED = "cancelled", _("Cancelled")

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="invoices"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    # Given at issue; empty while a draft.
    number = models.CharField(
        _("number"), max_length=40, null=True, blank=True, unique=True
    )
    sequence = models.PositiveIntegerField(null=True, blank=True)
    # Signed: an invoice is positive, its counter-invoice the same amount negative,
    # so a cancelled invoice and its cancellation add up to nothing.
    amount = MoneyField(_("amount"), **MONEY)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = _user_fk()
    # Copied at issue from ism.StateContact, ContributionSettings and the budget,
    # so the invoice says forever what it said when it was sent.
    recipient_name = models.CharField(_("recipient"), max_length=300, blank=True)
    recipient_address = models.TextField(_("address"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    issuer = models.TextField(_("letterhead"), blank=True)
    payment_instructions = models.TextField(_("payment instructions"), blank=True)
    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    budget_reference = models.CharField(_("budget"), max_length=300, blank=True)
    decision_reference = models.CharField(_("decision"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    # Corrections.
    cancels = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancellation",
        help_text=_("The invoice this counter-invoice cancels."),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacements",
        help_text=_("The cancelled invoice this one corrects."),
    )
    reason = models.TextField(_("reason for the cancellation"), blank=True)
    cancelled = models.BooleanField(default=False)

    # The rendered document (budgets.tasks.invoice_render_pdf). The document is
    # immutable like the invoice; `revision` only moves to force a re-render of
    # the same content (a lost file, a fixed template).
    pdf = models.FileField(upload_to="invoices/pdf/", blank=True)
    pdf_revision = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(default=1)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convention__code", "-year", "sequence", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "year", "sequence"],
                name="invoice_sequence_unique_per_series",
            ),
            # One live invoice per State, convention and year: a second one is a
            # correction, which cancels the first.
            models.UniqueConstraint(
                fields=["state", "convention", "year"],
                condition=Q(kind="invoice", cancelled=False),
                name="invoice_one_live_per_state_year",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", amount__gt=0, cancels__isnull=True)
                | Q(kind="cancellation", amount__lt=0, cancels__isnull=False),
                name="invoice_sign_matches_kind",
            ),
            # Number, sequence, dates and the issue time come together at issue.
            models.CheckConstraint(
                condition=Q(
                    number__isnull=True,
                    sequence__isnull=True,
                    issued_at__isnull=True,
                )
                | Q(
                    number__isnull=False,
                    sequence__isnull=False,
                    sequence__gt=0,
                    issued_at__isnull=False,
                    issue_date__isnull=False,
                    due_date__isnull=False,
                ),
                name="invoice_numbered_when_issued",
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(issue_date__isnull=True)
                | Q(due_date__gte=F("issue_date")),
                name="invoice_due_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(cancelled=False)
                | Q(kind="invoice", issued_at__isnull=False),
                name="invoice_only_issued_invoices_cancelled",
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return self.number
        return f"{self.convention.code} {self.year} draft for {self.state}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("budgets:invoice-detail", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def is_cancellation(self) -> bool:
        return self.kind == self.Kind.CANCELLATION

    @property
    def pdf_is_current(self) -> bool:
        return bool(self.pdf) and self.pdf_revision == self.revision

    def status_for(self, *, settled: Decimal, today: dt.date) -> str:
        """The status from what has settled it (payments applied + credits
        allocated, in the invoice's currency) and the date."""
        return invoice_status(
            issued=self.is_issued,
            kind=self.kind,
            cancelled=self.cancelled,
            amount=self.amount.amount,
            settled=settled,
            due_date=self.due_date,
            today=today,
        )

    @property
    def settled_amount(self) -> Decimal:
        """What has settled this invoice so far: payments applied to it plus credit
        allocated to it, in its currency. Lists read it from the `settled`
        annotation of budgets.selectors.invoice_list (one query for any number of
        invoices); a single invoice computes it here."""
        annotated = getattr(self, "settled", None)
        if annotated is not None:
            return annotated
        if self.pk is None:
            return Decimal(0)
        paid = self.payments.aggregate(s=models.Sum("applied"))["s"] or Decimal(0)
        credited = self.credit_allocations.aggregate(s=models.Sum("amount"))["s"]
        return paid + (credited or Decimal(0))

    @property
    def outstanding_amount(self) -> Decimal:
        """What is still owed on it (nothing on a cancelled invoice)."""
        if not self.is_issued or self.cancelled or self.is_cancellation:
            return Decimal(0)
        return max(self.amount.amount - self.settled_amount, Decimal(0))

    @property
    def status(self) -> str:
        """Compared with today in the project's time zone."""
        from django.utils import timezone

        return self.status_for(settled=self.settled_amount, today=timezone.localdate())

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    def clean(self):
        if (
            self.convention_id
            and self.amount is not None
            and str(self.amount.currency) != self.convention.currency
        ):
            raise ValidationError(
                {"amount": _("Must be in the convention's currency.")}
            )


def invoice_status(
    *,
    issued: bool,
    kind: str,
    cancelled: bool,
    amount: Decimal,
    settled: Decimal,
    due_date: dt.date | None,
    today: dt.date,
) -> str:
    """The derived status of an invoice. A counter-invoice is "cancelled" like the
    invoice it cancels: neither is owed."""
    S = Invoice.Status
    if not issued:
        return S.DRAFT
    if cancelled or kind == Invoice.Kind.CANCELLATION:
        return S.CANCELLED
    if settled >= amount:
        return S.PAID
    if due_date is not None and today > due_date:
        return S.OVERDUE
    if settled > 0:
        return S.PARTIALLY_PAID
    return S.ISSUED


# --- Payments and credit ---------------------------------------------------------


class ImportBatch(models.Model):
    """One bank statement file imported (confirmed) by staff."""

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    recorded = models.PositiveIntegerField(default=0)
    imported_by = _user_fk()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.filename or 'bank statement'} ({self.imported_at:%Y-%m-%d})"


class Payment(models.Model):
    """Money received from a State. `amount` is what arrived, in its currency;
    `base_amount` the same in the convention's currency at `rate`; `applied` the
    part that settles `invoice`. Anything above it became the State's Credit
    (see Credit.payment)."""

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="payments"
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    date = models.DateField(_("date received"))
    amount = MoneyField(_("amount received"), **MONEY)
    rate = models.DecimalField(_("exchange rate used"), null=True, blank=True, **FX)
    exchange_rate = models.ForeignKey(
        ExchangeRate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    base_amount = MoneyField(_("in the convention's currency"), **MONEY)
    applied = MoneyField(_("applied to the invoice"), **MONEY)
    reference = models.CharField(_("bank reference"), max_length=200, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    # What makes recording the same bank movement twice impossible: derived from
    # the movement (State, date, amount, currency, reference; see
    # budgets.services.payments.payment_key), unique per convention.
    # NULL (not "") when there is none, so keyless payments never collide.
    idempotency_key = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True
    )
    recorded_by = _user_fk()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "idempotency_key"],
                name="payment_idempotent",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payment_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(base_amount__gt=0), name="payment_base_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(applied__gte=0, applied__lte=F("base_amount")),
                name="payment_applied_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(invoice__isnull=False) | Q(applied=0),
                name="payment_applied_needs_invoice",
            ),
            models.CheckConstraint(
                condition=Q(applied_currency=F("base_amount_currency")),
                name="payment_applied_in_base_currency",
            ),
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gt=0),
                name="payment_rate_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} paid {self.amount} on {self.date}"

    @property
    def converted(self) -> bool:
        return self.rate is not None


class Credit(models.Model):
    """Money a State has with the ISU beyond what it owes: an over-payment, a
    payment without an invoice, or what it had paid on an invoice later cancelled.
    Used up by allocations to its next invoices (CreditAllocation)."""

    class Origin(models.TextChoices):
        OVERPAYMENT = "overpayment", _("Over-payment")
        UNALLOCATED = "unallocated", _("Payment without an invoice")
        CANCELLATION = "cancellation", _("Paid on a cancelled invoice")

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="+"
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(max_length=12, choices=Origin.choices)
    amount = MoneyField(_("amount"), **MONEY)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="credits"
    )
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credits_released",
        help_text=_("The cancelled invoice whose payments became this credit."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="credit_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(payment__isnull=False) | Q(invoice__isnull=False),
                name="credit_has_origin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} credit {self.amount}"


class CreditAllocation(models.Model):
    """Part of a credit applied to an invoice."""

    credit = models.ForeignKey(
        Credit, on_delete=models.PROTECT, related_name="allocations"
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credit_allocations"
    )
    amount = MoneyField(_("amount"), **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="credit_allocation_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} of credit to {self.invoice}"


class Statement(models.Model):
    """A State's statement of account with one convention, as a document.
    Every service that changes what it would say (an invoice issued or cancelled,
    a payment, a credit) increments `revision`; the PDF is current when
    `pdf_revision` equals it."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="+"
    )
    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField(default=1)
    pdf = models.FileField(upload_to="statements/pdf/", blank=True)
    pdf_revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "state"], name="statement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.convention} statement"

    @property
    def pdf_is_current(self) -> bool:
        return bool(self.pdf) and self.pdf_revision == self.revision


# --- Reminders -------------------------------------------------------------------


class ReminderPolicy(models.Model):
    """When and how a convention reminds States of what they owe."""

    convention = models.OneToOneField(
        Convention, on_delete=models.CASCADE, related_name="reminder_policy"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name_plural = _("reminder policies")

    def __str__(self) -> str:
        return f"{self.convention} reminder policy"


class ReminderLevel(models.Model):
    """One step of the policy: e.g. a note verbale 30 days before the due date,
    later a letter from the President. Wording per language; English is the
    fallback and is required."""

    policy = models.ForeignKey(
        ReminderPolicy, on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("level"))
    offset_days = models.SmallIntegerField(
        _("days from the due date"),
        help_text=_("Negative before the due date: -30, 0, 30, 90."),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. note verbale"))
    subject_en = models.CharField(_("subject (English)"), max_length=300)
    body_en = models.TextField(_("text (English)"))
    subject_fr = models.CharField(_("subject (French)"), max_length=300, blank=True)
    body_fr = models.TextField(_("text (French)"), blank=True)
    subject_es = models.CharField(_("subject (Spanish)"), max_length=300, blank=True)
    body_es = models.TextField(_("text (Spanish)"), blank=True)

    class Meta:
        ordering = ["policy", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "level"], name="reminder_level_unique"
            ),
            models.UniqueConstraint(
                fields=["policy", "offset_days"], name="reminder_offset_unique"
            ),
            models.CheckConstraint(
                condition=~Q(subject_en="") & ~Q(body_en=""),
                name="reminder_level_has_english",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level}. {self.name} ({self.offset_days:+d} days)"

    def wording(self, language: str) -> tuple[str, str]:
        """(subject, body) in `language` when both exist, else English."""
        subject = getattr(self, f"subject_{language}", "") or ""
        body = getattr(self, f"body_{language}", "") or ""
        if subject and body:
            return subject, body
        return self.subject_en, self.body_en


class InvoiceReminder(models.Model):
    """A reminder about one invoice, linked to the mail in the outbox. One per
    invoice and level (a job run twice finds it); a reminder sent by hand has
    no level and may be sent again."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="reminders"
    )
    level = models.ForeignKey(
        ReminderLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mail = models.OneToOneField(
        OutgoingMail, on_delete=models.PROTECT, related_name="invoice_reminder"
    )
    sent_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "level"],
                condition=Q(level__isnull=False),
                name="invoice_reminder_once_per_level",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder {self.level or 'by hand'} for {self.invoice}"


# --- Who sees what (the policy itself is ism.access) ----------------------------------
from ism.access import EVERY_ROW, Scope, register  # noqa: E402

# The UN scale and exchange rates are published reference data.
register(ScaleTable, Scope(convention=None, public=EVERY_ROW))
register(ScaleRate, Scope(convention=None, public=EVERY_ROW))
register(ExchangeRate, Scope(convention=None, public=EVERY_ROW))
# The ISU's working records: its staff and auditors.
for _model in (ContributionSettings, Assessment, InvoiceSeries, ImportBatch):
    register(_model, Scope())
register(ReminderPolicy, Scope())
register(ReminderLevel, Scope(convention="policy__convention"))
# Owned by one State: its focal points see their own, no other State's; the
# convention's staff and auditors see all; the public nothing.
register(AssessmentLine, Scope(convention="assessment__convention", state="state"))
for _model in (Invoice, Pledge, Payment, Credit, Statement):
    register(_model, Scope(state="state"))
register(
    CreditAllocation,
    Scope(convention="credit__convention", state="credit__state"),
)
register(
    InvoiceReminder,
    Scope(convention="invoice__convention", state="invoice__state"),
)
