"""The budgets API, read-only, for dashboards: /api/v1/budgets/ and its detail.

Reads come from budgets.selectors, so the access policy scopes them: a draft is
visible to the convention's ISU staff (and auditors, administrators) only; the
Coordinating Committee sees what was submitted to it; anyone, anonymous clients
included, sees circulated and adopted budgets. Figures come from
budgets.calculations through selectors.budget_view, as on the page and in the PDF.

Every amount is {"amount": "769221.00", "currency": "CHF"}: a string, never a float.
"""

from __future__ import annotations

import django_filters
from django.db.models.manager import BaseManager
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from budgets import selectors
from budgets.api_examples import APMBC_2026
from budgets.calculations import figures
from budgets.documents import budget_stored
from budgets.models import (
    Budget,
    BudgetNote,
    EarmarkedProject,
    InKindSupport,
    Mission,
    StaffPosition,
)
from ism.api import (
    IdentityUrlField,
    ListDetailViewSet,
    TranslatedField,
    object_url,
    router,
)
from ism.api_docs import bad_choice, example, read_only_views
from ism.api_filters import ConventionFilter, YearFilter
from ism.money import MoneyField, MoneySerializer, money_json
from ism.stored_documents import PdfAction, document_not_ready
from ism.translated import text_in

# --- Rows ------------------------------------------------------------------------


class PositionSerializer(serializers.ModelSerializer):
    salary = MoneyField(allow_null=True)

    class Meta:
        model = StaffPosition
        fields = ["title", "grade", "fte", "salary"]


class LineSerializer(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField()
    amount = MoneyField(help_text="From the mission plan when from_missions is true.")
    from_missions = serializers.BooleanField()
    note = serializers.CharField()


class MissionSerializer(serializers.ModelSerializer):
    unit_cost = MoneyField(allow_null=True)

    class Meta:
        model = Mission
        fields = ["purpose", "count", "haul", "unit_cost"]


class NoteSerializer(serializers.ModelSerializer):
    text = TranslatedField("text")

    class Meta:
        model = BudgetNote
        fields = ["kind", "text"]


class InKindSerializer(serializers.ModelSerializer):
    estimated_value = MoneyField(allow_null=True)

    class Meta:
        model = InKindSupport
        fields = ["provider", "covers", "estimated_value", "valuation_note"]


class EarmarkedProjectSerializer(serializers.ModelSerializer):
    amount = MoneyField(help_text="In the project's own currency, never converted.")

    class Meta:
        model = EarmarkedProject
        fields = [
            "name",
            "donor",
            "instrument",
            "agreed_on",
            "amount",
            "start_year",
            "end_year",
            "period_note",
            "covers",
        ]


class SubtotalsSerializer(serializers.Serializer):
    salaries = MoneyField()
    social_security = MoneyField()
    staff_subtotal = MoneyField()
    operations_subtotal = MoneyField(help_text="Travel and other support.")
    total = MoneyField()


class BudgetFundSerializer(serializers.Serializer):
    name = serializers.CharField(source="fund.name")
    kind = serializers.CharField(source="fund.kind")
    balance = MoneyField()
    target = MoneyField(
        allow_null=True,
        help_text="The fund's fixed target, else target_years × the budget total.",
    )
    target_years = serializers.DecimalField(
        source="fund.target_years", max_digits=4, decimal_places=2
    )
    coverage = serializers.DecimalField(
        max_digits=6,
        decimal_places=3,
        allow_null=True,
        help_text="Balance ÷ budget total, e.g. 0.986.",
    )
    rule = serializers.CharField(source="fund.rule")


class VarianceSerializer(serializers.Serializer):
    label = serializers.CharField()
    current = MoneyField(allow_null=True)
    previous = MoneyField(allow_null=True)
    change = MoneyField(allow_null=True)
    change_pct = serializers.DecimalField(
        max_digits=8, decimal_places=1, allow_null=True
    )


# --- Budgets ------------------------------------------------------------------------


class BudgetRowsSerializer(serializers.ListSerializer):
    """The list's rows, with every budget's figures read at once for the page
    (or, in a CSV, the table) rather than from each budget's related rows."""

    def to_representation(self, data):
        budgets = list(data.all() if isinstance(data, BaseManager) else data)
        by_pk = selectors.budget_list_figures(budgets)
        for budget in budgets:
            budget._api_figures = by_pk[budget.pk]
        return super().to_representation(budgets)


class BudgetListSerializer(serializers.ModelSerializer):
    convention = serializers.CharField(source="convention.code")
    url = IdentityUrlField(view_name="api:budget-detail")
    total = serializers.SerializerMethodField()
    total_fte = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = [
            "id",
            "url",
            "convention",
            "year",
            "version",
            "status",
            "currency",
            "title",
            "total",
            "total_fte",
            "pdf_url",
        ]
        list_serializer_class = BudgetRowsSerializer

    def _figures(self, budget: Budget):
        # Read for the whole page by BudgetRowsSerializer; a budget serialized
        # alone reads its own rows.
        cached = getattr(budget, "_api_figures", None)
        if cached is None:
            cached = budget._api_figures = figures(budget)
        return cached

    @extend_schema_field(MoneySerializer)
    def get_total(self, budget: Budget) -> dict[str, str]:
        return money_json(self._figures(budget).total)

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=2))
    def get_total_fte(self, budget: Budget) -> str:
        return format(self._figures(budget).total_fte, "f")

    def get_pdf_url(self, budget: Budget) -> str:
        return object_url(self, "budgets:pdf", budget.pk)


