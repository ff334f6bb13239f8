"""What the API's documentation (the OpenAPI schema at /api/schema/, the docs at
/api/docs/) shares across endpoints: who sees what, in words; the one error shape
with an example per status; the `ordering` parameter of every list."""

from __future__ import annotations

from collections.abc import Sequence

from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.plumbing import build_array_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.exceptions import APIException


def who_sees(
    what: str,
    *,
    anonymous: str,
    dashboard: str,
    state: str,
    staff: str,
    committees: str | None = None,
) -> str:
    """An operation's description: what it gives, then what each kind of client
    sees of it. ism.access decides; this only tells API clients, one line per
    audience so every endpoint answers the same questions."""
    lines = [
        what,
        "",
        "**Who sees what**",
        "",
        f"- Anonymous clients: {anonymous}",
        f"- A dashboard token (a convention's, without a State): {dashboard}",
        f"- A State's token, or its focal point signed in: {state}",
    ]
    if committees:
        lines.append(f"- Committee members signed in: {committees}")
    lines.append(f"- The convention's ISU staff and auditors: {staff}")
    return "\n".join(lines)


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, e.g. 404.")
    code = serializers.CharField(
        help_text="For programs: invalid, not_found, authentication_failed, "
        "throttled, document_not_ready."
    )
    detail = serializers.CharField(help_text="For people: what went wrong.")

    def get_fields(self):
        # Declared here: a class attribute named "fields" would hide the
        # serializer's own `fields`.
        fields = super().get_fields()
        fields["fields"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="On a 400 only: each bad parameter with its messages.",
        )
        return fields


class ErrorSerializer(serializers.Serializer):
    """The one error shape ism.api.exception_handler gives every failure."""

    error = ErrorBodySerializer()


def _error(
    status: int, code: str, detail: str, description: str, name: str, **extra
) -> OpenApiResponse:
    body = {"status": status, "code": code, "detail": detail, **extra}
    example = OpenApiExample(name, value={"error": body}, response_only=True)
    return OpenApiResponse(ErrorSerializer, description=description, examples=[example])


# Every endpoint may answer these two.
UNAUTHORIZED = _error(
    401,
    "authentication_failed",
    "Invalid token.",
    "The token is malformed, unknown, expired or revoked, or its maker may no "
    "longer grant it. A bad token is a 401 with WWW-Authenticate: Bearer, never "
    "read as anonymous.",
    "Unknown token",
)
THROTTLED = _error(
    429,
    "throttled",
    "Request was throttled. Expected available in 12 seconds.",
    "Too many requests from this token (or account, or address); the Retry-After "
    "header says when to ask again.",
    "Throttled",
)
PAGE_NOT_FOUND = "Invalid page."


def no_match(model) -> str:
    """The 404 detail of a lookup through Django's get_object_or_404."""
    return f"No {model._meta.object_name} matches the given query."


def responses(
    success,
    *,
    bad_request: dict[str, list[str]] | None = None,
    not_found: str | None = None,
    not_ready: type[APIException] | None = None,
) -> dict:
    """@extend_schema(responses=...): `success` (a serializer, or {(200, media
    type): response}) with the errors every endpoint may answer (401, 429) and
    those it names — a 400 with these field messages, a 404 with this detail, a
    409 with this exception's detail — each in the one error shape, with an
    example."""
    errors = {401: UNAUTHORIZED, 429: THROTTLED}
    if bad_request is not None:
        errors[400] = _error(
            400,
            "invalid",
            "Invalid input.",
            "A query parameter is missing or not valid; `fields` names it.",
            "Bad parameter",
            fields=bad_request,
        )
    if not_found is not None:
        errors[404] = _error(
            404,
            "not_found",
            not_found,
            "No such row, or none this client may see (another State's row is a "
            "404, never a 403); on a list, a page past the last.",
            "Not found",
        )
    if not_ready is not None:
        errors[409] = _error(
            409,
            not_ready.default_code,
            str(not_ready.default_detail),
            "Not rendered yet for the current revision: its rendering is queued; "
            "ask again after the Retry-After header's seconds.",
            "Being rendered",
        )
    success = success if isinstance(success, dict) else {200: success}
    return {**success, **dict(sorted(errors.items()))}


