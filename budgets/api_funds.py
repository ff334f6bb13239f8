"""The funds API, read-only: /api/v1/funds/ (each fund's balance, target and
coverage as at a day: the figures the budget documents publish) and
/api/v1/funds/{id}/movements/ (the ledger: the ISU's working record, read by
the convention's staff, committees and auditors). Both read the funds' one
ledger (budgets.selectors.funds)."""

from __future__ import annotations

import django_filters
from django.db.models.manager import BaseManager
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from budgets.models import Fund, FundMovement
from budgets.selectors import annual_expenditure, fund_statuses
from ism import params
from ism.access import get_visible_or_404, visible
from ism.api import IdentityUrlField, object_url, router
from ism.api_docs import (
    bad_choice,
    example,
    list_responses,
    no_match,
    read_only_views,
    responses,
    who_sees,
)
from ism.api_filters import ConventionFilter
from ism.money import MoneyField, MoneySerializer, money_json

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="Balances as at this day (YYYY-MM-DD). Default: today.",
)


def _as_of(request):
    try:
        return params.query_day(request, "as_of")
    except params.BadParameter as exc:
        raise ValidationError({"as_of": [str(exc.args[0])]}) from None


class FundRowsSerializer(serializers.ListSerializer):
    """The page's funds with their statuses read at once (two queries for the
    balances and one budget per convention for the target)."""

    def to_representation(self, data):
        funds = list(data.all() if isinstance(data, BaseManager) else data)
        as_of = self.context.get("as_of")
        shown = as_of or timezone.localdate()
        by_convention: dict[int, list[Fund]] = {}
        for fund in funds:
            by_convention.setdefault(fund.convention_id, []).append(fund)
        for rows in by_convention.values():
            convention = rows[0].convention
            for status in fund_statuses(
                convention=convention,
                on=as_of,
                expenditure=annual_expenditure(convention, shown.year),
                funds=rows,
            ):
                status.fund._api_status = status
        return super().to_representation(funds)


class FundLedgerSerializer(serializers.ModelSerializer):
    url = IdentityUrlField(view_name="api:fund-detail")
    convention = serializers.CharField(source="convention.code")
    balance = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField(
        help_text="The fixed target, else target_years × the year's budget total; "
        "null when neither is known."
    )
    target_amount = MoneyField(allow_null=True, help_text="A fixed target, if set.")
    coverage = serializers.SerializerMethodField(
        help_text="Balance ÷ the year's budget total, e.g. 0.986."
    )
    as_of = serializers.SerializerMethodField()
    movements_url = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = [
            "id",
            "url",
            "convention",
            "kind",
            "name",
            "currency",
            "balance",
            "target",
            "target_years",
            "target_amount",
            "coverage",
            "as_of",
            "rule",
            "movements_url",
        ]
        list_serializer_class = FundRowsSerializer

    def _status(self, fund):
        status = getattr(fund, "_api_status", None)
        if status is None:
            FundRowsSerializer(child=self, context=self.context).to_representation(
                [fund]
            )
            status = fund._api_status
        return status

    @extend_schema_field(MoneySerializer)
    def get_balance(self, fund) -> dict[str, str]:
        return money_json(self._status(fund).balance)

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_target(self, fund) -> dict[str, str] | None:
        target = self._status(fund).target
        return None if target is None else money_json(target)

    @extend_schema_field(
        serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    )
    def get_coverage(self, fund) -> str | None:
        value = self._status(fund).coverage
        return None if value is None else format(value, "f")

    @extend_schema_field(serializers.DateField())
    def get_as_of(self, fund) -> str:
        return (self.context.get("as_of") or timezone.localdate()).isoformat()

    @extend_schema_field(serializers.URLField())
    def get_movements_url(self, fund) -> str:
        return object_url(self, "api:fund-movement-list", fund.pk)


class MovementSerializer(serializers.ModelSerializer):
    state = serializers.CharField(
        source="state.iso3", allow_null=True, help_text="ISO 3166 alpha-3."
    )
    amount = MoneyField(help_text="Positive; `signed_amount` carries the sign.")
    signed_amount = MoneyField(help_text="Negative for what leaves the fund.")
    payment = serializers.IntegerField(
        source="payment_id", allow_null=True, help_text="The payment it came from."
    )
    reverses = serializers.IntegerField(
        source="reverses_id", allow_null=True, help_text="The movement it reverses."
    )
    counterpart_fund = serializers.IntegerField(
        source="counterpart.fund_id", allow_null=True
    )

    class Meta:
        model = FundMovement
        fields = [
            "id",
            "date",
            "kind",
            "amount",
            "signed_amount",
            "purpose",
            "decision",
            "state",
            "payment",
            "reverses",
            "counterpart_fund",
        ]


