"""The buffer fund / working capital fund of an ISU, kept as a ledger of
movements beside the budget (outside its total)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ism.access import EVERY_ROW, Scope, register
from ism.constraints import positive, unique
from ism.fields import convention_fk, money_field
from ism.models.common import Recorded


class Fund(models.Model):
    """The buffer fund / working capital fund of a convention's ISU, kept as a
    ledger of movements. Its target is a number of years of expenditure
    (APMBC: one year, decision of the 14th Meeting of the States Parties)."""

    class Kind(models.TextChoices):
        BUFFER = "buffer", _("Buffer fund")
        WORKING_CAPITAL = "working_capital", _("Working capital fund")

    convention = convention_fk(related_name="funds")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    currency = models.CharField(max_length=3)
    target_years = models.DecimalField(
        _("target (years of expenditure)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
    )
    rule = models.TextField(_("rule and its source"), blank=True)

    class Meta:
        ordering = ["convention__code", "kind"]
        constraints = [
            unique(["convention", "kind"], name="fund_unique_kind"),
            positive("target_years", name="fund_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.convention.code} {self.name}"


class FundMovement(Recorded):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening balance")
        CONTRIBUTION = "contribution", _("Contribution")
        DRAWDOWN = "drawdown", _("Drawdown")
        TRANSFER_IN = "transfer_in", _("Transfer in")
        TRANSFER_OUT = "transfer_out", _("Transfer out")

    # Movements that reduce the balance; amounts are stored positive.
    OUTFLOWS = (Kind.DRAWDOWN, Kind.TRANSFER_OUT)

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="movements")
    date = models.DateField()
    kind = models.CharField(max_length=15, choices=Kind.choices)
    amount = money_field()
    purpose = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["fund", "date", "pk"]
        constraints = [
            positive("amount", name="movement_amount_positive"),
            models.CheckConstraint(
                condition=~Q(kind="drawdown") | ~Q(purpose=""),
                name="drawdown_has_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} on {self.date}"

    @property
    def signed_amount(self):
        return -self.amount if self.kind in self.OUTFLOWS else self.amount


# --- Who sees what (the policy itself is ism.access) ----------------------------------
# Published in the budget documents.
register(Fund, Scope(public=EVERY_ROW))
# The ledger itself is the ISU's working record.
register(FundMovement, Scope(convention="fund__convention"))
