"""The meetings API, read-only: /api/v1/meetings/ with agenda and public documents.

Meetings come from meetings.selectors, scoped by the access policy: anonymous
clients see the open meetings (Meetings of the States Parties, Review
Conferences, intersessional meetings, pledging conferences); committee members
also their committees' meetings; ISU staff all of their convention's. Only public
documents are listed, whoever asks. Queries stay constant with the number of rows.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from ism.api import TranslatedField, object_url, router
from ism.api_docs import bad_choice, example, read_only_views
from ism.api_filters import ConventionFilter, YearFilter
from meetings import rules, selectors
from meetings.api_examples import MSP22
from meetings.models import (
    AgendaItem,
    DocumentFile,
    Meeting,
    MeetingDocument,
    MeetingKind,
)
from meetings.services.meetings import MEETING_FACTS


class MeetingFilter(django_filters.FilterSet):
    convention = ConventionFilter()
    kind = django_filters.CharFilter(
        method="filter_kind",
        help_text="The code of one of the conventions' kinds of meeting, e.g. msp "
        "or gge.",
    )
    year = YearFilter(
        field_name="start", lookup_expr="year", help_text="Year of the first day."
    )
    status = django_filters.ChoiceFilter(
        choices=Meeting.Status.choices, help_text="As the ISU staff recorded it."
    )
    phase = django_filters.ChoiceFilter(
        choices=rules.Phase.choices,
        method="filter_phase",
        help_text="What the status and the dates make of the meeting today: a "
        "planned meeting is in session from its first day and held after its last.",
    )

    class Meta:
        model = Meeting
        fields = ["convention", "kind", "year", "status", "phase"]

    def filter_kind(self, queryset, name, value):
        # The kinds are data (MeetingKind): a code no convention defines is a
        # 400 naming the parameter, as a bad choice is.
        if not MeetingKind.objects.filter(code=value).exists():
            raise serializers.ValidationError(
                {"kind": [f"No convention has a kind of meeting “{value}”."]}
            )
        return queryset.filter(kind=value)

    def filter_phase(self, queryset, name, value):
        return queryset.filter(rules.phase_q(value, timezone.localdate()))


class AgendaItemSerializer(serializers.ModelSerializer):
    title = TranslatedField("title")

    class Meta:
        model = AgendaItem
        fields = ["number", "title"]


class DocumentFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentFile
        fields = ["language", "kind", "size", "url"]

    def get_url(self, stored) -> str:
        return object_url(self, "meetings:download", stored.pk)


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
    title = TranslatedField("title")
    committee = serializers.SerializerMethodField()
    presiding_officer = serializers.SerializerMethodField()
    circulation_deadline = serializers.SerializerMethodField()
    phase = serializers.SerializerMethodField()
    registration_open = serializers.SerializerMethodField()
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
            *MEETING_FACTS,
            "phase",
            "registration_deadline",
            "registration_open",
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

    def _today(self):
        # Today is read once per answer, not once per row (meetings.rules).
        today = self.context.get("_today")
        if today is None:
            today = self.context["_today"] = timezone.localdate()
        return today

    @extend_schema_field(
        {"type": "string", "enum": list(rules.Phase.values)},
    )
    def get_phase(self, meeting) -> str:
        """The status and the dates on the day of the answer: planned, in_session
        (first to last day), held (after the last day, or marked so), cancelled,
        postponed."""
        return str(rules.phase(meeting, self._today()))

    def get_registration_open(self, meeting) -> bool:
        """Whether States may still register delegates and apply for sponsorship:
        until the registration deadline, and never once the meeting opens."""
        return rules.registration_open(meeting, self._today())

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
        "anonymous": "the open meetings: Meetings of the parties, Review "
        "Conferences, intersessional meetings, pledging conferences.",
        "dashboard": "its convention's open meetings.",
        "state": "the open meetings (of the token's convention).",
        "committees": "also their committees' meetings.",
        "staff": "every meeting of their convention. Only public documents are "
        "listed, whoever asks.",
    },
    list_doc=(
        "Meetings with their agenda and public documents",
        "Meetings of the parties, Review Conferences, intersessional and "
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
