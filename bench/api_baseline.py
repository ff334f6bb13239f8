"""The floor the API load benchmarks compare ISM's list endpoints with: bare DRF
list views serving the same rows.

Each one is the simplest DRF list a project would write of the same rows: the
same model, rows and order; a plain ModelSerializer of the model fields ISM's list
shows (relations it nests as nested ModelSerializers); the joins and prefetches
those fields need and nothing more (no prefetch of rows it never serializes,
nothing loaded that ISM defers); the same pagination (50 a page, with its COUNT);
no authentication, permission, throttle, filter backend or access policy. Where
ISM's policy narrows the rows (public meetings, published reports, circulated and
adopted budgets, the staff's convention's work plans) a plain filter does, so
both sides serve the same page: bench_api checks that they do. What ISM derives
on top (totals, statuses, links, a work plan's tree) is what the benchmark
measures, not something the baseline pays for without showing.

Mounted by bench/urls.py only, never by ISM's own URLs.
"""

from __future__ import annotations

from django.db.models import Prefetch
from djmoney.contrib.django_rest_framework import MoneyField
from rest_framework import generics, serializers

from budgets import api as ism_budgets
from budgets.contributions import api as ism_invoices
from budgets.models import Budget, Invoice
from budgets.models.budget import PUBLIC_STATUSES
from ism import api as ism_core
from ism.models import State
from meetings import api as ism_meetings
from meetings.models import AgendaItem, DocumentFile, Meeting, MeetingDocument
from reporting import api as ism_reports
from reporting.models import Report, ReportVersion
from workplans import api as ism_workplans
from workplans.models import WorkPlan


class BareList(generics.ListAPIView):
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []
    filter_backends: list = []


# --- Serializers: plain ModelSerializers of the model fields ISM's lists show -------
# (relations as primary keys, nested rows as ModelSerializers too); what ISM
# derives on top (money as {"amount", "currency"}, statuses, links, totals) is
# part of what the benchmark measures.


def own_fields(ism_serializer: type[serializers.ModelSerializer]) -> list[str]:
    """The fields of one of ISM's serializers that are its model's own columns, in
    its order: the bare side shows what ISM shows, without what ISM derives."""
    model = ism_serializer.Meta.model
    columns = {field.name for field in model._meta.concrete_fields}
    return [name for name in ism_serializer.Meta.fields if name in columns]


class InvoiceSerializer(serializers.ModelSerializer):
    # Declared: djmoney's MoneyField is not in ModelSerializer's mapping unless
    # registered globally, which would touch ISM's serializers in this process.
    amount = MoneyField(max_digits=14, decimal_places=2)

    class Meta:
        model = Invoice
        fields = own_fields(ism_invoices.InvoiceSerializer)


class BudgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Budget
        fields = own_fields(ism_budgets.BudgetListSerializer)


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = own_fields(ism_meetings.AgendaItemSerializer)


class DocumentFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentFile
        fields = own_fields(ism_meetings.DocumentFileSerializer)


class MeetingDocumentSerializer(serializers.ModelSerializer):
    files = DocumentFileSerializer(many=True, read_only=True)

    class Meta:
        model = MeetingDocument
        fields = [*own_fields(ism_meetings.DocumentSerializer), "files"]


class MeetingSerializer(serializers.ModelSerializer):
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    public_documents = MeetingDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            *own_fields(ism_meetings.MeetingSerializer),
            "agenda_items",
            "public_documents",
        ]


class ReportVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportVersion
        fields = own_fields(ism_reports.VersionSerializer)


class ReportSerializer(serializers.ModelSerializer):
    published_version = ReportVersionSerializer(read_only=True)

    class Meta:
        model = Report
        fields = own_fields(ism_reports.ReportSerializer)


class StateSerializer(serializers.ModelSerializer):
    class Meta:
        model = State
        fields = own_fields(ism_core.StateSerializer)


class WorkPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkPlan
        fields = own_fields(ism_workplans.WorkPlanSerializer)


# --- Views: the rows and joins of ISM's selectors, without the policy ----------------


class InvoiceList(BareList):
    serializer_class = InvoiceSerializer
    queryset = Invoice.objects.select_related(
        "convention", "state", "cancels"
    ).order_by("convention__code", "-year", "sequence", "pk")


class BudgetList(BareList):
    # The own columns only: ISM prefetches positions, lines and missions for the
    # totals it derives; a list that shows no total reads none of them.
    serializer_class = BudgetSerializer
    queryset = Budget.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "convention"
    )


class MeetingList(BareList):
    serializer_class = MeetingSerializer
    queryset = (
        Meeting.objects.filter(kind_row__public=True)
        .select_related("convention", "committee")
        .prefetch_related(
            Prefetch("agenda_items", AgendaItem.objects.order_by("sort_key")),
            Prefetch(
                "documents",
                MeetingDocument.objects.filter(is_public=True)
                .select_related("agenda_item")
                .prefetch_related(
                    Prefetch("files", DocumentFile.objects.order_by("language"))
                )
                .order_by("agenda_item__sort_key", "symbol", "pk"),
                to_attr="public_documents",
            ),
        )
        .order_by("start", "pk")
    )


class ReportList(BareList):
    serializer_class = ReportSerializer
    queryset = (
        Report.objects.filter(published_version__isnull=False)
        .select_related("convention", "state", "published_version")
        # The version's JSON snapshot is not serialized (ISM defers it too):
        # loading every published report's whole content is not a list's work.
        .defer("published_version__snapshot")
        .order_by("-year", "convention__code", "state__name", "pk")
    )


class WorkPlanList(BareList):
    # The staff's convention (the benchmark signs in as the APMBC's ISU staff,
    # who see every plan of theirs), in ISM's order.
    serializer_class = WorkPlanSerializer
    queryset = WorkPlan.objects.filter(convention__code="APMBC").order_by(
        "convention__code", "-start_year", "kind", "id"
    )


class StateList(BareList):
    serializer_class = StateSerializer
    queryset = State.objects.all()


# bench/urls.py mounts each as /api/__bench__/<name>/, beside /api/v1/<name>/.
ENDPOINTS = {
    "invoices": InvoiceList,
    "budgets": BudgetList,
    "meetings": MeetingList,
    "reports": ReportList,
    "states": StateList,
    "workplans": WorkPlanList,
}
