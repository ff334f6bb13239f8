"""The invoice in the six UN languages (issue 18): written in the State's working
language, its amount in words in that language (Arabic right to left, Chinese in
capital numerals), and in any other on request (?lang=), stored apart."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from budgets.amount_words import amount_in_words, number_to_words_zh
from budgets.contributions.documents import invoice_pdf_bytes, invoice_pdf_context
from budgets.tasks import invoice_render_pdf
from ism.document_languages import DOCUMENT_LANGUAGES
from ism.documents import render_html
from ism.models import StateContact, TranslatedDocument
from tests.budgets.contrib import issue_invoice_today
from tests.budgets.factories import private_media  # noqa: F401
from tests.budgets.invoice_docs import (
    contact,
    get,
    issued_invoice,
    tasks_in_process,  # noqa: F401
)
from tests.pdftext import flat, in_order, pdftotext


def working_in(state, convention, language: str) -> None:
    """The State's contact for the convention names `language`."""
    contact(convention, state)
    StateContact.objects.filter(state=state).update(working_language=language)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "零"),
        (10, "壹拾"),
        (105, "壹佰零伍"),
        (1005, "壹仟零伍"),
        (1050, "壹仟零伍拾"),
        (10010, "壹万零壹拾"),
        (769_221, "柒拾陆万玖仟贰佰贰拾壹"),
        (2_000_000, "贰佰万"),
        (100_000_005, "壹亿零伍"),
        (1_000_100_000, "壹拾亿零壹拾万"),
    ],
)
def test_chinese_amounts_are_spelt_in_capital_numerals(number, words):
    assert number_to_words_zh(number) == words


def test_russian_arabic_and_chinese_say_the_currency_and_the_cents():
    amount = Decimal("1234.50")
    assert amount_in_words(amount, "CHF", "ru") == (
        "Одна тысяча двести тридцать четыре швейцарских франка и 50/100"
    )
    assert amount_in_words(amount, "CHF", "ar") == (
        "ألف ومئتان وأربعة وثلاثون فرنك سويسري و 50/100"
    )
    assert amount_in_words(amount, "CHF", "zh-hans") == "壹仟贰佰叁拾肆瑞士法郎又50/100"


def test_an_invoice_to_a_state_working_in_arabic(apmbc, state_a):
    working_in(state_a, apmbc, "ar")
    invoice = issue_invoice_today(apmbc, state_a, "1234.50", due_in_days=30)
    assert invoice.language == "ar"

    html = render_html("pdf/invoice.html", invoice_pdf_context(invoice), language="ar")
    assert '<html lang="ar" dir="rtl">' in html
    text = pdftotext(invoice_pdf_bytes(invoice))
    assert in_order("ألف ومئتان وأربعة وثلاثون فرنك سويسري", text)


@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
def test_the_amount_in_words_in_each_language(apmbc, state_a, language):
    # A whole amount: pdftotext reorders an Arabic line's "12/100" visually.
    invoice = issued_invoice(apmbc, state_a, amount="76540.00", language=language)
    text = pdftotext(invoice_pdf_bytes(invoice))
    words = amount_in_words(Decimal("76540"), "CHF", language)
    if language == "zh-hans":
        assert words in flat(text)  # no spaces to go by: whole
    else:
        assert in_order(words, text)


@pytest.mark.usefixtures("tasks_in_process")
def test_lang_gives_another_language_stored_apart(
    client_for, isu_staff, apmbc, state_a
):
    invoice = issued_invoice(apmbc, state_a, amount="76540.12", language="fr")
    invoice_render_pdf(invoice.pk)
    url = reverse("budgets:invoice-pdf", args=[invoice.pk])
    client = client_for(isu_staff)

    own = get(client, url)
    chinese = get(client, url, data={"lang": "zh-hans"})

    assert own["Content-Disposition"].endswith('APMBC-2026-0007.pdf"')
    assert chinese["Content-Disposition"].endswith('APMBC-2026-0007-zh-hans.pdf"')
    assert "Soixante-seize mille" in flat(pdftotext(own.body))
    assert "柒万陆仟伍佰肆拾瑞士法郎" in flat(pdftotext(chinese.body))
    [stored] = TranslatedDocument.objects.filter(kind="invoice", owner_id=invoice.pk)
    assert stored.language == "zh-hans"
    invoice.refresh_from_db()
    assert invoice.pdf  # its own, in French, untouched


@pytest.mark.usefixtures("tasks_in_process")
def test_the_statement_in_the_working_language_and_on_request(
    client_for, focal_a, apmbc, state_a
):
    working_in(state_a, apmbc, "ru")
    issued_invoice(apmbc, state_a, amount="76540.12", language="ru")
    url = reverse("budgets:state-statement-pdf", args=[state_a.iso3, apmbc.code])
    client = client_for(focal_a)

    own = get(client, url)
    arabic = get(client, url, data={"lang": "ar"})

    title = "Statement of account: %(state)s"
    with translation.override("ru"):
        russian_title = translation.gettext(title) % {"state": state_a}
    with translation.override("ar"):
        arabic_title = translation.gettext(title) % {"state": state_a}
    assert flat(russian_title) in flat(pdftotext(own.body))
    assert arabic["Content-Disposition"].endswith('-statement-ar.pdf"')
    assert flat(arabic_title.split(":")[0]) in flat(pdftotext(arabic.body))
