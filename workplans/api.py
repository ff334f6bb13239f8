"""The work plans API, read-only: /api/v1/workplans/ lists the plans, each with
its counts and a link; /api/v1/workplans/{id}/ is one plan with its whole tree —
areas → results → indicators with their latest actual and status. The list does
not embed the trees: a 1,000-statement plan is ~300 KB of JSON, and a list of
them would cost every client all of it to find the one it wants.

Reads come from workplans.selectors, so the access policy scopes them (a draft is
the ISU's, the Coordinating Committee sees what was submitted to it, anyone sees
adopted plans) and the number of queries does not depend on the number of
statements. Numbers and statuses come from workplans.tree and workplans.progress,
as on the pages and in the documents. Figures are strings, never floats; money is
{"amount": "…", "currency": "…"}.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ism.access import visible
from ism.api import IdentityUrlField, ListDetailViewSet, TranslatedField, router
from ism.api_docs import bad_choice, example, read_only_views
from ism.api_filters import ConventionFilter, YearFilter
from ism.money import MoneySerializer, money_json
from ism.translated import text_in
from workplans import selectors
from workplans.api_examples import APMBC_2026, APMBC_2026_SUMMARY
from workplans.models import WorkPlan
from workplans.sources import source_description
from workplans.tree import target_text


class PeriodValueSerializer(serializers.Serializer):
    period_start = serializers.DateField(source="start")
    period_end = serializers.DateField(source="end")
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    source = serializers.CharField()
    computed = serializers.BooleanField(
        help_text="True when ISM counted it from its own records."
    )


class IndicatorSerializer(serializers.Serializer):
    """An indicator node of the tree (workplans.tree.IndicatorNode)."""

    id = serializers.IntegerField(source="indicator.pk")
    key = serializers.UUIDField(source="indicator.key")
    description = TranslatedField("description", source="indicator")
    unit = serializers.CharField(source="indicator.unit")
    baseline = serializers.DecimalField(
        source="indicator.baseline", max_digits=12, decimal_places=2, allow_null=True
    )
    baseline_note = serializers.CharField(source="indicator.baseline_note")
    qualifier = serializers.CharField(source="indicator.qualifier")
    target = serializers.DecimalField(
        source="indicator.target", max_digits=12, decimal_places=2
    )
    target_text = serializers.SerializerMethodField(
        help_text='As the plan words it: "up to 60", "about 50".'
    )
    period_start = serializers.DateField(source="indicator.period_start")
    period_end = serializers.DateField(source="indicator.period_end")
    direction = serializers.CharField(source="indicator.direction")
    aggregation = serializers.CharField(source="indicator.aggregation")
    source = serializers.CharField(source="indicator.source")
    source_note = serializers.SerializerMethodField()
    latest_actual = PeriodValueSerializer(source="progress.latest", allow_null=True)
    actual_to_date = serializers.DecimalField(
        source="progress.actual", max_digits=14, decimal_places=2, allow_null=True
    )
    as_of = serializers.DateField(source="progress.as_of", allow_null=True)
    status = serializers.CharField(
        source="progress.status",
        help_text="on_track, at_risk, off_track, no_data, not_available, not_started",
    )
    status_label = serializers.CharField(source="progress.label")
    status_reason = serializers.CharField(source="progress.reason")

    def get_target_text(self, node) -> str:
        return target_text(node.indicator)

    def get_source_note(self, node) -> str:
        return source_description(node.indicator)


class BudgetLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    category = serializers.CharField()
    amount = MoneySerializer(allow_null=True)


class ResultSerializer(serializers.Serializer):
    """A result node of the tree (workplans.tree.ResultNode)."""

    id = serializers.IntegerField(source="result.pk")
    key = serializers.UUIDField(source="result.key")
    level = serializers.CharField()
    number = serializers.CharField(help_text='Derived: "1.1.1".')
    label = serializers.CharField(help_text='"Activity 1.1.1".')
    text = TranslatedField("text", source="result")
    contributes_to = serializers.SerializerMethodField(
        help_text="The id of the result one level up it contributes to."
    )
    action_plan_actions = serializers.ListField(
        source="result.action_list", child=serializers.CharField()
    )
    budget_lines = serializers.SerializerMethodField()
    indicators = IndicatorSerializer(many=True)

    def get_contributes_to(self, node) -> int | None:
        return node.parent.result.pk if node.parent else None

    @extend_schema_field(BudgetLineSerializer(many=True))
    def get_budget_lines(self, node) -> list[dict]:
        costs = self.context.get("costs", {}).get(node.result.pk, [])
        return [
            {
                "id": line.pk,
                "label": text_in(line, "label", get_language())[0],
                "category": line.category,
                "amount": money_json(amount),
            }
            for line, amount in costs
        ]


class AreaSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="area.pk")
    key = serializers.UUIDField(source="area.key")
    number = serializers.IntegerField()
    title = serializers.CharField(source="area.title")
    results = ResultSerializer(many=True)


class WorkPlanCountsSerializer(serializers.Serializer):
    areas = serializers.IntegerField(source="area_count")
    statements = serializers.IntegerField(
        source="statement_count",
        help_text="Results of every level: impacts, outcomes, outputs, activities.",
    )
    indicators = serializers.IntegerField(source="indicator_count")


_PLAN_FIELDS = [
    "id",
    "convention",
    "kind",
    "start_year",
    "end_year",
    "title",
    "status",
    "action_plan",
    *WorkPlan.DOCUMENT_FIELDS,
    "budget",
    "adopted_on",
    "adopted_by",
    "adoption_decision",
    "latest_version",
]


class WorkPlanSummarySerializer(serializers.ModelSerializer):
    """A plan in the list: what it is, how big, and where its tree is (`url`).
    Reads the annotations of selectors.workplan_summaries."""

    url = IdentityUrlField(view_name="api:workplan-detail")
    convention = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.CharField(source="display_title")
    latest_version = serializers.IntegerField(
        source="latest_version_number", allow_null=True
    )
    counts = WorkPlanCountsSerializer(source="*")

    class Meta:
        model = WorkPlan
        fields = ["id", "url", *_PLAN_FIELDS[1:], "counts"]


class WorkPlanSerializer(serializers.ModelSerializer):
    convention = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.CharField(source="display_title")
    latest_version = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()

    class Meta:
        model = WorkPlan
        fields = [*_PLAN_FIELDS, "areas"]

    def get_latest_version(self, plan) -> int | None:
        return max((v.number for v in plan.versions.all()), default=None)

    def _visible_budgets(self) -> set[int]:
        """Budgets the client may read, once per response: a plan can be public
        before its budget is, and then its lines' amounts are not shown."""
        if "visible_budgets" not in self.context:
            from budgets.models import Budget

            request = self.context["request"]
            self.context["visible_budgets"] = set(
                visible(request.user, Budget.objects.all()).values_list("pk", flat=True)
            )
        return self.context["visible_budgets"]

    @extend_schema_field(AreaSerializer(many=True))
    def get_areas(self, plan) -> list[dict]:
        tree = selectors.workplan_tree(plan)
        costs = (
            selectors.result_costs(tree, user=None, budget_visible=True)
            if plan.budget_id in self._visible_budgets()
            else {}
        )
        return AreaSerializer(
            tree.areas, many=True, context={**self.context, "costs": costs}
        ).data


