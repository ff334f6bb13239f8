"""The API's shared parts: the router every app registers on, one error shape, and
the core's read endpoints."""

from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter
from rest_framework.views import exception_handler as drf_exception_handler

from ism import selectors
from ism.access import visible
from ism.models import Committee, Convention, State

router = DefaultRouter()


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
            "action_plan_name",
            "action_plan_start",
            "action_plan_end",
            "initial_report_days",
            "annual_report_month",
            "annual_report_day",
        ]


class ConventionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ConventionSerializer
    lookup_field = "code"
    filterset_fields = ["code", "financing_model"]
    ordering_fields = ["code"]

    def get_queryset(self):
        return selectors.convention_list(user=self.request.user)


class StateSerializer(serializers.ModelSerializer):
    class Meta:
        model = State
        fields = ["iso2", "iso3", "name", "official_name", "un_status"]


class StateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StateSerializer
    lookup_field = "iso3"
    filterset_fields = ["un_status", "iso2", "iso3"]
    ordering_fields = ["name", "iso3"]

    def get_queryset(self):
        return visible(self.request.user, State.objects.all())


class CommitteeSerializer(serializers.ModelSerializer):
    convention = serializers.SlugRelatedField(slug_field="code", read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Committee
        fields = ["id", "convention", "name", "kind", "members"]

    def get_members(self, committee) -> list[dict]:
        return [
            {"state": m.state.iso3, "term_start": m.term_start, "term_end": m.term_end}
            for m in committee.memberships.all()
        ]


class CommitteeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitteeSerializer
    filterset_fields = ["kind", "convention__code"]
    ordering_fields = ["name"]

    def get_queryset(self):
        return selectors.committee_list(user=self.request.user).order_by("pk")


router.register("conventions", ConventionViewSet, basename="convention")
router.register("states", StateViewSet, basename="state")
router.register("committees", CommitteeViewSet, basename="committee")
