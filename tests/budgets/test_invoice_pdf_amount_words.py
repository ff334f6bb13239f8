"""Amounts in words, as an invoice states them beside the figures. English is
ISM's own (checked here against the rules of British usage); French and Spanish
come from num2words, fitted to the currency noun that follows them."""

from decimal import Decimal

import pytest

from budgets.amount_words import amount_in_words, number_to_words_en


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (40, "forty"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (101, "one hundred and one"),
        (110, "one hundred and ten"),
        (1000, "one thousand"),
        (1005, "one thousand and five"),
        (1100, "one thousand one hundred"),
        (21000, "twenty-one thousand"),
        (1_000_001, "one million and one"),
        (2_000_000_000, "two billion"),
        (
            1_362_200,
            "one million three hundred and sixty-two thousand two hundred",
        ),
        (
            769_221,
            "seven hundred and sixty-nine thousand two hundred and twenty-one",
        ),
    ],
)
def test_it_spells_whole_numbers_in_british_english(number, words):
    assert number_to_words_en(number) == words


def test_it_says_the_currency_in_the_plural_or_singular_and_the_cents_over_100():
    assert amount_in_words(Decimal("117469.14"), "CHF") == (
        "One hundred and seventeen thousand four hundred and sixty-nine Swiss "
        "francs and 14/100"
    )
    assert amount_in_words(Decimal("1"), "USD") == "One US dollar"
    assert amount_in_words(Decimal("2000000.05"), "EUR") == (
        "Two million euros and 05/100"
    )


def test_it_leaves_the_sign_to_the_document():
    words = amount_in_words(Decimal("-250"), "CHF")
    assert words == "Two hundred and fifty Swiss francs"


def test_french_says_de_after_a_round_million():
    assert amount_in_words(Decimal("2000000"), "CHF", "fr") == (
        "Deux millions de francs suisses"
    )
    assert amount_in_words(Decimal("21.30"), "CHF", "fr") == (
        "Vingt et un francs suisses et 30/100"
    )


def test_spanish_shortens_uno_before_the_currency():
    assert amount_in_words(Decimal("21"), "CHF", "es") == "Veintiún francos suizos"
    assert amount_in_words(Decimal("1"), "CHF", "es") == "Un franco suizo"
    assert amount_in_words(Decimal("1000000"), "USD", "es") == (
        "Un millón de dólares estadounidenses"
    )


def test_another_language_falls_back_to_english_words():
    # ISM writes to States in the six UN languages; any other gets English.
    assert amount_in_words(Decimal("3"), "CHF", "de") == "Three Swiss francs"
