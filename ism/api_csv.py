"""The API's answers as CSV: `?format=csv` (or `Accept: text/csv`) wherever the
answer is a table, for the ISU and the States who keep working in a spreadsheet.

* A row is the JSON object flattened: nested objects become dotted columns (money
  → `amount.amount`, `amount.currency`, the exact decimal strings of the JSON),
  lists of scalars one cell joined with "; ". Lists of objects (a committee's
  members, a meeting's agenda and documents, a work plan's areas) are left out:
  they are tables of their own, and a cell of them would be neither readable nor
  parseable. The JSON answer keeps them.
* A CSV is the whole table, not a page: `Pagination` does not paginate it.
* The header is always there: the columns come from the serializer (and its
  drf-spectacular annotations), so an empty list still names them; columns the
  data has beyond those are added.
* A cell that a spreadsheet would run as a formula (it starts with =, +, @, a tab
  or a carriage return, or with - without being a plain number) is prefixed with
  ' — OWASP's advice against CSV injection; a negative amount stays a number —
  and a cell holding ";" is quoted, for Excel in languages that split CSV on ";"
  (the rule is ism.spreadsheets').
* UTF-8 with a byte order mark, so Excel reads accents ("Côte d'Ivoire") right.
* Downloaded as `ism-<route>-<today>.csv` (a detail: `ism-<route>-<id>-<today>`).

Which answers are tables is decided here, per route and action, so no app's
api.py carries CSV code: list and detail answers are (a detail is one row),
except the details whose substance is nested lists a CSV would drop — a budget
(its positions, lines, missions, funds), a work plan (its results chain) and a
report (its forms) — which answer 406 in the one error shape, as do other actions
(the PDFs) and the API root. The collection status of a convention's year is its
`by_currency` rows, with the convention and the year as leading columns. Errors
stay JSON in the one error shape.
"""

from __future__ import annotations

import io
import re
import typing
from dataclasses import dataclass

from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer

from ism.spreadsheets import cell_text, csv_line

CSV_FORMAT = "csv"
CSV_MEDIA_TYPE = "text/csv"
TABLE_ACTIONS = ("list", "retrieve")

# (route basename, action) whose answer is not a table (see the module docstring).
NOT_TABLES = {
    ("budget", "retrieve"),
    ("workplan", "retrieve"),
    ("report", "retrieve"),
}


@dataclass(frozen=True)
class NestedRows:
    """An answer whose rows are one of its lists; its other keys lead each row."""

    key: str
    serializer: str  # dotted path of the rows' serializer, for the header


ROWS_FROM = {
    ("contribution-status", "list"): NestedRows(
        "by_currency", "budgets.contributions.api.CollectionStatusSerializer"
    ),
}


def endpoint(view) -> tuple[str | None, str | None]:
    return getattr(view, "basename", None), getattr(view, "action", None)


def is_table(view) -> bool:
    route, action = endpoint(view)
    return (
        route is not None
        and action in TABLE_ACTIONS
        and (route, action) not in NOT_TABLES
    )