class FundFilter(django_filters.FilterSet):
    convention = ConventionFilter()
    kind = django_filters.ChoiceFilter(choices=Fund.Kind.choices)

    class Meta:
        model = Fund
        fields = ["convention", "kind"]


FUNDS_SEEN = {
    "anonymous": "every fund with its balance, as the budget documents publish "
    "it; no movement (an empty list).",
    "dashboard": "its convention's funds; no movement.",
    "state": "what anonymous clients see.",
    "committees": "members of a convention's committees also its funds' movements.",
    "staff": "every fund of their convention and its movements.",
}
EXAMPLE_FUND = {
    "id": 1,
    "url": "https://ism.example/api/v1/funds/1/",
    "convention": "APMBC",
    "kind": "buffer",
    "name": "Buffer fund",
    "currency": "CHF",
    "balance": {"amount": "758655.00", "currency": "CHF"},
    "target": {"amount": "769221.00", "currency": "CHF"},
    "target_years": "1.00",
    "target_amount": None,
    "coverage": "0.986",
    "as_of": "2026-03-01",
    "rule": "Decision of the 14th Meeting of the States Parties",
    "movements_url": "https://ism.example/api/v1/funds/1/movements/",
}


# The detail takes `as_of` too, so it may answer a 400 (read_only_views documents
# none for a detail).
@extend_schema_view(
    retrieve=extend_schema(
        responses=responses(
            FundLedgerSerializer,
            bad_request={"as_of": ["as_of must be a day written YYYY-MM-DD."]},
            not_found=no_match(Fund),
        )
    )
)
@read_only_views(
    model=Fund,
    seen=FUNDS_SEEN,
    list_doc=("Funds", "Each fund's balance, target and coverage as at a day."),
    detail_doc=("One fund", "A fund's balance, target and coverage as at a day."),
    bad_filter=bad_choice("kind", "reserve"),
    examples=[example("APMBC buffer fund", EXAMPLE_FUND)],
)
@extend_schema(parameters=[AS_OF])
class FundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FundLedgerSerializer
    filterset_class = FundFilter
    ordering_fields = ["convention__code", "kind", "name", "id"]
    ordering = ["convention__code", "kind", "name", "id"]

    def get_queryset(self):
        return visible(self.request.user, Fund.objects.select_related("convention"))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "as_of": _as_of(self.request)}


EXAMPLE_MOVEMENT = {
    "id": 7,
    "date": "2026-03-01",
    "kind": "drawdown",
    "amount": {"amount": "20000.00", "currency": "CHF"},
    "signed_amount": {"amount": "-20000.00", "currency": "CHF"},
    "purpose": "Bridge a late contribution",
    "decision": "Coordinating Committee, 3rd meeting",
    "state": None,
    "payment": None,
    "reverses": None,
    "counterpart_fund": None,
}


@extend_schema_view(
    list=extend_schema(
        summary="A fund's movements",
        description=who_sees(
            "The fund's ledger, oldest first: opening balance, contributions, "
            "drawdowns, transfers and reversals. Another fund's id, or one the "
            "client may not see, is a 404.",
            **FUNDS_SEEN,
        ),
        parameters=[
            OpenApiParameter(
                "fund_pk", int, OpenApiParameter.PATH, description="The fund's id."
            )
        ],
        responses=list_responses(MovementSerializer, bad_filter={}),
        examples=[example("A drawdown", EXAMPLE_MOVEMENT)],
    )
)
class FundMovementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = MovementSerializer
    ordering_fields = ["date", "id"]
    ordering = ["date", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generator
            return FundMovement.objects.none()
        user = self.request.user
        fund = get_visible_or_404(
            user, Fund.objects.all(), pk=params.id_or_none(self.kwargs["fund_pk"]) or 0
        )
        return visible(
            user,
            FundMovement.objects.filter(fund=fund).select_related(
                "state", "counterpart"
            ),
        ).order_by(*self.ordering)


router.register("funds", FundViewSet, basename="fund")
router.register(
    r"funds/(?P<fund_pk>[0-9]+)/movements",
    FundMovementViewSet,
    basename="fund-movement",
)