class WorkPlanFilter(django_filters.FilterSet):
    convention = ConventionFilter()
    year = YearFilter(method="filter_year")

    class Meta:
        model = WorkPlan
        fields = ["convention", "status", "kind", "year"]

    def filter_year(self, queryset, name, value):
        """Plans covering `year` (an annual plan for it, or a multi-year plan
        spanning it)."""
        return queryset.filter(start_year__lte=value, end_year__gte=value)


@read_only_views(
    model=WorkPlan,
    seen={
        "anonymous": "adopted plans.",
        "dashboard": "its convention's adopted plans.",
        "state": "what anonymous clients see (of the token's convention): a plan "
        "belongs to no one State.",
        "committees": "members of a convention's Coordinating Committee also its "
        "plans from their first submission (in review, changes requested, "
        "approved).",
        "staff": "every plan of their convention, drafts included. A result's "
        "budget_lines carry amounts only for a client who may read that budget.",
    },
    list_doc=(
        "Work plans",
        "Each plan with how many areas, statements and indicators it has, and the "
        "`url` of its whole results chain (the tree is in the detail, not here).",
    ),
    detail_doc=(
        "One work plan and its tree",
        "A plan with its whole tree, numbered as in its document (1, 1.1, 1.1.1).",
    ),
    bad_filter=bad_choice("status", "final"),
    examples=[example("APMBC 2026", APMBC_2026_SUMMARY)],
    detail_examples=[example("APMBC 2026 (tree abridged)", APMBC_2026)],
)
class WorkPlanViewSet(ListDetailViewSet):
    """Work plans: a list of summaries, each plan's whole results chain."""

    list_serializer_class = WorkPlanSummarySerializer
    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilter
    ordering_fields = ["start_year", "convention__code", "id"]
    ordering = ["convention__code", "-start_year", "kind", "id"]

    def list_rows(self, user):
        return selectors.workplan_summaries(user=user)

    def detail_rows(self, user):
        return selectors.workplan_tree_queryset(user=user).prefetch_related("versions")


router.register("workplans", WorkPlanViewSet, basename="workplan")
