"""Invoices (assessment notices), their numbering series and the States' statements.
The discipline is described in budgets.contributions.models.contributions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgets.contributions.models.contributions import Assessment
from budgets.models.budget import Budget
from ism.constraints import ordered, unique
from ism.fields import (
    convention_fk,
    language_field,
    money_field,
    optional_fk,
    state_fk,
    user_fk,
)
from ism.models.common import HasPage, RenderedPdf

# --- Invoices --------------------------------------------------------------------


class InvoiceSeries(models.Model):
    """The counter of one numbering series (a convention and a year). Issuing an
    invoice locks this row (SELECT ... FOR UPDATE) and takes the next number, so
    two invoices issued at the same moment never get the same number, and a
    rolled-back issue never leaves a gap (the counter rolls back with it)."""

    convention = convention_fk()
    year = models.PositiveSmallIntegerField()
    prefix = models.CharField(max_length=20)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("invoice series")
        constraints = [
            unique(["convention", "year"], name="invoice_series_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year} (last {self.last_number})"

    def format(self, sequence: int) -> str:
        return f"{self.prefix}-{self.year}-{sequence:04d}"


class Invoice(HasPage, RenderedPdf):
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

    convention = convention_fk(related_name="invoices")
    year = models.PositiveSmallIntegerField(_("year"))
    state = state_fk()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    assessment = optional_fk(Assessment, related_name="invoices")
    # Given at issue; empty while a draft.
    number = models.CharField(
        _("number"), max_length=40, null=True, blank=True, unique=True
    )
    sequence = models.PositiveIntegerField(null=True, blank=True)
    # Signed: an invoice is positive, its counter-invoice the same amount negative,
    # so a cancelled invoice and its cancellation add up to nothing.
    amount = money_field(_("amount"))
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = user_fk()
    # Copied at issue from ism.StateContact, ContributionSettings and the budget,
    # so the invoice says forever what it said when it was sent.
    recipient_name = models.CharField(_("recipient"), max_length=300, blank=True)
    recipient_address = models.TextField(_("address"), blank=True)
    language = language_field(_("language"), default="en")
    issuer = models.TextField(_("letterhead"), blank=True)
    payment_instructions = models.TextField(_("payment instructions"), blank=True)
    # The convention's bank account at issue (ism.models.bank.BankAccount.payee):
    # what the QR-bill or EPC code on the document pays into.
    payee = models.JSONField(default=dict, blank=True)
    budget = optional_fk(Budget)
    budget_reference = models.CharField(_("budget"), max_length=300, blank=True)
    decision_reference = models.CharField(_("decision"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    # What a State owed on a year before ISM, entered as an opening balance
    # (services.opening_balances): settled, stated and reminded like any invoice,
    # with no document of its own.
    brought_forward = models.BooleanField(_("arrears brought forward"), default=False)

    # Corrections.
    cancels = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancellation",
        help_text=_("The invoice this counter-invoice cancels."),
    )
    replaces = optional_fk(
        "self",
        related_name="replacements",
        help_text=_("The cancelled invoice this one corrects."),
    )
    reason = models.TextField(_("reason for the cancellation"), blank=True)
    cancelled = models.BooleanField(default=False)

    # The rendered document (budgets.tasks.invoice_render_pdf). The document is
    # immutable like the invoice; `revision` only moves to force a re-render of
    # the same content (a lost file, a fixed template).
    pdf = models.FileField(upload_to="invoices/pdf/", blank=True)
    revision = models.PositiveIntegerField(default=1)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["convention__code", "-year", "sequence", "pk"]
        constraints = [
            unique(
                ["convention", "year", "sequence"],
                name="invoice_sequence_unique_per_series",
            ),
            # One live invoice per State, convention and year: a second one is a
            # correction, which cancels the first.
            unique(
                ["state", "convention", "year"],
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
            ordered(
                "issue_date",
                "due_date",
                name="invoice_due_after_issue",
                optional=("due_date", "issue_date"),
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

    page_url_name = "budgets:invoice-detail"

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def has_document(self) -> bool:
        """An issued notice has its PDF; arrears brought forward from the years
        before ISM are a balance, not a notice ISM sent, and have none."""
        return self.is_issued and not self.brought_forward

    @property
    def is_cancellation(self) -> bool:
        return self.kind == self.Kind.CANCELLATION

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
        annotation (budgets.contributions.selectors.settled_annotation: one query
        for any number of invoices); a single invoice reads it by settled_of."""
        annotated = getattr(self, "settled", None)
        if annotated is not None:
            # SQLite sums decimals with more places than a cent. Kept with the
            # annotation it comes from: a list row reads it three times.
            cached = self.__dict__.get("_settled_cents")
            if cached is None or cached[0] is not annotated:
                cached = (annotated, Decimal(annotated).quantize(Decimal("0.01")))
                self.__dict__["_settled_cents"] = cached
            return cached[1]
        # The selector's rule, not a second sum (imported here: selectors read
        # the models).
        from budgets.contributions.selectors import settled_of

        return settled_of(self)

    def outstanding_for(self, settled: Decimal) -> Decimal:
        """What is still owed given what settled it: nothing on a draft, a
        cancelled invoice or a counter-invoice, never below nothing (an
        over-payment is the State's credit, not a negative debt)."""
        if not self.is_issued or self.cancelled or self.is_cancellation:
            return Decimal(0)
        return max(self.amount.amount - settled, Decimal(0))

    @property
    def outstanding_amount(self) -> Decimal:
        return self.outstanding_for(self.settled_amount)

    @property
    def status(self) -> str:
        """Compared with today in the project's time zone: the `status_day` that
        budgets.contributions.selectors.invoice_list annotates (one day for a
        whole list), else the clock."""
        today = getattr(self, "status_day", None)
        if today is None:
            from django.utils import timezone

            today = timezone.localdate()
        return self.status_for(settled=self.settled_amount, today=today)

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


class Statement(RenderedPdf):
    """A State's statement of account with one convention, as a document.
    Every service that changes what it would say (an invoice issued or cancelled,
    a payment, a credit) increments `revision`; the PDF is current when
    `pdf_revision` equals it."""

    convention = convention_fk(on_delete=models.CASCADE)
    state = state_fk(on_delete=models.CASCADE)
    revision = models.PositiveIntegerField(default=1)
    pdf = models.FileField(upload_to="statements/pdf/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            unique(["convention", "state"], name="statement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.convention} statement"


# --- Who sees what (the policy itself is ism.access) ----------------------------------
from ism.access import Scope, register  # noqa: E402

register(InvoiceSeries, Scope())
# Owned by one State: its focal points see their own, no other State's; the
# convention's staff and auditors see all; the public nothing. A draft is the ISU's
# preview: the State sees its invoice once it is issued.
register(Invoice, Scope(state="state", for_owner=Q(issued_at__isnull=False)))
register(Statement, Scope(state="state"))
