"""The meetings API, read-only: /api/v1/meetings/ with agenda and public documents.

Meetings come from meetings.selectors, scoped by the access policy: anonymous
clients see the open meetings (Meetings of the States Parties, Review
Conferences, intersessional meetings, pledging conferences); committee members
also their committees' meetings; ISU staff all of their convention's. Only public
documents are listed, whoever asks. Queries stay constant with the number of rows.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from ism.api import router
from ism.api_docs import bad_choice, example, read_only_views
from ism.api_filters import YearFilter
from meetings import selectors
from meetings.api_examples import MSP22
from meetings.models import AgendaItem, DocumentFile, Meeting, MeetingDocument


class MeetingFilter(django_filters.FilterSet):
    convention = django_filters.CharFilter(
        field_name="convention__code",
        lookup_expr="iexact",
        help_text="Convention code, e.g. APMBC.",
    )
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices)
    year = YearFilter(
        field_name="start", lookup_expr="year", help_text="Year of the first day."
    )
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices)

    class Meta:
        model = Meeting
        fields = ["convention", "kind", "year", "status"]


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["number", "title"]


class DocumentFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentFile
        fields = ["language", "kind", "size", "url"]

    def get_url(self, stored) -> str:
        from django.urls import reverse

        path = reverse("meetings:download", args=[stored.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DocumentSerializer(serializers.ModelSerializer):
    agenda_item = serializers.SerializerMethodField()
    files = DocumentFileSerializer(many=True, read_only=True)

    class Meta:
        model = MeetingDocument
        fields = [
            "symbol",
            "title",
            "agenda_item",
            "original_language",
            "date",
            "files",
        ]

    def get_agenda_item(self, document) -> str | None:
        return document.agenda_item.number if document.agenda_item_id else None


class MeetingSerializer(serializers.ModelSerializer):
    convention = serializers.SlugRelatedField(slug_field="code", read_only=True)
    committee = serializers.SerializerMethodField()
    presiding_officer = serializers.SerializerMethodField()
    circulation_deadline = serializers.SerializerMethodField()
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    # The prefetched public documents (selectors.api_meetings), serialized by one
    # child serializer for the whole page: a serializer built per meeting cost the
    # list half its throughput (bench/bench_api.py).
    documents = DocumentSerializer(source="public_documents", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "convention",
            "kind",
            "number",
            "title",
            "start",
            "end",
            "venue",
            "online",
            "committee",
            "presiding_officer",
            "status",
            "illustrative",
            "circulation_deadline",
            "agenda",
            "documents",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        }
    )
    def get_committee(self, meeting) -> dict | None:
        if not meeting.committee_id:
            return None
        return {"id": meeting.committee_id, "name": meeting.committee.name}

    def get_presiding_officer(self, meeting) -> str:
        return selectors.presiding_officer(meeting)

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_circulation_deadline(self, meeting):
        """The date the work plan and budget adopted at this meeting are due to be
        circulated (60 days before it opens); null for other kinds of meeting."""
        if not meeting.adopts_budget:
            return None
        return selectors.circulation_deadline(meeting).isoformat()


@read_only_views(
    model=Meeting,
    seen={
        "anonymous": "the open meetings: Meetings of the States Parties, Review "
        "Conferences, intersessional meetings, pledging conferences.",
        "dashboard": "its convention's open meetings.",
        "state": "the open meetings (of the token's convention).",
        "committees": "also their committees' meetings.",
        "staff": "every meeting of their convention. Only public documents are "
        "listed, whoever asks.",
    },
    list_doc=(
        "Meetings with their agenda and public documents",
        "Meetings of the States Parties, Review Conferences, intersessional and "
        "committee meetings, with their agenda and the public documents in each "
        "language.",
    ),
    detail_doc=(
        "One meeting with its agenda and public documents",
        "A meeting with its agenda and public documents.",
    ),
    bad_filter=bad_choice("kind", "summit"),
    examples=[example("22MSP", MSP22)],
)
class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings with their agenda and public documents."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["start", "title", "id"]
    ordering = ["start", "id"]

    def get_queryset(self):
        return selectors.api_meetings(user=self.request.user)


router.register("meetings", MeetingViewSet, basename="meeting")
