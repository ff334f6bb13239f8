"""The budget document in the six UN languages (issue 18): chosen with ?lang=,
stored apart from the English one, with its headings from the catalogue, its
figures in the locale's format, the same symbol and "Original: English".

Text is read back with pdftotext (poppler), as a reader copying it would get it.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from budgets.documents import budget_document_queryset, budget_pdf_bytes
from budgets.models import Budget
from ism.document_languages import DOCUMENT_LANGUAGES
from ism.models import TranslatedDocument
from ism.money import format_amount
from tests.budgets.factories import (  # noqa: F401
    import_reference,
    private_media,
    reference,
)
from tests.budgets.invoice_docs import get, tasks_in_process  # noqa: F401
from tests.pdftext import flat, pdftotext

APMBC = "apmbc-2026-budget.json"
HEADINGS = [
    "Staff costs",
    "Salaries",
    "Social security",
    "Staff costs subtotal",
    "Travel and other support subtotal",
    "Total",
    "Buffer fund",
]
# The Chinese APMBC 2026 budget and work plan (../shared/seeds/
# apmbc-isu-2026-budget-and-workplan.zh.txt, its table "执行支助股 2026 年预算"):
# the words the Chinese document must use for the same headings.
SEED_TERMS = {
    "Staff costs": "工作人员费用",
    "Salaries": "薪金",
    "Social security": "社保费用",
    "Staff costs subtotal": "工作人员费用小计",
    "Travel and other support subtotal": "差旅和其他支助小计",
    "Total": "合计",
    "Buffer fund": "缓冲基金",
}


@pytest.fixture
def apmbc_2026(apmbc):
    return budget_document_queryset().get(pk=import_reference(APMBC).pk)


@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
def test_the_apmbc_2026_document_in_each_language(apmbc_2026, language):
    data = reference(APMBC)
    text = flat(pdftotext(budget_pdf_bytes(apmbc_2026, language)))

    total = format_amount(Decimal(data["expected_totals"]["total"]), language)
    assert flat(total) in text  # 769,221 / 769’221 / 769.221 / 769 221
    with translation.override(language):
        headings = {msgid: translation.gettext(msgid) for msgid in HEADINGS}
    for msgid, msgstr in headings.items():
        if language != "en" and msgid != "Total":  # "Total" in French and Spanish
            assert msgstr != msgid, f"{msgid!r} untranslated in {language}"
        assert flat(msgstr) in text, (language, msgstr)
    if apmbc_2026.document_symbol:
        assert apmbc_2026.document_symbol in text  # the same symbol in every one
    assert ("Original" in text) == (language != "en")


def test_the_chinese_headings_are_the_seed_documents_terms(apmbc_2026):
    text = flat(pdftotext(budget_pdf_bytes(apmbc_2026, "zh-hans")))
    with translation.override("zh-hans"):
        for msgid, term in SEED_TERMS.items():
            assert translation.gettext(msgid) == term
            assert term in text


@pytest.mark.usefixtures("tasks_in_process")
def test_lang_picks_the_language_and_each_is_stored_apart(client_for, isu_staff, apmbc):
    budget = import_reference(APMBC)
    client = client_for(isu_staff)
    url = reverse("budgets:pdf", args=[budget.pk])

    english = get(client, url)  # rendered where queued (tasks_in_process)
    arabic = get(client, url, data={"lang": "ar"})
    chinese = get(client, url, data={"lang": "zh-hans"})

    assert english["Content-Disposition"].endswith('-v1.pdf"')
    assert arabic["Content-Disposition"].endswith('-v1-ar.pdf"')
    english_text = pdftotext(english.body)
    arabic_text = pdftotext(arabic.body)
    chinese_text = pdftotext(chinese.body)
    assert "Staff costs" in english_text
    assert "工作人员费用" in chinese_text
    with translation.override("ar"):
        assert flat(translation.gettext("Staff costs")) in flat(arabic_text)
    budget.refresh_from_db()
    assert budget.pdf  # the English one, in the budget's own field
    stored = TranslatedDocument.objects.filter(kind="budget", owner_id=budget.pk)
    assert sorted(stored.values_list("language", flat=True)) == ["ar", "zh-hans"]
    # Asked again: served from the store, nothing rendered.
    before = {row.language: row.pdf.name for row in stored}
    get(client, url, data={"lang": "ar"})
    assert {row.language: row.pdf.name for row in stored.all()} == before


@pytest.mark.usefixtures("tasks_in_process")
def test_a_changed_budget_renders_its_translation_again(client_for, isu_staff, apmbc):
    budget = import_reference(APMBC)
    client = client_for(isu_staff)
    url = reverse("budgets:pdf", args=[budget.pk])
    get(client, url, data={"lang": "fr"})
    first = TranslatedDocument.objects.get(kind="budget", owner_id=budget.pk)
    Budget.objects.filter(pk=budget.pk).update(revision=budget.revision + 1)

    get(client, url, data={"lang": "fr"})

    again = TranslatedDocument.objects.get(pk=first.pk)
    assert again.pdf_revision == budget.revision + 1
    assert again.pdf.name != first.pdf.name


@pytest.mark.usefixtures("tasks_in_process")
def test_a_language_is_read_as_the_api_reads_it(client_for, isu_staff, apmbc):
    """?lang= names one of the six however it is written; anything else is a 400
    that says so, as on the API (ism.params.query_language, the one rule)."""
    budget = import_reference(APMBC)
    url = reverse("budgets:pdf", args=[budget.pk])
    client = client_for(isu_staff)
    refused = client.get(url, data={"lang": "xx"})
    assert refused.status_code == 400
    assert "lang must be one of" in refused.content.decode()
    assert not TranslatedDocument.objects.exists()
    answer = get(client, url, data={"lang": "fr-CH"})
    assert TranslatedDocument.objects.get().language == "fr"
    assert answer["Content-Disposition"].endswith('.pdf"')
