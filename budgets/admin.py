"""Budgets in the Django admin: read-mostly.

A budget's content and status change only through budgets.services (the edit
page, the workflow buttons, import_budget), which validate, audit, bump the
revision and re-render the document; editing the rows here would do none of
that. The admin shows them, with the derived figures, for support. What is
configuration rather than a document — a fund's name, target and rule, an
earmarked project — stays editable, audited like every admin change.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budgets.calculations import figures
from budgets.models import (
    Budget,
    BudgetComment,
    BudgetLine,
    BudgetNote,
    EarmarkedProject,
    Fund,
    FundMovement,
    InKindSupport,
    Mission,
    StaffPosition,
)
from budgets.selectors import fund_balance
from ism.admin import AuditedAdmin, ReadOnlyAdmin, read_only_inline
from ism.money import format_amount


def _amount(money):
    """An amount in the admin: ISO code and English grouping, whatever the
    convention's language (the admin is a support tool, not a document)."""
    return f"{money.currency} {format_amount(money.amount, 'en', places=2)}"


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "convention", "year", "version", "status", "total"]
    list_filter = ["convention", "status", "year"]
    list_select_related = ["convention"]
    search_fields = ["title", "document_symbol", "meeting"]
    inlines = [
        read_only_inline(StaffPosition, ["order", "title", "grade", "fte", "salary"]),
        read_only_inline(
            BudgetLine,
            ["order", "category", "label", "amount", "from_missions", "note"],
        ),
        read_only_inline(Mission, ["order", "purpose", "count", "haul", "unit_cost"]),
        read_only_inline(BudgetNote, ["order", "kind", "text"]),
        read_only_inline(
            InKindSupport,
            ["order", "provider", "covers", "estimated_value", "valuation_note"],
        ),
        read_only_inline(
            BudgetComment,
            ["created_at", "author", "text"],
            readonly_fields=["created_at"],
        ),
    ]
    readonly_fields = [
        "total",
        "staff_subtotal",
        "operations_subtotal",
        "total_fte",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        # The changelist's total column needs each budget's rows: three queries
        # for the page instead of three per budget.
        return (
            super()
            .get_queryset(request)
            .prefetch_related("positions", "lines", "missions")
        )

    def _figure(self, obj, name):
        return _amount(getattr(figures(obj), name))

    @admin.display(description=_("total"))
    def total(self, obj):
        return self._figure(obj, "total")

    @admin.display(description=_("staff costs"))
    def staff_subtotal(self, obj):
        return self._figure(obj, "staff_subtotal")

    @admin.display(description=_("travel and other support"))
    def operations_subtotal(self, obj):
        return self._figure(obj, "operations_subtotal")

    @admin.display(description=_("FTE"))
    def total_fte(self, obj):
        return figures(obj).total_fte


@admin.register(Fund)
class FundAdmin(AuditedAdmin):
    """Movements are recorded with fund_movement_record (it checks the purpose of
    a drawdown and the balance), never typed here."""

    list_display = ["__str__", "convention", "kind", "currency", "target_years"]
    list_filter = ["convention", "kind"]
    fields = ["convention", "kind", "name", "currency", "target_years", "rule"]
    readonly_fields = ["balance"]
    inlines = [
        read_only_inline(
            FundMovement,
            ["date", "kind", "amount", "purpose", "recorded_by", "recorded_at"],
            readonly_fields=["recorded_at"],
        )
    ]

    def get_readonly_fields(self, request, obj=None):
        # The ledger's currency is fixed once it has movements in it.
        fixed = ["convention", "kind", "currency"] if obj is not None else []
        return [*fixed, *self.readonly_fields]

    def get_fields(self, request, obj=None):
        return [*self.fields, "balance"] if obj is not None else self.fields

    @admin.display(description=_("balance"))
    def balance(self, obj):
        return _amount(fund_balance(obj))


@admin.register(FundMovement)
class FundMovementAdmin(ReadOnlyAdmin):
    list_display = ["date", "fund", "kind", "amount", "purpose", "recorded_by"]
    list_filter = ["fund", "kind"]
    list_select_related = ["fund__convention", "recorded_by"]


@admin.register(EarmarkedProject)
class EarmarkedProjectAdmin(AuditedAdmin):
    list_display = ["name", "convention", "donor", "amount", "start_year", "end_year"]
    list_filter = ["convention", "donor"]
    search_fields = ["name", "donor", "instrument"]


@admin.register(BudgetComment)
class BudgetCommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "budget", "author"]
    list_select_related = ["budget__convention", "author"]
