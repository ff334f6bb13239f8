"""Contribution reminders in the six UN languages (issue 18): each default level
has its wording in Chinese, Russian and Arabic too, and a reminder goes out in the
invoice's language (the State's working language at issue), with its dates and
figures formatted for it."""

import datetime as dt

import pytest

from budgets.contributions.reminders import (
    load_reminder_policies,
    reminder_message,
)
from budgets.models import ReminderLevel, ReminderPolicy
from ism.dates import long_date
from tests.budgets.invoice_docs import issued_invoice


@pytest.fixture
def levels(apmbc):
    load_reminder_policies()
    return list(ReminderPolicy.objects.get(convention=apmbc).levels.all())


def test_every_default_level_has_the_six_languages(levels):
    for level in levels:
        for field in ("en", "fr", "es", "zh_hans", "ru", "ar"):
            assert getattr(level, f"subject_{field}"), (level, field)
            assert getattr(level, f"body_{field}"), (level, field)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ar", "تهدي وحدة دعم التنفيذ"),  # the note verbale's opening
        ("ru", "свидетельствует свое уважение"),
        ("zh-hans", "执行支助股向"),
    ],
)
def test_a_note_verbale_goes_out_in_the_invoices_language(
    levels, apmbc, state_a, language, words
):
    invoice = issued_invoice(apmbc, state_a, language=language)
    note = next(level for level in levels if level.offset_days == -30)

    subject, body = reminder_message(invoice, note)

    assert words in body
    assert invoice.number in subject
    assert long_date(invoice.due_date, language) in body


def test_default_levels_gain_the_languages_they_lack_edited_ones_stay(levels):
    untouched, edited = levels[0], levels[1]
    ReminderLevel.objects.filter(pk=untouched.pk).update(subject_ar="", body_ar="")
    ReminderLevel.objects.filter(pk=edited.pk).update(
        body_en="Edited by staff", subject_ru="", body_ru=""
    )

    assert load_reminder_policies() == 0

    untouched.refresh_from_db()
    edited.refresh_from_db()
    assert untouched.body_ar.startswith("تهدي")
    assert edited.body_ru == ""  # staff changed it: left as it is


def test_a_president_letter_in_chinese(levels, apmbc, state_a):
    invoice = issued_invoice(
        apmbc, state_a, language="zh-hans", due_date=dt.date(2026, 3, 31)
    )
    letter = next(level for level in levels if level.offset_days == 90)
    _subject, body = reminder_message(invoice, letter)
    assert body.startswith("阁下：")
    assert "2026年3月31日" in body