class BudgetDetailSerializer(serializers.Serializer):
    """One budget with its rows and every derived figure. The instance is a
    budgets.selectors.BudgetView."""

    id = serializers.IntegerField(source="budget.pk")
    convention = serializers.CharField(source="budget.convention.code")
    year = serializers.IntegerField(source="budget.year")
    version = serializers.IntegerField(source="budget.version")
    status = serializers.ChoiceField(
        source="budget.status", choices=Budget.Status.choices
    )
    currency = serializers.CharField(source="budget.currency")
    title = serializers.CharField(source="budget.title")
    meeting = serializers.CharField(source="budget.meeting")
    agenda_item = serializers.CharField(source="budget.agenda_item")
    document_symbol = serializers.CharField(source="budget.document_symbol")
    document_date = serializers.DateField(
        source="budget.document_date", allow_null=True
    )
    circulated_on = serializers.DateField(
        source="budget.circulated_on", allow_null=True
    )
    adopted_on = serializers.DateField(source="budget.adopted_on", allow_null=True)
    adopted_by = serializers.CharField(source="budget.adopted_by")
    adoption_decision = serializers.CharField(source="budget.adoption_decision")
    total_fte = serializers.DecimalField(
        source="figures.total_fte", max_digits=6, decimal_places=2
    )
    total = MoneyField(source="figures.total")
    subtotals = SubtotalsSerializer(source="figures")
    social_security_rate = serializers.DecimalField(
        source="budget.social_security_rate",
        max_digits=6,
        decimal_places=5,
        allow_null=True,
    )
    positions = PositionSerializer(source="budget.positions.all", many=True)
    lines = serializers.SerializerMethodField()
    missions = MissionSerializer(source="budget.missions.all", many=True)
    notes = NoteSerializer(source="budget.notes.all", many=True)
    in_kind = InKindSerializer(source="budget.in_kind.all", many=True)
    funds = BudgetFundSerializer(many=True)
    earmarked_projects = EarmarkedProjectSerializer(source="earmarked", many=True)
    previous_year_id = serializers.IntegerField(source="previous.pk", allow_null=True)
    variances = VarianceSerializer(many=True)
    pdf_url = serializers.SerializerMethodField()
    pdf_ready = serializers.BooleanField(source="budget.pdf_is_current")

    @extend_schema_field(LineSerializer(many=True))
    def get_lines(self, view: selectors.BudgetView) -> list[dict]:
        language = get_language()
        rows = [
            {
                "category": line.category,
                "label": text_in(line, "label", language)[0],
                "amount": figure.amount,
                "from_missions": line.from_missions,
                "note": text_in(line, "note", language)[0],
            }
            for line, figure in zip(
                view.budget.lines.all(), view.figures.lines, strict=True
            )
        ]
        return LineSerializer(rows, many=True).data

    def get_pdf_url(self, view: selectors.BudgetView) -> str:
        return object_url(self, "budgets:pdf", view.budget.pk)


