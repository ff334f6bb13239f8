"""What a page reads from its URL — query parameters and path values — read one
way, as the API's filters read theirs (ism.api_filters.YearFilter): ASCII digits
only ("²" is a digit to str.isdigit, not to int), within a range, never a NUL.

A value that is not what the page asks for is a 400 with a sentence that says
which parameter and why (`BadParameter`, drawn by ism.views_errors.bad_request),
never a 500 from the database or the calendar. A missing or blank parameter is
the page's default.

Years of pages are the plausible ones (1900 to 2199): a calendar, a filter or a
"next year" link computed from 9999 would leave datetime.date's range.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

FIRST_YEAR = 1900
LAST_YEAR = 2199
# PostgreSQL's integer and bigint: ids and counts beyond these are not rows.
MAX_ID = 2**63 - 1

_DIGITS = re.compile(r"[0-9]{1,19}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


class BadParameter(BadRequest):
    """A URL value the page cannot use; its message is shown to the person, and
    `field` (a query parameter's name) lets the API name it in its error."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def no_nul(value: str, name: str, field: str | None = None) -> str:
    if "\x00" in value:
        raise BadParameter(
            _("%(name)s cannot contain a NUL character.") % {"name": name},
            field=field,
        )
    return value


def _raw(request, name: str) -> str:
    return no_nul(request.GET.get(name, "").strip(), name, field=name)


def parse_int(text: str, name: str, *, minimum: int, maximum: int) -> int:
    """A whole number from text, within [minimum, maximum]."""
    if not _DIGITS.fullmatch(text):
        raise BadParameter(_("%(name)s must be a whole number.") % {"name": name})
    value = int(text)
    if not minimum <= value <= maximum:
        raise BadParameter(
            _("%(name)s must be between %(low)s and %(high)s.")
            % {"name": name, "low": minimum, "high": maximum}
        )
    return value


def id_or_none(value) -> int | None:
    """A row's id as a form or a page sent it, or None: for lookups where no such
    row is simply no row (a stale link in a refused form, a ticked row number).
    "²" is a digit to str.isdigit and a ValueError to int()."""
    text = str(value)
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= MAX_ID:
        return None
    return int(text)


def query_int(
    request, name: str, *, minimum: int = 0, maximum: int = MAX_ID, default=None
):
    text = _raw(request, name)
    if not text:
        return default
    return parse_int(text, name, minimum=minimum, maximum=maximum)


def query_id(request, name: str, default=None):
    """A row's id: a whole number from 1."""
    return query_int(request, name, minimum=1, default=default)


def query_year(request, name: str = "year", default=None):
    return query_int(
        request, name, minimum=FIRST_YEAR, maximum=LAST_YEAR, default=default
    )


def query_month(request, name: str = "month", default=None) -> dt.date | None:
    """A month given as YYYY-MM: its first day."""
    text = _raw(request, name)
    if not text:
        return default
    match = _MONTH.fullmatch(text)
    if not match:
        raise BadParameter(
            _("%(name)s must be a month written YYYY-MM.") % {"name": name}
        )
    year = parse_int(match[1], name, minimum=FIRST_YEAR, maximum=LAST_YEAR)
    month = parse_int(match[2], name, minimum=1, maximum=12)
    return dt.date(year, month, 1)


def parse_day(text: str, name: str) -> dt.date:
    """A day written YYYY-MM-DD (an "as at" date), within the plausible years."""
    match = _DAY.fullmatch(text)
    if match:
        year = parse_int(match[1], name, minimum=FIRST_YEAR, maximum=LAST_YEAR)
        try:
            return dt.date(year, int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise BadParameter(
        _("%(name)s must be a day written YYYY-MM-DD.") % {"name": name}, field=name
    )


def query_day(request, name: str = "as_of", default=None) -> dt.date | None:
    text = _raw(request, name)
    return parse_day(text, name) if text else default


def query_code(request, name: str, default: str = "") -> str:
    """A short code: a convention's ("APMBC"), a State's ISO3, a status. Compared
    with the known ones by the page; here only its shape is judged."""
    text = _raw(request, name)
    if not text:
        return default
    if not _CODE.fullmatch(text):
        raise BadParameter(
            _("%(name)s must be a code of letters and digits.") % {"name": name}
        )
    return text


def query_text(request, name: str, default: str = "", max_length: int = 200) -> str:
    """Free text (a search): no NUL, and no longer than a page can use."""
    text = _raw(request, name)
    return text[:max_length] if text else default


def query_language(request, name: str = "lang") -> str:
    """One of the six languages (settings.LANGUAGES), however it is written ("fr",
    "fr-CH", "zh-Hans", "zh_Hans": ism.document_languages.known_language); ""
    when not given."""
    from django.conf import settings

    from ism.document_languages import known_language

    text = _raw(request, name)
    if not text:
        return ""
    language = known_language(text)
    if language is None:
        codes = [code for code, _label in settings.LANGUAGES]
        raise BadParameter(
            _("%(name)s must be one of %(choices)s.")
            % {"name": name, "choices": ", ".join(codes)},
            field=name,
        )
    return language
