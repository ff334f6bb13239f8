"""Dates in words, for Python that writes them (PDF contexts, mails, messages,
history): the same named formats the templates use (ism/formats), so a date reads
the same on a page, in a table, a thread, a history row and a document.

    long_date(date(2026, 12, 5), "en")        → "5 December 2026"
    long_date(date(2026, 12, 5), "fr")        → "5 décembre 2026"
    long_datetime(aware 21:50 in Geneva, "en") → "5 December 2026, 21:50"

Without a language, the active one (the page's). A datetime is shown in ISM's
time zone (TIME_ZONE); a date never moves.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

from django.utils import timezone, translation
from django.utils.formats import date_format


def _language(language: str | None):
    return translation.override(language) if language else nullcontext()


def long_date(day: dt.date | dt.datetime | None, language: str | None = None) -> str:
    """ "5 December 2026" (DATE_FORMAT); "" for no date. A datetime gives its day
    in ISM's time zone."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day) if timezone.is_aware(day) else day
    with _language(language):
        return date_format(day, "DATE_FORMAT")


def long_datetime(value: dt.datetime | None, language: str | None = None) -> str:
    """ "5 December 2026, 21:50" (DATETIME_FORMAT, 24-hour); "" for none."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    with _language(language):
        return date_format(value, "DATETIME_FORMAT")


def month_year(day: dt.date | None, language: str | None = None) -> str:
    """ "December 2026" (YEAR_MONTH_FORMAT); "" for none."""
    if day is None:
        return ""
    with _language(language):
        return date_format(day, "YEAR_MONTH_FORMAT")


def date_range(start: dt.date, end: dt.date, language: str | None = None) -> str:
    """A span of days in the one style, as short as the language allows: "1–5
    December 2025", "30 November–4 December 2026", "31 December 2025–2 January
    2026"; "1–5 de diciembre de 2025"; "1–5 декабря 2025 г.". Where the day does
    not come first (Chinese: 2025年12月1日), both dates in full."""
    from django.utils.formats import get_format

    if start == end:
        return long_date(start, language)
    with _language(language):
        day_first = get_format("DATE_FORMAT").startswith("j")
        if day_first and (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{long_date(end)}"
        if day_first and start.year == end.year:
            return f"{date_format(start, 'MONTH_DAY_FORMAT')}–{long_date(end)}"
        return f"{long_date(start)}–{long_date(end)}"
