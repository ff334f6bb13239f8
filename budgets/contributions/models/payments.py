"""Payments received from States, the bank statements they came in, and the credit
an over-payment leaves."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from budgets.contributions.models.contributions import Converted, Pledge
from budgets.contributions.models.invoices import Invoice
from ism.constraints import positive, unique
from ism.fields import convention_fk, money_field, optional_fk, state_fk, user_fk
from ism.validators import validate_plausible_date

# --- Payments and credit ---------------------------------------------------------


class ImportBatch(models.Model):
    """One bank statement file imported (confirmed) by staff."""

    convention = convention_fk()
    filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    recorded = models.PositiveIntegerField(default=0)
    imported_by = user_fk()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.filename or 'bank statement'} ({self.imported_at:%Y-%m-%d})"


class Payment(Converted):
    """Money received from a State. `amount` is what arrived, in its currency;
    `base_amount` the same in the convention's currency at `rate`; `applied` the
    part that settles `invoice`. Anything above it became the State's Credit
    (see Credit.payment)."""

    convention = convention_fk(related_name="payments")
    state = state_fk()
    invoice = optional_fk(Invoice, related_name="payments")
    pledge = optional_fk(Pledge, related_name="payments")
    date = models.DateField(_("date received"), validators=[validate_plausible_date])
    amount = money_field(_("amount received"))
    applied = money_field(_("applied to the invoice"))
    reference = models.CharField(_("bank reference"), max_length=200, blank=True)
    batch = optional_fk(ImportBatch, related_name="payments")
    # What makes recording the same bank movement twice impossible: derived from
    # the movement (State, date, amount, currency, reference; see
    # budgets.contributions.services.payments.payment_key), unique per convention.
    # NULL (not "") when there is none, so keyless payments never collide.
    idempotency_key = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True
    )

    class Meta(Converted.Meta):
        ordering = ["-date", "-pk"]
        constraints = [
            *Converted.Meta.constraints,
            unique(["convention", "idempotency_key"], name="payment_idempotent"),
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
        ]

    def __str__(self) -> str:
        return f"{self.state} paid {self.amount} on {self.date}"


class Credit(models.Model):
    """Money a State has with the ISU beyond what it owes: an over-payment, a
    payment without an invoice, or what it had paid on an invoice later cancelled.
    Used up by allocations to its next invoices (CreditAllocation)."""

    class Origin(models.TextChoices):
        OVERPAYMENT = "overpayment", _("Over-payment")
        UNALLOCATED = "unallocated", _("Payment without an invoice")
        CANCELLATION = "cancellation", _("Paid on a cancelled invoice")

    convention = convention_fk()
    state = state_fk()
    origin = models.CharField(max_length=12, choices=Origin.choices)
    amount = money_field(_("amount"))
    payment = optional_fk(Payment, related_name="credits")
    invoice = optional_fk(
        Invoice,
        related_name="credits_released",
        help_text=_("The cancelled invoice whose payments became this credit."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            positive("amount", name="credit_amount_positive"),
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
    amount = money_field(_("amount"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            positive("amount", name="credit_allocation_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} of credit to {self.invoice}"


# --- Who sees what (the policy itself is ism.access) ----------------------------------
from ism.access import Scope, register  # noqa: E402

register(ImportBatch, Scope())
# Owned by one State: its focal points see their own; staff and auditors all.
register(Payment, Scope(state="state"))
register(Credit, Scope(state="state"))
register(
    CreditAllocation,
    Scope(convention="credit__convention", state="credit__state"),
)
