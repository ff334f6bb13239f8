"""One date style and a 24-hour clock (issue 19): a history row, a table, a thread
and the statement PDF write the same moment the same way ("5 December 2026",
"5 December 2026, 21:48"), in every language ISM offers, from the formats of
ism/formats (FORMAT_MODULE_PATH) — templates name them, Python uses ism.dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from budgets.contributions import documents as contribution_documents
from budgets.contributions.statements import state_ledger
from ism import dates
from ism.audit import audit_record, history_of
from ism.models import AuditEvent
from reporting import documents as reporting_documents
from tests.budgets.contrib import issue_invoice

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
GENEVA = ZoneInfo(settings.TIME_ZONE)
# An evening, so a 12-hour clock would show itself ("9:48 p.m.").
MOMENT = dt.datetime(2026, 12, 5, 21, 48, tzinfo=GENEVA)
DAY = MOMENT.date()
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# In each language: the day, and the day with the time.
EXPECTED = {
    "en": ("5 December 2026", "5 December 2026, 21:48"),
    "fr": ("5 décembre 2026", "5 décembre 2026, 21:48"),
    "es": ("5 de diciembre de 2026", "5 de diciembre de 2026, 21:48"),
    "zh-hans": ("2026年12月5日", "2026年12月5日 21:48"),
    "ru": ("5 декабря 2026 г.", "5 декабря 2026 г., 21:48"),
    "ar": ("5 ديسمبر 2026", "5 ديسمبر 2026، 21:48"),
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def history_row(obj) -> str:
    with transaction.atomic():
        event = audit_record(actor=None, verb="edited", obj=obj, changes={})
    AuditEvent.objects.filter(pk=event.pk).update(at=MOMENT)
    return text_of(render_to_string("ism/_history.html", {"history": history_of(obj)}))


def thread_time() -> str:
    """A work-plan thread with one comment written at MOMENT."""
    author = SimpleNamespace(get_full_name="Ann Staff", username="ann")
    comment = SimpleNamespace(author=author, created_at=MOMENT, text="Fine.")
    thread = SimpleNamespace(
        pk=1,
        is_open=True,
        version=None,
        statement_text="",
        result=None,
        comments=SimpleNamespace(all=lambda: [comment]),
    )
    return text_of(render_to_string("workplans/_thread.html", {"thread": thread}))


def test_every_surface_writes_the_same_moment_the_same_way(
    client_for, focal_a, apmbc, state_a
):
    invoice = issue_invoice(
        apmbc, state_a, "1000.00", issue_date=DAY, due_date=DAY + dt.timedelta(60)
    )
    day, moment = EXPECTED["en"]

    history = history_row(invoice)
    table = (
        client_for(focal_a)
        .get(reverse("budgets:state-contributions", args=[state_a.iso3, "APMBC"]))
        .content.decode()
    )
    thread = thread_time()
    statement = contribution_documents.statement_pdf_context(
        state_ledger(convention=apmbc, state=state_a), "en"
    )

    assert moment in history
    assert f"<td>{day}</td>" in table  # the invoice's issue date, in its table
    assert moment in thread
    assert statement["entries"][0]["date"] == day
    assert statement["last_movement"] == day
    # None of the four old ways is left.
    for surface in (history, table, thread, str(statement)):
        for old in ("Dec.", "Dec 5", "5 Dec 2026", "p.m.", "a.m."):
            assert old not in surface


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_one_style_and_a_24_hour_clock(language, apmbc):
    day, moment = EXPECTED[language]
    with translation.override(language):
        assert date_format(MOMENT, "TIME_FORMAT") == "21:48"
        assert date_format(MOMENT.replace(hour=9, minute=5), "TIME_FORMAT") == "09:05"
        assert date_format(MOMENT, "DATETIME_FORMAT") == moment
        assert date_format(DAY, "DATE_FORMAT") == day
        history = history_row(apmbc)
    assert moment in history
    assert dates.long_datetime(MOMENT, language) == moment
    for noon in ("p.m.", "a.m.", " PM", " AM"):
        assert noon not in history


@pytest.mark.parametrize("language", LANGUAGES)
def test_documents_write_dates_with_the_same_helper(language):
    day, _moment = EXPECTED[language]

    assert dates.long_date(DAY, language) == day
    assert contribution_documents.long_date(DAY, language) == day
    assert reporting_documents.long_date(DAY, language) == day
    # A datetime gives its own day where ISM is, not UTC's.
    late = dt.datetime(2026, 12, 5, 23, 30, tzinfo=GENEVA)
    assert dates.long_date(late.astimezone(dt.UTC), language) == day


# Formats a template may name: the named ones, and the machine ones (ISO dates in
# <time datetime>, <input value>, a URL's month, a PDF's metadata).
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT"}
NAMED |= {"TIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"}
MACHINE = {"Y-m-d", r"Y-m-d\TH:i:sO", "c", "Y-m"}


def test_templates_name_the_format_instead_of_writing_a_pattern():
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        for pattern in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text()):
            if pattern not in NAMED | MACHINE:
                found.setdefault(str(path.relative_to(TEMPLATES)), []).append(pattern)
        # A bare |date is DATE_FORMAT too, but say it.
        assert not re.search(r"\|date(?!:)", path.read_text()), path
    assert found == {}


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("en", dt.date(2025, 12, 1), dt.date(2025, 12, 5), "1–5 December 2025"),
        (
            "en",
            dt.date(2026, 11, 30),
            dt.date(2026, 12, 4),
            "30 November–4 December 2026",
        ),
        (
            "en",
            dt.date(2025, 12, 31),
            dt.date(2026, 1, 2),
            "31 December 2025–2 January 2026",
        ),
        ("en", dt.date(2025, 1, 27), dt.date(2025, 1, 27), "27 January 2025"),
        ("fr", dt.date(2025, 12, 1), dt.date(2025, 12, 5), "1–5 décembre 2025"),
        (
            "es",
            dt.date(2026, 11, 30),
            dt.date(2026, 12, 4),
            "30 de noviembre–4 de diciembre de 2026",
        ),
        ("ru", dt.date(2025, 12, 1), dt.date(2025, 12, 5), "1–5 декабря 2025 г."),
        (
            "zh-hans",
            dt.date(2025, 12, 1),
            dt.date(2025, 12, 5),
            "2025年12月1日–2025年12月5日",
        ),
        ("ar", dt.date(2025, 12, 1), dt.date(2025, 12, 5), "1–5 ديسمبر 2025"),
    ],
)
def test_a_meetings_days_read_in_the_pages_language(language, start, end, expected):
    from meetings.models import Meeting

    meeting = Meeting(start=start, end=end)
    with translation.override(language):
        assert meeting.dates_label == expected
    assert dates.date_range(start, end, language) == expected
