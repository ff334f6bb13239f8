"""The budget document holds real text with the published figures, formatted for the
document's language.

Expected figures come from ism/reference and are formatted here independently:
Python's own grouping for English, Babel's Swiss French locale for French.
"""

import io
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from pypdf import PdfReader

from budgets.documents import budget_document_queryset, budget_pdf_bytes
from budgets.tasks import budget_render_pdf
from tests.budgets.factories import (  # noqa: F401
    import_reference,
    private_media,
    reference,
)

APMBC = "apmbc-2026-budget.json"
CCM = "ccm-2024-budget.json"


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def stored_text(budget) -> str:
    """The text of the document as the task stores it."""
    budget_render_pdf(budget.pk)
    budget.refresh_from_db()
    with budget.pdf.open("rb") as stored:
        return text_of(stored.read())


def english(amount) -> str:
    return f"{int(Decimal(amount)):,}"  # 769221 → "769,221"


def swiss(amount, locale) -> str:
    return format_decimal(int(Decimal(amount)), locale=locale)


# Babel's fr_CH groups with U+202F (narrow no-break space). The document's font has
# no glyph of its own for it, so HarfBuzz draws the space glyph and text extraction
# gives back an ordinary space: compare with every space-like character as " ".
SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})


def spaced(text: str) -> str:
    return text.translate(SPACES)


def line_amount(data, label) -> str:
    [line] = [line for line in data["lines"] if line["label"] == label]
    return line["amount"]


def test_the_apmbc_2026_document_holds_the_published_figures(apmbc):
    data = reference(APMBC)
    budget = import_reference(APMBC)

    text = stored_text(budget)

    expected = data["expected_totals"]
    assert english(expected["staff_subtotal"]) in text  # 679,221
    assert english(expected["travel_and_other_subtotal"]) in text  # 90,000
    assert english(expected["total"]) in text  # 769,221
    assert english(line_amount(data, "Salaries")) in text  # 568,386
    assert english(line_amount(data, "Social security")) in text  # 110,835
    coverage = Decimal(data["buffer_fund"]["coverage_of_total"]) * 100
    assert f"{coverage:.1f}%" in text  # 98.6%
    assert english(data["buffer_fund"]["balance"]) in text  # 758,655
    assert data["staff"]["total_fte"] in text  # 3.6


def test_the_apmbc_document_shows_the_earmarked_project_in_its_own_currency(apmbc):
    data = reference(APMBC)
    [project] = data["earmarked_projects"]
    budget = import_reference(APMBC)

    text = stored_text(budget)

    assert (
        f"{project['currency']} {english(project['amount'])}" in text
    )  # EUR 2,700,000
    assert project["instrument"] in text.replace("\n", " ")


def test_the_ccm_2024_document_holds_the_published_figures(ccm):
    data = reference(CCM)
    budget = import_reference(CCM)

    text = stored_text(budget)

    assert english(data["expected_totals"]["total"]) in text  # 477,724
    assert english(line_amount(data, "Social security")) in text  # 69,621
    assert english(line_amount(data, "Salaries")) in text  # 348,103
    assert data["document_symbol"] in text  # CCM/MSP/2023/2
    # The ordered assumptions, as published.
    flat = " ".join(text.split())
    positions = [flat.find(a) for a in data["assumptions"]]
    assert -1 not in positions
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        (APMBC, ["staff_subtotal", "travel_and_other_subtotal", "total"]),
        (CCM, ["total"]),
    ],
)
def test_in_french_the_figures_are_grouped_as_in_swiss_french(apmbc, ccm, name, keys):
    data = reference(name)
    budget = budget_document_queryset().get(pk=import_reference(name).pk)

    text = text_of(budget_pdf_bytes(budget, "fr"))

    amounts = [data["expected_totals"][key] for key in keys]
    amounts.append(line_amount(data, "Social security"))
    for amount in amounts:
        # Swiss apostrophe grouping, as in the published documents ("50'000").
        assert english(amount).replace(",", "\u2019") in text  # 769’221
        assert english(amount) not in text  # never 769,221


def test_in_swiss_german_the_figures_are_grouped_with_an_apostrophe(apmbc):
    data = reference(APMBC)
    budget = budget_document_queryset().get(pk=import_reference(APMBC).pk)

    text = text_of(budget_pdf_bytes(budget, "de"))

    total = data["expected_totals"]["total"]
    assert swiss(total, "de_CH") in text  # 769’221, with Babel's apostrophe
    assert "’" in swiss(total, "de_CH")


def test_the_document_is_real_text_with_the_title_block(ccm):
    budget = import_reference(CCM)

    text = stored_text(budget)

    assert budget.convention.name in text.replace("\n", " ")
    if budget.meeting:
        assert budget.meeting in text.replace("\n", " ")
    if budget.agenda_item:
        assert budget.agenda_item in text
