"""The API's shared parts: the router every app registers on, one error shape, and
the core's read endpoints. What their documentation shares is ism.api_docs'."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter
from rest_framework.views import exception_handler as drf_exception_handler

from ism import selectors
from ism.access import visible
from ism.api_docs import bad_choice, example, read_only_views
from ism.models import Committee, Convention, State
from ism.models.core import PLAN_AND_REPORTING_FIELDS
from ism.translated import text_in

router = DefaultRouter()


# Stands for the object's key while a route is reversed once per answer.
_KEY = "2147483647000"


def object_url(serializer: serializers.Serializer, view_name: str, pk) -> str:
    """The absolute URL of one object's route. Reversed and made absolute once per
    answer (the template is kept in the serializer's context, which a list's rows
    share) rather than once per row: 50 lookups cost an invoice page a fifth of
    its throughput (bench/bench_api.py)."""
    templates = serializer.context.setdefault("_url_templates", {})
    template = templates.get(view_name)
    if template is None:
        path = reverse(view_name, args=[_KEY])
        request = serializer.context.get("request")
        template = request.build_absolute_uri(path) if request is not None else path
        templates[view_name] = template
    return template.replace(_KEY, str(pk), 1)


class IdentityUrlField(serializers.HyperlinkedIdentityField):
    """DRF's HyperlinkedIdentityField — the same URL, format suffix included —
    reversed once per answer and format (object_url's template) rather than
    once per row: 50 reversals were a tenth of a budget page's time
    (bench/bench_api.py, api.budgets). For integer keys, which need no quoting."""

    def get_url(self, obj, view_name, request, format):
        if hasattr(obj, "pk") and obj.pk in (None, ""):
            return None
        templates = self.context.setdefault("_url_templates", {})
        key = (view_name, format)
        template = templates.get(key)
        if template is None:
            template = templates[key] = self.reverse(
                view_name,
                kwargs={self.lookup_url_kwarg: _KEY},
                request=request,
                format=format,
            )
        return template.replace(_KEY, str(getattr(obj, self.lookup_field)), 1)


class TranslatedField(serializers.CharField):
    """Text staff typed, in the answer's language (`?lang=`, else Accept-Language;
    ism.middleware.UserLanguageMiddleware): its translation, else the original
    (ism.translated.text_in). `source` is the object holding `field` ("*": the
    serialized object itself)."""

    def __init__(self, field: str, source: str = "*", **kwargs):
        kwargs.setdefault(
            "help_text",
            "In the language asked for with ?lang= or Accept-Language; the "
            "original (English) where no translation has been entered.",
        )
        super().__init__(source=source, read_only=True, **kwargs)
        self.model_field = field

    def to_representation(self, value) -> str:
        return text_in(value, self.model_field, get_language())[0]


class ListDetailViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource whose list gives a summary of each row
    (`list_serializer_class`, the rows of `list_rows`) and whose other actions the
    whole object (`serializer_class`, the rows of `detail_rows`).
    ism.api_docs.read_only_views documents the same two. An action that reads
    the list's rows too is named in `list_actions`."""

    list_serializer_class: type[serializers.BaseSerializer]
    list_actions: tuple[str, ...] = ("list",)

    def list_rows(self, user):
        raise NotImplementedError

    def detail_rows(self, user):
        raise NotImplementedError

    def get_queryset(self):
        if self.action in self.list_actions:
            return self.list_rows(self.request.user)
        return self.detail_rows(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return self.list_serializer_class
        return super().get_serializer_class()


def exception_handler(exc, context):
    """Every API error has one shape: {"error": {"status", "code", "detail",
    "fields"?}}; field errors keep the field name so clients can show them."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    error: dict = {"status": response.status_code}
    code = getattr(exc, "default_code", "error")
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        error["detail"] = str(data["detail"])
        error["code"] = getattr(data["detail"], "code", code)
    else:
        error["detail"] = "Invalid input."
        error["code"] = "invalid"
        error["fields"] = data
    response.data = {"error": error}
    return response


class ConventionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Convention
        fields = [
            "code",
            "short_name",
            "name",
            "currency",
            "host",
            "financing_model",
            *PLAN_AND_REPORTING_FIELDS,
        ]


APMBC = {
    "code": "APMBC",
    "short_name": "Mine Ban Convention",
    "name": "Convention on the Prohibition of the Use, Stockpiling, Production and "
    "Transfer of Anti-Personnel Mines and on their Destruction",
    "currency": "CHF",
    "host": "Geneva International Centre for Humanitarian Demining (GICHD)",
    "financing_model": "voluntary",
    "action_plan_name": "Siem Reap-Angkor Action Plan",
    "action_plan_start": 2025,
    "action_plan_end": 2029,
    "initial_report_days": 180,
    "annual_report_month": 4,
    "annual_report_day": 30,
}


@read_only_views(
    model=Convention,
    seen={
        "anonymous": "every convention.",
        "dashboard": "its own convention only; another's code is a 404.",
        "state": "the token's convention only; a focal point signed in, every one.",
        "staff": "every convention.",
    },
    list_doc=(
        "Conventions",
        "The conventions ISM supports (APMBC, CCM, CCW): base currency, host, "
        "financing model, action plan and Article 7 reporting deadlines.",
    ),
    detail_doc=("One convention, by its code", "A convention by its code, e.g. APMBC."),
    bad_filter=bad_choice("financing_model", "grants"),
    examples=[example("APMBC", APMBC)],
)
class ConventionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ConventionSerializer
    lookup_field = "code"
    filterset_fields = ["code", "financing_model"]
    ordering_fields = ["code"]
    ordering = ["code"]

    def get_queryset(self):
        return selectors.convention_list(user=self.request.user)


class StateSerializer(serializers.ModelSerializer):
    class Meta:
        model = State
        fields = ["iso2", "iso3", "name", "official_name", "un_status"]


NORWAY = {
    "iso2": "NO",
    "iso3": "NOR",
    "name": "Norway",
    "official_name": "Kingdom of Norway",
    "un_status": "member",
}


@read_only_views(
    model=State,
    seen={
        "anonymous": "every State (States are public facts).",
        "dashboard": "every State.",
        "state": "every State.",
        "staff": "every State.",
    },
    list_doc=(
        "States",
        "States (ISO 3166 codes, names, United Nations status), whether party to "
        "a convention or not.",
    ),
    detail_doc=(
        "One State, by its ISO 3166 alpha-3 code",
        "A State by its code, e.g. NOR.",
    ),
    bad_filter=bad_choice("un_status", "x"),
    examples=[example("Norway", NORWAY)],
)
class StateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StateSerializer
    lookup_field = "iso3"
    filterset_fields = ["un_status", "iso2", "iso3"]
    ordering_fields = ["name", "iso3"]
    ordering = ["name", "iso3"]

    def get_queryset(self):
        return visible(self.request.user, State.objects.all())


class CommitteeMemberSerializer(serializers.Serializer):
    """The schema of a member State's term (get_members builds it)."""

    state = serializers.CharField(help_text="ISO 3166 alpha-3.")
    term_start = serializers.DateField()
    term_end = serializers.DateField()


class CommitteeSerializer(serializers.ModelSerializer):
    convention = serializers.SlugRelatedField(slug_field="code", read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = ["id", "convention", "name", "kind", "members"]

    @extend_schema_field(CommitteeMemberSerializer(many=True))
    def get_members(self, committee) -> list[dict]:
        return [
            {"state": m.state.iso3, "term_start": m.term_start, "term_end": m.term_end}
            for m in committee.memberships.all()
        ]


COORDINATING_COMMITTEE = {
    "id": 2,
    "convention": "APMBC",
    "name": "Coordinating Committee",
    "kind": "coordinating",
    "members": [
        {"state": "NOR", "term_start": "2025-01-01", "term_end": "2026-12-31"},
        {"state": "CHE", "term_start": "2025-01-01", "term_end": "2026-12-31"},
    ],
}


@read_only_views(
    model=Committee,
    seen={
        "anonymous": "every committee and its member States (public facts).",
        "dashboard": "its convention's committees.",
        "state": "the token's convention's committees; a focal point signed in, all.",
        "staff": "every committee.",
    },
    list_doc=(
        "Committees and their member States",
        "The committees of the conventions (the Coordinating Committee, the "
        "thematic committees) with each member State's term.",
    ),
    detail_doc=("One committee and its member States", "A committee by its id."),
    bad_filter=bad_choice("kind", "board"),
    examples=[example("APMBC Coordinating Committee", COORDINATING_COMMITTEE)],
)
class CommitteeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitteeSerializer
    filterset_fields = ["kind", "convention__code"]
    ordering_fields = ["name", "id"]
    ordering = ["id"]

    def get_queryset(self):
        return selectors.committee_list(user=self.request.user)


router.register("conventions", ConventionViewSet, basename="convention")
router.register("states", StateViewSet, basename="state")
router.register("committees", CommitteeViewSet, basename="committee")
