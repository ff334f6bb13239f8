"""The contributions API, read-only: /api/v1/invoices/ and
/api/v1/contributions/status/?convention=&year=.

Invoices come from budgets.selectors.invoice_list, scoped by the access policy: a
focal point's client sees its own State's invoices only (another State's invoice
is a 404), the convention's staff and auditors all of them, anonymous clients and
dashboards none. The collection status is an aggregate, as the ISU reports it to
the Meeting of the States Parties: anyone may read it, per currency, never per
State.

Every amount is {"amount": "76540.00", "currency": "CHF"}: strings, never floats.
"""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from budgets import selectors
from budgets.api import MoneyField, MoneySerializer, money_json
from budgets.models import Invoice
from ism.access import get_visible_or_404
from ism.api import router
from ism.models import Convention

try:  # the `pdf` action (409 + Retry-After until rendered) of the documents' code
    from budgets.views_invoices_documents import InvoicePdfAction
except ImportError:  # pragma: no cover - before the documents landed

    class InvoicePdfAction:  # type: ignore[no-redef]
        pass


def _pdf_url(serializer: serializers.Serializer, invoice: Invoice) -> str | None:
    """The authorised download of the document, or None for a draft (or while the
    documents' view is not installed)."""
    if not invoice.is_issued:
        return None
    try:
        path = reverse("budgets:invoice-pdf", args=[invoice.pk])
    except NoReverseMatch:
        return None
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class InvoiceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:invoice-detail")
    convention = serializers.CharField(source="convention.code")
    state = serializers.CharField(source="state.iso3", help_text="ISO 3166 alpha-3.")
    state_name = serializers.CharField(source="state.name")
    kind = serializers.CharField(
        help_text="invoice, or cancellation (counter-invoice)."
    )
    status = serializers.CharField(
        help_text="Derived: draft, issued, partially_paid, paid, overdue, cancelled."
    )
    amount = MoneyField(help_text="Negative on a counter-invoice.")
    settled = serializers.SerializerMethodField()
    outstanding = serializers.SerializerMethodField()
    cancels = serializers.CharField(source="cancels.number", allow_null=True)
    cancelled = serializers.BooleanField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = [
            "id",
            "url",
            "number",
            "convention",
            "year",
            "state",
            "state_name",
            "kind",
            "status",
            "amount",
            "settled",
            "outstanding",
            "issue_date",
            "due_date",
            "cancels",
            "cancelled",
            "pdf_url",
        ]

    @extend_schema_field(MoneySerializer)
    def get_settled(self, invoice: Invoice) -> dict[str, str]:
        from djmoney.money import Money

        return money_json(Money(invoice.settled_amount, invoice.amount.currency))

    @extend_schema_field(MoneySerializer)
    def get_outstanding(self, invoice: Invoice) -> dict[str, str]:
        from djmoney.money import Money

        return money_json(Money(invoice.outstanding_amount, invoice.amount.currency))

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf_url(self, invoice: Invoice) -> str | None:
        return _pdf_url(self, invoice)


class InvoiceFilter(django_filters.FilterSet):
    convention = django_filters.CharFilter(
        field_name="convention__code", lookup_expr="iexact", help_text="e.g. APMBC."
    )
    year = django_filters.NumberFilter()
    state = django_filters.CharFilter(
        field_name="state__iso3", lookup_expr="iexact", help_text="ISO alpha-3."
    )
    status = django_filters.ChoiceFilter(
        choices=Invoice.Status.choices, method="filter_status"
    )

    class Meta:
        model = Invoice
        fields = ["convention", "year", "state", "status"]

    def filter_status(self, queryset, name, value):
        from django.utils import timezone

        from budgets.selectors.contributions import _status_q

        return queryset.filter(_status_q(value, timezone.localdate()))


@extend_schema(
    summary="Invoices (assessment notices) the client may see",
    description=(
        "A State's focal point sees its own State's invoices; the convention's "
        "staff and auditors all; anonymous clients none. `pdf_url` is the "
        "authorised download (409 with Retry-After while it is rendered)."
    ),
)
class InvoiceViewSet(InvoicePdfAction, viewsets.ReadOnlyModelViewSet):
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter
    ordering_fields = ["year", "number", "issue_date"]

    def get_queryset(self):
        return selectors.invoice_list(user=self.request.user)


class CollectionStatusSerializer(serializers.Serializer):
    currency = serializers.CharField()
    assessed = MoneyField()
    received = MoneyField()
    outstanding = MoneyField()
    arrears = MoneyField(help_text="Still owed on the years before this one.")
    rate = serializers.SerializerMethodField(
        help_text="received ÷ assessed, six decimals (null when nothing is assessed)."
    )
    received_pct = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="e.g. 91.4"
    )
    invoices = serializers.IntegerField()

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_rate(self, status) -> str | None:
        rate = status.received_rate
        if rate is None:
            return None
        return format(rate.quantize(Decimal("0.000001")), "f")


class StatusResponseSerializer(serializers.Serializer):
    convention = serializers.CharField()
    year = serializers.IntegerField()
    by_currency = CollectionStatusSerializer(many=True)


class ContributionStatusViewSet(viewsets.ViewSet):
    """The collection status of a convention's year."""

    @extend_schema(
        summary="Collection status of a convention's year, per currency",
        parameters=[
            OpenApiParameter(
                "convention", str, required=True, description="e.g. APMBC"
            ),
            OpenApiParameter("year", int, required=True, description="e.g. 2026"),
        ],
        responses=StatusResponseSerializer,
        examples=[
            OpenApiExample(
                "91.4% received",
                value={
                    "convention": "APMBC",
                    "year": 2026,
                    "by_currency": [
                        {
                            "currency": "CHF",
                            "assessed": {"amount": "1362200.20", "currency": "CHF"},
                            "received": {"amount": "1244731.06", "currency": "CHF"},
                            "outstanding": {"amount": "117469.14", "currency": "CHF"},
                            "arrears": {"amount": "0.00", "currency": "CHF"},
                            "rate": "0.913765",
                            "received_pct": "91.4",
                            "invoices": 3,
                        }
                    ],
                },
                response_only=True,
            )
        ],
    )
    def list(self, request):
        errors = {}
        code = request.query_params.get("convention", "").strip()
        year_text = request.query_params.get("year", "").strip()
        if not code:
            errors["convention"] = ["Give the convention's code, e.g. APMBC."]
        if not year_text.isdigit():
            errors["year"] = ["Give the year, e.g. 2026."]
        if errors:
            raise ValidationError(errors)
        # Through the policy: a token confined to one convention is told nothing
        # of another's, as /conventions/ does not list it.
        convention = get_visible_or_404(
            request.user, Convention.objects.all(), code=code.upper()
        )
        rows = selectors.collection_by_currency(
            convention=convention, year=int(year_text)
        )
        return Response(
            {
                "convention": convention.code,
                "year": int(year_text),
                "by_currency": CollectionStatusSerializer(rows, many=True).data,
            }
        )


router.register("invoices", InvoiceViewSet, basename="invoice")
router.register(
    "contributions/status", ContributionStatusViewSet, basename="contribution-status"
)