def wants_csv(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", None) == CSV_FORMAT


# --- Pagination and content negotiation --------------------------------------------


class Pagination(PageNumberPagination):
    """Pages of PAGE_SIZE rows (a client may ask up to 200 with ?page_size=) in
    JSON; every row the client may see in a CSV."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        if wants_csv(request):
            return None
        return super().paginate_queryset(queryset, request, view)


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, with a 406 for a CSV of an answer that is no table."""

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer, media_type = super().select_renderer(
            request, renderers, format_suffix
        )
        if renderer.format == CSV_FORMAT:
            view = (getattr(request, "parser_context", None) or {}).get("view")
            if not is_table(view):
                raise NotAcceptable(
                    _("This answer is not a table and has no CSV; ask for JSON.")
                )
        return renderer, media_type


# --- Columns -------------------------------------------------------------------------


def _is_object_list_hint(method) -> bool:
    """`def get_members(...) -> list[dict]`: a list of objects."""
    try:
        hint = typing.get_type_hints(method).get("return")
    except Exception:  # an unresolvable annotation is no information
        return False
    if typing.get_origin(hint) is not list:
        return False
    (item, *_rest) = typing.get_args(hint) or (None,)
    return item is dict or typing.get_origin(item) is dict


def _columns_of_schema(schema: dict, key: str) -> list[str]:
    if schema.get("type") == "array":
        items = schema.get("items") or {}
        return [] if items.get("type") == "object" or "$ref" in items else [key]
    properties = schema.get("properties")
    if schema.get("type") == "object" and properties:
        return [f"{key}.{name}" for name in properties]
    return [key]


def _columns_of_field(field, key: str) -> list[str]:
    """The CSV columns of one serializer field (or of its schema annotation)."""
    if isinstance(field, type) and issubclass(field, serializers.BaseSerializer):
        field = field()
    if isinstance(field, serializers.ListSerializer):
        return []
    if isinstance(field, serializers.Serializer):
        return columns_of(field, prefix=f"{key}.")
    if isinstance(field, dict):
        return _columns_of_schema(field, key)
    if isinstance(field, serializers.ListField):
        child = field.child
        return [] if isinstance(child, serializers.BaseSerializer) else [key]
    return [key]


def columns_of(serializer: serializers.Serializer, prefix: str = "") -> list[str]:
    """The columns a serializer's rows flatten to, as far as it declares them."""
    from drf_spectacular.drainage import get_override

    columns: list[str] = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        key = prefix + name
        annotation = get_override(field, "field")
        if isinstance(field, serializers.SerializerMethodField):
            method = getattr(field.parent, field.method_name, None)
            annotation = get_override(method, "field")
            if annotation is None and _is_object_list_hint(method):
                continue
        columns.extend(_columns_of_field(annotation or field, key))
    return columns


def _declared_columns(view) -> list[str]:
    serializer_class = None
    nested = ROWS_FROM.get(endpoint(view))
    if nested is not None:
        serializer_class = import_string(nested.serializer)
    elif hasattr(view, "get_serializer_class"):
        try:
            serializer_class = view.get_serializer_class()
        except AssertionError:  # a view without a serializer
            serializer_class = None
    else:
        serializer_class = getattr(view, "serializer_class", None)
    if serializer_class is None:
        return []
    return columns_of(serializer_class())


# --- Rows ----------------------------------------------------------------------------


def _flatten(value, key: str, row: dict, object_lists: set[str]) -> None:
    if isinstance(value, dict):
        if not value:
            row[key] = None
        for name, item in value.items():
            _flatten(item, f"{key}.{name}" if key else name, row, object_lists)
    elif isinstance(value, list | tuple):
        if any(isinstance(item, dict | list | tuple) for item in value):
            object_lists.add(key)
        else:
            row[key] = "; ".join(cell_text(item) for item in value)
    else:
        row[key] = value


def _rows(data, view) -> tuple[list[dict], list[str]]:
    """The answer's rows, and the columns that lead them."""
    nested = ROWS_FROM.get(endpoint(view))
    if nested is not None and isinstance(data, dict):
        lead = {name: value for name, value in data.items() if name != nested.key}
        return [{**lead, **row} for row in data.get(nested.key) or []], list(lead)
    if isinstance(data, list):
        return data, []
    if isinstance(data, dict) and {"count", "results"} <= set(data):
        return data["results"], []
    if isinstance(data, dict):
        return [data], []
    return [], []


def _table(data, view) -> tuple[list[str], list[dict]]:
    rows, lead = _rows(data, view)
    object_lists: set[str] = set()
    flat = []
    for row in rows:
        out: dict = {}
        _flatten(row, "", out, object_lists)
        flat.append(out)
    # Declared columns first, in the serializer's order, then any the data adds.
    columns = list(dict.fromkeys([*lead, *_declared_columns(view)]))
    seen = set(columns)
    for row in flat:
        for column in row:
            if column not in seen:
                seen.add(column)
                columns.append(column)

    def kept(column: str) -> bool:
        if any(column == k or column.startswith(k + ".") for k in object_lists):
            return False
        # A null object's placeholder, where other rows (or the serializer) name
        # its parts.
        return not any(other.startswith(column + ".") for other in seen)

    return [c for c in columns if kept(c)], flat


# --- Cells ---------------------------------------------------------------------------


def filename(view) -> str:
    """ism-invoices-2026-11-25.csv; a detail: ism-invoices-7-2026-11-25.csv."""
    from ism.api import router

    route, _action = endpoint(view)
    prefix = next(
        (p for p, _viewset, basename in router.registry if basename == route),
        route or "api",
    )
    parts = ["ism", prefix.replace("/", "-")]
    kwargs = getattr(view, "kwargs", None) or {}
    lookup = kwargs.get(
        getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
    )
    if lookup is not None:
        parts.append(re.sub(r"[^A-Za-z0-9_-]", "_", str(lookup)))
    parts.append(timezone.localdate().isoformat())
    return "-".join(parts) + ".csv"


class CSVRenderer(BaseRenderer):
    media_type = CSV_MEDIA_TYPE
    format = CSV_FORMAT
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response = context.get("response")
        view = context.get("view")
        if response is not None and response.status_code >= 400:
            # Errors keep the one JSON error shape, whatever was asked for.
            response["Content-Type"] = JSONRenderer.media_type
            return JSONRenderer().render(data, JSONRenderer.media_type, context)
        if data is None:
            return b""
        columns, rows = _table(data, view)
        buffer = io.StringIO()
        buffer.write("\ufeff")
        buffer.write(csv_line(columns))
        for row in rows:
            buffer.write(csv_line(row.get(column) for column in columns))
        if response is not None:
            response["Content-Disposition"] = content_disposition_header(
                True, filename(view)
            )
        return buffer.getvalue().encode(self.charset)