class BudgetFilter(django_filters.FilterSet):
    convention = ConventionFilter()
    year = YearFilter()
    status = django_filters.ChoiceFilter(choices=Budget.Status.choices)

    class Meta:
        model = Budget
        fields = ["convention", "year", "status"]


DocumentNotReady = document_not_ready("budget document", "DocumentNotReady")


# The same budget as a row of the list (the detail has each field but `url`).
EXAMPLE_LIST_ROW = {
    key: APMBC_2026.get(key, "https://ism.example/api/v1/budgets/1/")
    for key in BudgetListSerializer.Meta.fields
}
BUDGETS_SEEN = {
    "anonymous": "circulated, adopted and superseded budgets.",
    "dashboard": "its convention's circulated, adopted and superseded budgets.",
    "state": "what anonymous clients see (of the token's convention): a budget "
    "belongs to no one State.",
    "committees": "members of a convention's Coordinating Committee also its "
    "budgets submitted to them for review.",
    "staff": "every budget of their convention, drafts included.",
}


_BUDGET_COLUMNS = [field.name for field in Budget._meta.concrete_fields]


@read_only_views(
    model=Budget,
    seen=BUDGETS_SEEN,
    list_doc=(
        "Budgets",
        "Each convention's ISU budgets by year, with their total and staffing.",
    ),
    detail_doc=(
        "One budget with its rows, subtotals, funds and earmarked projects",
        "A budget with every derived figure, as on its page and in its document.",
    ),
    bad_filter=bad_choice("status", "final"),
    examples=[example("APMBC 2026", EXAMPLE_LIST_ROW)],
    detail_examples=[example("APMBC 2026 (rows abridged)", APMBC_2026)],
    pdf_doc=(
        "The budget document (PDF)",
        "The budget's document for the Meeting of the parties.",
        "APMBC-ISU-budget-2026-v1.pdf",
    ),
)
class BudgetViewSet(PdfAction, ListDetailViewSet):
    list_serializer_class = BudgetListSerializer
    serializer_class = BudgetDetailSerializer
    document_not_ready = DocumentNotReady
    filterset_class = BudgetFilter
    ordering_fields = ["year", "convention__code", "status", "id"]
    ordering = ["convention__code", "-year", "-version", "id"]

    list_actions = ("list", "pdf")

    def list_rows(self, user):
        # The list's totals are read by BudgetRowsSerializer, for the whole page
        # at once.
        rows = selectors.budget_list(user=user)
        if self.action == "list":
            # Of its convention the list shows the code alone: the other 46
            # columns (bank details, names in six languages), read and made into
            # a Convention for each of 50 rows, were about a twentieth of the
            # list's time in-process (17.4 -> 16.5 ms a request on the API bench's
            # world). The PDF action reads the whole row.
            rows = rows.only(*_BUDGET_COLUMNS, "convention__code")
        return rows

    def detail_rows(self, user):
        return selectors.budget_detail_queryset(user=user)

    def retrieve(self, request, *args, **kwargs):
        budget = self.get_object()
        serializer = self.get_serializer(selectors.budget_view(budget))
        return Response(serializer.data)

    def stored_document(self, budget, language=None):
        return budget_stored(budget, language)


router.register("budgets", BudgetViewSet, basename="budget")
