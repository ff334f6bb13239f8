"""The contributions API, read-only: /api/v1/invoices/ and
/api/v1/contributions/status/?convention=&year=.

Invoices come from budgets.contributions.selectors.invoice_list, scoped by the access
policy: a focal point's client sees its own State's invoices only (another State's
invoice is a 404), the convention's staff and auditors all of them, anonymous clients
and dashboards none. The collection status is an aggregate, as the ISU reports it to the
Meeting of the States Parties: anyone may read it, per currency, never per State.

Every amount is {"amount": "76540.00", "currency": "CHF"}: strings, never floats.
"""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from budgets.api_examples import CCM_2024_STATUS, LAOS_PARTLY_PAID, NORWAY_PAID
from budgets.contributions import selectors
from budgets.contributions.documents import invoice_stored
from budgets.models import Invoice
from ism import params
from ism.access import convention_or_404
from ism.api import object_url, router
from ism.api_docs import (
    bad_choice,
    example,
    no_match,
    read_only_views,
    responses,
    who_sees,
)
from ism.api_filters import ConventionFilter, StateFilter, YearFilter, year_or_none
from ism.money import MoneyField, MoneySerializer, money_json
from ism.stored_documents import PdfAction, document_not_ready

InvoiceDocumentNotReady = document_not_ready("invoice document", "DocumentNotReady")


def _pdf_url(serializer: serializers.Serializer, invoice: Invoice) -> str | None:
    """The authorised download of the document, or None where there is none."""
    if not invoice.has_document:
        return None
    return object_url(serializer, "budgets:invoice-pdf", invoice.pk)


class InvoiceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    convention = serializers.CharField(source="convention.code")
    state = serializers.CharField(source="state.iso3", help_text="ISO 3166 alpha-3.")
    state_name = serializers.CharField(source="state.name")
    kind = serializers.CharField(
        help_text="invoice, or cancellation (counter-invoice)."
    )
    status = serializers.SerializerMethodField(
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

    @extend_schema_field(
        serializers.URLField(
            allow_null=True,
            help_text="Null for a draft or arrears brought forward: no document.",
        )
    )
    def get_pdf_url(self, invoice: Invoice) -> str | None:
        return _pdf_url(self, invoice)

    @extend_schema_field(serializers.CharField())
    def get_status(self, invoice: Invoice) -> str:
        # On the day invoice_list annotated: read once per answer, the same day
        # the status filter used.
        return invoice.status

    @extend_schema_field(serializers.URLField())
    def get_url(self, invoice: Invoice) -> str:
        return object_url(self, "api:invoice-detail", invoice.pk)


class InvoiceFilter(django_filters.FilterSet):
    convention = ConventionFilter()
    year = YearFilter()
    state = StateFilter()
    status = django_filters.ChoiceFilter(
        choices=Invoice.Status.choices, method="filter_status"
    )

    class Meta:
        model = Invoice
        fields = ["convention", "year", "state", "status"]

    def filter_status(self, queryset, name, value):
        from django.db.models import F

        from budgets.contributions.selectors.invoices import _status_q

        # The day the queryset (selectors.invoice_list) judges its rows on.
        return queryset.filter(_status_q(value, F("status_day")))


INVOICES_SEEN = {
    "anonymous": "none: an invoice is a State's own row (an empty list; a "
    "detail is a 404).",
    "dashboard": "none; its convention's collection status is "
    "/api/v1/contributions/status/.",
    "state": "that State's issued invoices in the token's convention (a focal "
    "point signed in: in each convention they serve); a draft, or another State's "
    "invoice, is a 404.",
    "staff": "every invoice of the convention, drafts included.",
}


@read_only_views(
    model=Invoice,
    seen=INVOICES_SEEN,
    list_doc=(
        "Invoices (assessment notices)",
        "Invoices and counter-invoices with what is settled and outstanding. "
        "`pdf_url` is the authorised download of the document.",
    ),
    detail_doc=("One invoice", "An invoice with what is settled and outstanding."),
    bad_filter=bad_choice("status", "late"),
    examples=[example("Norway, CCM 2024, paid", NORWAY_PAID)],
    detail_examples=[
        example("Laos, CCM 2024, half paid and overdue", LAOS_PARTLY_PAID)
    ],
    pdf_doc=(
        "The invoice document (PDF)",
        "An issued invoice's document.",
        "named after its number, e.g. CCM-2024-0008.pdf",
    ),
)
class InvoiceViewSet(PdfAction, viewsets.ReadOnlyModelViewSet):
    document_not_ready = InvoiceDocumentNotReady
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter
    ordering_fields = ["year", "number", "issue_date", "id"]
    ordering = ["convention__code", "-year", "sequence", "id"]

    def get_queryset(self):
        return selectors.invoice_list(user=self.request.user)

    def stored_document(self, invoice, language=None):
        if not invoice.is_issued:  # a draft has no number, hence no document
            raise NotFound(no_match(Invoice))
        return invoice_stored(invoice, language)


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

    @extend_schema_field(
        serializers.DecimalField(max_digits=7, decimal_places=6, allow_null=True)
    )
    def get_rate(self, status) -> str | None:
        rate = status.received_rate
        if rate is None:
            return None
        return format(rate.quantize(Decimal("0.000001")), "f")


# One object, not a list, though it answers the viewset's `list`.
@extend_schema_serializer(many=False)
class StatusResponseSerializer(serializers.Serializer):
    convention = serializers.CharField()
    year = serializers.IntegerField()
    as_of = serializers.DateField(
        help_text="The day the figures are as at: `as_of` if given, else today."
    )
    by_currency = CollectionStatusSerializer(many=True)


class ContributionStatusViewSet(viewsets.ViewSet):
    """The collection status of a convention's year."""

    @extend_schema(
        summary="Collection status of a convention's year, per currency",
        description=who_sees(
            "What was assessed, received and is outstanding for a convention's "
            "year, with the arrears of earlier years: the aggregate the ISU reports "
            "to the Meeting of the parties, per currency, never per State.",
            anonymous="every convention's.",
            dashboard="its own convention's; another convention is a 404.",
            state="the token's convention's (a focal point signed in: every "
            "convention's).",
            staff="every convention's.",
        ),
        parameters=[
            OpenApiParameter(
                "convention", str, required=True, description="e.g. APMBC"
            ),
            OpenApiParameter("year", int, required=True, description="e.g. 2026"),
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description="Figures as at this day (YYYY-MM-DD): payments by "
                "their value date, invoices by their issue date. Default: today.",
            ),
        ],
        responses=responses(
            StatusResponseSerializer,
            bad_request={"year": ["Give the year, e.g. 2026."]},
            not_found="No convention matches.",
        ),
        examples=[
            example(
                "CCM 2024: 99.5% received",
                CCM_2024_STATUS,
            )
        ],
    )
    def list(self, request):
        errors = {}
        code = request.query_params.get("convention", "").strip()
        year = year_or_none(request.query_params.get("year", ""))
        # A NUL is no code (and PostgreSQL refuses it in a query: a 500 before).
        if not code or "\x00" in code:
            errors["convention"] = ["Give the convention's code, e.g. APMBC."]
        if year is None:
            errors["year"] = ["Give the year, e.g. 2026."]
        try:
            as_of = params.query_day(request, "as_of")
        except params.BadParameter as exc:
            errors["as_of"] = [str(exc.args[0])]
        if errors:
            raise ValidationError(errors)
        # Through the policy: a token confined to one convention is told nothing
        # of another's, as /conventions/ does not list it.
        convention = convention_or_404(request.user, code)
        rows = selectors.collection_by_currency(
            convention=convention, year=year, as_of=as_of
        )
        return Response(
            {
                "convention": convention.code,
                "year": year,
                "as_of": (as_of or timezone.localdate()).isoformat(),
                "by_currency": CollectionStatusSerializer(rows, many=True).data,
            }
        )


router.register("invoices", InvoiceViewSet, basename="invoice")
router.register(
    "contributions/status", ContributionStatusViewSet, basename="contribution-status"
)
