"""The funds of an ISU (buffer fund, working capital fund, any other it keeps),
each a ledger of movements beside the budget (outside its total). Nothing in a
ledger is edited: a wrong movement is reversed by another."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ism.access import EVERY_ROW, Scope, register
from ism.constraints import positive, unique
from ism.fields import convention_fk, money_field, optional_fk, state_fk
from ism.models.common import Recorded


class Fund(models.Model):
    """A fund of a convention's ISU, kept as a ledger of movements. Its target
    is a number of years of expenditure (APMBC: one year, decision of the 14th
    Meeting of the States Parties) or a fixed amount."""

    class Kind(models.TextChoices):
        BUFFER = "buffer", _("Buffer fund")
        WORKING_CAPITAL = "working_capital", _("Working capital fund")
        OTHER = "other", _("Other fund")

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
    # A fixed target, when the States Parties set one; else target_years.
    target_amount = money_field(_("fixed target"), optional=True)
    rule = models.TextField(_("rule and its source"), blank=True)

    class Meta:
        ordering = ["convention__code", "kind", "name"]
        constraints = [
            unique(
                ["convention", "kind"],
                name="fund_unique_kind",
                condition=~Q(kind="other"),
            ),
            unique(["convention", "name"], name="fund_unique_name"),
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
        REVERSAL_IN = "reversal_in", _("Reversal (adds back)")
        REVERSAL_OUT = "reversal_out", _("Reversal (takes back)")

    # Movements that reduce the balance; amounts are stored positive.
    OUTFLOWS = (Kind.DRAWDOWN, Kind.TRANSFER_OUT, Kind.REVERSAL_OUT)
    REVERSALS = (Kind.REVERSAL_IN, Kind.REVERSAL_OUT)

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="movements")
    date = models.DateField()
    kind = models.CharField(max_length=15, choices=Kind.choices)
    amount = money_field()
    purpose = models.CharField(max_length=300, blank=True)
    # The decision that authorised it (a drawdown), or the source of an opening
    # balance (the audited statement it is taken from).
    decision = models.CharField(_("decision or source"), max_length=300, blank=True)
    state = state_fk(optional=True)
    payment = optional_fk("budgets.Payment", related_name="fund_movements")
    # The other leg of a transfer between two funds.
    counterpart = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )

    class Meta:
        ordering = ["fund", "date", "pk"]
        constraints = [
            positive("amount", name="movement_amount_positive"),
            models.CheckConstraint(
                condition=~Q(kind="drawdown") | ~Q(purpose=""),
                name="drawdown_has_purpose",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["reversal_in", "reversal_out"])
                | Q(reverses__isnull=False),
                name="reversal_names_what_it_reverses",
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
# The ledger itself is the ISU's working record, read by its committees too.
register(FundMovement, Scope(convention="fund__convention", for_committees=EVERY_ROW))