def list_responses(serializer, *, bad_filter: dict[str, list[str]]) -> dict:
    """A paginated list's responses: a bad filter is a 400, a page past the last a
    404."""
    return responses(serializer, bad_request=bad_filter, not_found=PAGE_NOT_FOUND)


def bad_choice(field: str, value: str) -> dict[str, list[str]]:
    """The 400's `fields` for a value not among a filter's choices."""
    return {
        field: [f"Select a valid choice. {value} is not one of the available choices."]
    }


def example(name: str, value: dict) -> OpenApiExample:
    """A response's example, shown as it is (a list's comes in its page)."""
    return OpenApiExample(name, value=value, response_only=True)


def read_only_views(
    *,
    model,
    seen: dict[str, str],
    list_doc: tuple[str, str],
    detail_doc: tuple[str, str],
    bad_filter: dict[str, list[str]],
    examples: Sequence[OpenApiExample],
    detail_examples: Sequence[OpenApiExample] | None = None,
    pdf_doc: tuple[str, str, str] | None = None,
    **actions,
):
    """extend_schema_view for a read-only model viewset: its list and retrieve,
    each with a (summary, what it gives) doc, who sees what (`seen`, who_sees'
    audiences), the shared errors and examples; other actions as given. The list
    is documented with the viewset's list_serializer_class where it has one
    (ism.api.ListDetailViewSet), else with its serializer_class. A viewset with a
    `pdf` action (PdfAction) gives its (summary, what, filename) as `pdf_doc`: the
    same rows, seen by the same clients, answering its document_not_ready
    meanwhile."""

    (list_summary, list_what), (detail_summary, detail_what) = list_doc, detail_doc

    def decorate(viewset):
        list_serializer = getattr(
            viewset, "list_serializer_class", viewset.serializer_class
        )
        more = dict(actions)
        if pdf_doc is not None:
            more["pdf"] = pdf_view(
                *pdf_doc, seen=seen, model=model, not_ready=viewset.document_not_ready
            )
        return extend_schema_view(
            list=extend_schema(
                summary=list_summary,
                description=who_sees(list_what, **seen),
                responses=list_responses(list_serializer, bad_filter=bad_filter),
                examples=list(examples),
            ),
            retrieve=extend_schema(
                summary=detail_summary,
                description=who_sees(detail_what, **seen),
                responses=responses(
                    viewset.serializer_class, not_found=no_match(model)
                ),
                examples=list(examples if detail_examples is None else detail_examples),
            ),
            **more,
        )(viewset)

    return decorate


def pdf_view(
    summary: str,
    what: str,
    filename: str,
    *,
    seen: dict[str, str],
    model,
    not_ready: type[APIException],
):
    """extend_schema for an action that answers a PDF document, or a 409 with
    Retry-After while it is being rendered."""
    pdf = OpenApiResponse(
        OpenApiTypes.BINARY, description=f"The PDF, as an attachment ({filename})."
    )
    return extend_schema(
        summary=summary,
        description=who_sees(
            f"{what} A 409 with Retry-After while it is being rendered.", **seen
        ),
        responses=responses(
            {(200, "application/pdf"): pdf},
            not_found=no_match(model),
            not_ready=not_ready,
        ),
    )


class OrderingParameter(OpenApiFilterExtension):
    """DRF's OrderingFilter documents `ordering` as any string; this lists the
    view's ordering_fields and its default, so clients know what they may ask."""

    target_class = "rest_framework.filters.OrderingFilter"

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        view = auto_schema.view
        fields = list(getattr(view, "ordering_fields", None) or [])
        default = list(getattr(view, "ordering", None) or [])
        return [
            build_parameter_type(
                name=self.target.ordering_param,
                schema=build_array_type({"type": "string"}),
                location=OpenApiParameter.QUERY,
                description=(
                    "Sort by these fields, comma-separated, a leading - for "
                    f"descending. Default: {','.join(default) or 'none'}."
                ),
                enum=[*fields, *(f"-{name}" for name in fields)],
                style="form",
                explode=False,
            )
        ]
