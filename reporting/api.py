"""The reporting API, read-only: /api/v1/reports/ and /api/v1/reporting-rates/.

Reports come from reporting.selectors, scoped by the access policy: anyone,
anonymous clients included, sees published reports — and of them only the
published version; a State's focal point (session or token) also sees its own
drafts and submitted versions, the convention's ISU staff all of the
convention's. Rates are aggregate public statistics, counted by the same rules
as the statistics page and the follow-up board.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ism.access import can_see_state_data
from ism.api import ListDetailViewSet, object_url, router
from ism.api_docs import bad_choice, example, read_only_views, responses, who_sees
from ism.api_filters import ConventionFilter, StateFilter, YearFilter
from ism.selectors import convention_list
from reporting import rules, selectors
from reporting.api_examples import (
    APMBC_2024_RATE,
    NORWAY_2024,
    NORWAY_2024_DETAIL,
    NORWAY_2025_DRAFT,
)
from reporting.models import Report, ReportVersion
from reporting.views.common import today


def _owner_view(serializer, report: Report) -> bool:
    request = serializer.context.get("request")
    user = request.user if request is not None else None
    return can_see_state_data(user, report.state_id, report.convention_id)


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    # Plain strings, not enums: "kind" and "status" name other choice sets in the
    # schema, and colliding enum names would need settings of their own.
    kind = serializers.CharField(help_text="count: whole items; area: m².")
    value = serializers.CharField(
        allow_null=True,
        help_text="A decimal as a string, e.g. 12500.5; null if not given.",
    )


class FormEntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField(
        help_text='changed, unchanged, not_applicable ("" while not yet marked).'
    )
    unchanged_since = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    figures = FigureSerializer(many=True)


class VersionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    changed_forms = serializers.ListField(
        source="changed_form_codes", child=serializers.CharField()
    )

    class Meta:
        model = ReportVersion
        fields = [
            "number",
            "submitted_on",
            "published_at",
            "changed_forms",
            "url",
            "pdf_url",
        ]

    def get_url(self, version) -> str:
        return object_url(self, "reporting:version", version.pk)

    def get_pdf_url(self, version) -> str:
        return object_url(self, "reporting:version-pdf", version.pk)


class ReportSerializer(serializers.ModelSerializer):
    convention = serializers.CharField(source="convention.code")
    report_type = serializers.CharField(
        source="report_type.code",
        help_text='The report type within the convention: "article7"; the CCW\'s '
        '"compliance", "apii", "pv".',
    )
    state = serializers.SerializerMethodField()
    kind = serializers.CharField(help_text="initial or annual.")
    status = serializers.SerializerMethodField()
    due_date = serializers.DateField()
    timeliness = serializers.SerializerMethodField()
    published_version = VersionSerializer(allow_null=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "convention",
            "report_type",
            "state",
            "kind",
            "year",
            "due_date",
            "status",
            "first_submitted_on",
            "timeliness",
            "illustrative",
            "publication_consent",
            "published_version",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"iso3": {"type": "string"}, "name": {"type": "string"}},
        }
    )
    def get_state(self, report) -> dict:
        return {"iso3": report.state.iso3, "name": report.state.name}

    @extend_schema_field(
        serializers.CharField(
            help_text="draft, submitted, published or correcting; the public always "
            "sees published."
        )
    )
    def get_status(self, report) -> str:
        """The public sees "published" for any published report (a correction in
        progress is the State's business until it is published)."""
        if _owner_view(self, report):
            return report.status
        return Report.Status.PUBLISHED

    @extend_schema_field(
        serializers.ChoiceField(choices=["on_time", "late", "missing", "not_due"])
    )
    def get_timeliness(self, report) -> str:
        return report.timeliness(self.context.get("today") or today())


class ReportDetailSerializer(ReportSerializer):
    forms = serializers.SerializerMethodField()
    working_copy = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "forms", "working_copy"]

    @extend_schema_field(FormEntrySerializer(many=True))
    def get_forms(self, report) -> list[dict]:
        """The forms of the published version (empty before publication)."""
        version = report.published_version
        if version is None:
            return []
        return FormEntrySerializer(
            [_entry(e) for e in version.snapshot["forms"]], many=True
        ).data

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "description": "The draft as it stands; only for the State and the ISU.",
        }
    )
    def get_working_copy(self, report) -> dict | None:
        if not _owner_view(self, report):
            return None
        forms = selectors.forms_in_order(report)
        return {
            "editable": report.is_editable,
            "forms": [
                {
                    "code": form.code,
                    "status": form.status,
                    "unchanged_since": form.unchanged_since,
                    "text": form.text,
                    "figures": {
                        figure.key: format(figure.value.normalize(), "f")
                        for figure in form.figures.all()
                    },
                }
                for form in forms
            ],
            "versions": VersionSerializer(
                sorted(report.versions.all(), key=lambda v: v.number),
                many=True,
                context=self.context,
            ).data,
        }


def _entry(entry: dict) -> dict:
    return {
        "code": entry["code"],
        "title": entry["title"],
        "status": entry["status"],
        "unchanged_since": entry["unchanged_since"],
        "text": entry["text"],
        "figures": entry["figures"],
    }


