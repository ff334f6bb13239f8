"""Query parameters the API's endpoints share, validated before they reach a query.

A year is a whole number a date can hold. Left to django-filter's NumberFilter (a
decimal up to 1e50), ?year=99999999999 or ?year=2024.5 reached the database or
datetime.date and came back a 500; now it is a 400 naming the parameter, in the
one error shape (found by tests/ism/test_api_fuzz.py).
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.utils import extend_schema_field

FIRST_YEAR = 1
LAST_YEAR = 9999  # datetime.date's range, and so every year lookup's


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})
class YearFilter(django_filters.NumberFilter):
    """A year filter: "Enter a whole number." for 2024.5 or abc, the bounds for
    0 or 99999999999."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None  # max_value bounds it


def year_or_none(text: str) -> int | None:
    """A year given as a query parameter outside a filter set, or None when the
    text is not one ("²" is a digit to str.isdigit, not to int)."""
    try:
        return forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR).clean(text)
    except forms.ValidationError:
        return None


class CodeFilter(django_filters.CharFilter):
    """A list's rows of one object named by its code, in any case: the code's
    field (`code_field`) and the parameter's description (`code_help`)."""

    code_field: str
    code_help: str

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", self.code_field)
        kwargs.setdefault("lookup_expr", "iexact")
        kwargs.setdefault("help_text", self.code_help)
        super().__init__(*args, **kwargs)


class ConventionFilter(CodeFilter):
    """A list's rows of one convention, by its code in any case (?convention=ccm)."""

    code_field = "convention__code"
    code_help = "Convention code, e.g. APMBC."


class StateFilter(CodeFilter):
    """A list's rows of one State, by its ISO 3166 alpha-3 code in any case."""

    code_field = "state__iso3"
    code_help = "ISO 3166 alpha-3, e.g. NOR."


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend (settings.REST_FRAMEWORK), which builds the view's
    filter set and its form on every request — a form with a deep copy of each
    field, cleaned and applied — though a list asked for without any of its
    filters (the common request: a dashboard paging through a list) filters
    nothing: that was a tenth of the work plans list's time (bench/bench_api.py,
    api.workplans). Only a request naming one of the filters' parameters (the
    name, or the name and a suffix such as a range's `_min`) builds it."""

    def filter_queryset(self, request, queryset, view):
        if not any(map(self._parameters(view, queryset).match, request.query_params)):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def _parameters(self, view, queryset) -> re.Pattern:
        names = _PARAMETERS.get(type(view))
        if names is None:
            filterset_class = self.get_filterset_class(view, queryset)
            filters = filterset_class.base_filters if filterset_class else {}
            alternatives = "|".join(map(re.escape, filters)) or "(?!)"
            names = _PARAMETERS[type(view)] = re.compile(
                rf"(?:{alternatives})(?:_.*)?\Z"
            )
        return names


# View class -> the query parameters its filter set reads, as a pattern.
_PARAMETERS: dict[type, re.Pattern] = {}


class FilterBackendSchema(DjangoFilterExtension):
    """The schema documents FilterBackend's parameters as django-filter's."""

    target_class = "ism.api_filters.FilterBackend"