class ReportFilter(django_filters.FilterSet):
    convention = ConventionFilter()
    state = StateFilter()
    year = YearFilter()
    kind = django_filters.ChoiceFilter(choices=Report.Kind.choices)
    report_type = django_filters.CharFilter(
        field_name="report_type__code",
        help_text='A report type\'s code: "article7", "pv".',
    )
    form = django_filters.CharFilter(
        method="filter_form",
        help_text="Reports whose published version has new information in this form.",
    )

    class Meta:
        model = Report
        fields = ["convention", "state", "year", "kind", "report_type", "form"]

    def filter_form(self, queryset, name, value):
        return queryset.filter(published_version__changed_forms__contains=f",{value},")


@read_only_views(
    model=Report,
    seen={
        "anonymous": "published reports, and of each only its published version.",
        "dashboard": "its convention's published reports.",
        "state": "also that State's own drafts and submitted reports, with the "
        "working copy, in the token's convention (a focal point signed in: in each "
        "convention they serve).",
        "staff": "every report of their convention, with its working copy.",
    },
    list_doc=(
        "Article 7 transparency reports",
        "Each State's initial and annual reports: due date, timeliness and the "
        "published version with the forms it changed.",
    ),
    detail_doc=(
        "One report with the forms of its published version",
        "A report with the forms of its published version, and for its State and "
        "the ISU the working copy (`working_copy`, null for others).",
    ),
    bad_filter=bad_choice("kind", "final"),
    examples=[example("Norway on 2024, published", NORWAY_2024)],
    detail_examples=[
        example(
            "Norway on 2024, as anyone reads it (forms abridged)", NORWAY_2024_DETAIL
        ),
        example(
            "Norway's 2025 draft, as its focal point reads it (abridged)",
            NORWAY_2025_DRAFT,
        ),
    ],
)
class ReportViewSet(ListDetailViewSet):
    list_serializer_class = ReportSerializer
    serializer_class = ReportDetailSerializer
    filterset_class = ReportFilter
    ordering_fields = ["year", "state__name", "convention__code", "id"]
    ordering = ["-year", "convention__code", "state__name", "id"]

    def list_rows(self, user):
        # The list shows a published version's metadata, never its frozen forms.
        return selectors.report_list(user=user).defer("published_version__snapshot")

    def detail_rows(self, user):
        return selectors.report_detail_queryset(user=user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": today()}


# --- Rates ---


class RateSerializer(serializers.Serializer):
    convention = serializers.CharField()
    report_type = serializers.CharField(
        help_text="The report type; a rate counts only the parties to its instrument."
    )
    year = serializers.IntegerField(help_text="The calendar year the reports cover.")
    due = serializers.DateField()
    as_of = serializers.DateField()
    parties = serializers.IntegerField(help_text="Parties that owe the report.")
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    not_due = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time_pct = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True
    )
    late_pct = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    missing_pct = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True
    )
    submitted_pct = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True
    )


def _rate_row(report_type, rate: rules.Rate) -> dict:
    return {
        "convention": report_type.convention.code,
        "report_type": report_type.code,
        "year": rate.year,
        "due": rate.due,
        "as_of": rate.as_of,
        "parties": rate.parties,
        "on_time": rate.on_time,
        "late": rate.late,
        "missing": rate.missing,
        "not_due": rate.not_due,
        "submitted": rate.submitted,
        "on_time_pct": rate.on_time_pct,
        "late_pct": rate.late_pct,
        "missing_pct": rate.missing_pct,
        "submitted_pct": rate.submitted_pct,
    }


class ReportingRateViewSet(viewsets.ViewSet):
    """Reporting rates per convention and year, as at today."""

    serializer_class = RateSerializer

    @extend_schema(
        summary="Reporting rates of the annual reports",
        description=who_sees(
            "For each convention and year: the parties that owed the "
            "annual report and how many reported on time, late or not at all, as "
            "at today; counted as on the statistics page.",
            anonymous="every convention's rates: public statistics.",
            dashboard="its own convention's; another convention is a 400.",
            state="the token's convention's (a focal point signed in: every "
            "convention's).",
            staff="every convention's.",
        ),
        parameters=[
            OpenApiParameter(
                "convention", OpenApiTypes.STR, description="e.g. APMBC; all if absent"
            ),
            OpenApiParameter(
                "year",
                OpenApiTypes.INT,
                description="Year covered; the last five years if absent",
            ),
        ],
        responses=responses(
            RateSerializer(many=True),
            bad_request={"year": ["A year between 1997 and 2026."]},
            # An unknown ?format= is DRF's 404, as on every other endpoint.
            not_found="Not found.",
        ),
        examples=[
            example(
                "APMBC, reports on 2024",
                APMBC_2024_RATE,
            )
        ],
    )
    def list(self, request):
        conventions = list(convention_list(user=request.user))
        code = request.query_params.get("convention")
        if code:
            conventions = [c for c in conventions if c.code == code.upper()]
            if not conventions:
                raise ValidationError({"convention": [f"No convention {code!r}."]})
        year = request.query_params.get("year")
        day = today()
        if year:
            try:
                year = int(year)
            except ValueError:
                raise ValidationError({"year": ["A year, e.g. 2024."]}) from None
            if not 1997 <= year <= day.year:
                raise ValidationError(
                    {"year": [f"A year between 1997 and {day.year}."]}
                )
        rows = []
        for convention in conventions:
            for report_type in selectors.report_types(convention):
                years = (
                    [year] if year else selectors.default_years(report_type, today=day)
                )
                rows.extend(
                    _rate_row(report_type, rate)
                    for rate in selectors.reporting_rates(report_type, years, today=day)
                )
        return Response(RateSerializer(rows, many=True).data)


router.register("reports", ReportViewSet, basename="report")
router.register("reporting-rates", ReportingRateViewSet, basename="reporting-rate")
