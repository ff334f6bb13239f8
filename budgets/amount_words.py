"""Amounts in words, as an invoice states them beside the figures ("Seven hundred
and sixty-nine thousand two hundred and twenty-one Swiss francs and 50/100").

English is spelt out here (British usage, as UN documents write it: "and" before
the last tens and units). French and Spanish come from num2words; its words are
then fitted to the currency noun that follows them ("un millón de francos",
"veintiún francos"). Babel gives the currency's name in each language. Any other
language falls back to English rather than to figures alone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_name

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = [
    "",
    "",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
]
# Short scale, as English has used it officially since 1974.
_SCALES = [
    (10**12, "trillion"),
    (10**9, "billion"),
    (10**6, "million"),
    (10**3, "thousand"),
]

# The connecting word before the cents: "... francs and 50/100".
_AND = {"en": "and", "fr": "et", "es": "con"}
_SPELLED = ("en", "fr", "es")


def _below_hundred(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, units = divmod(n, 10)
    return _TENS[tens] + (f"-{_UNITS[units]}" if units else "")


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _below_hundred(rest)
    words = f"{_UNITS[hundreds]} hundred"
    return f"{words} and {_below_hundred(rest)}" if rest else words


def number_to_words_en(n: int) -> str:
    """0 → "zero", 1,362,200 → "one million three hundred and sixty-two thousand
    two hundred", 1,005 → "one thousand and five" (British: "and" joins a last
    group below one hundred)."""
    if n < 0:
        return "minus " + number_to_words_en(-n)
    if n >= 10**15:
        raise ValueError("too large to spell out")
    if n < 1000:
        return _below_thousand(n)
    parts = []
    rest = n
    for value, name in _SCALES:
        count, rest = divmod(rest, value)
        if count:
            parts.append(f"{_below_thousand(count)} {name}")
    if rest:
        parts.append(("and " if rest < 100 else "") + _below_thousand(rest))
    return " ".join(parts)


def number_to_words(n: int, language: str) -> str:
    """The whole number `n` in words in `language` (en, fr, es; else English)."""
    language = (language or "en")[:2]
    if language == "en" or language not in _SPELLED:
        return number_to_words_en(n)
    from num2words import num2words

    return num2words(n, lang=language)


def _fit_to_noun(words: str, language: str) -> str:
    """Number words as they stand before a (masculine) currency noun."""
    if language == "fr":
        # "un million de francs", "deux milliards de francs".
        if words.endswith(("million", "millions", "milliard", "milliards")):
            return f"{words} de"
    elif language == "es":
        if words.endswith(("millón", "millones")):
            return f"{words} de"
        # Apocope before a masculine noun: "veintiún francos", "un franco".
        if words.endswith("veintiuno"):
            return words[: -len("veintiuno")] + "veintiún"
        if words == "uno" or words.endswith(" uno"):
            return words[:-1]
    return words


def amount_in_words(amount: Decimal, currency: str, language: str = "en") -> str:
    """Decimal("769221.50"), "CHF" → "Seven hundred and sixty-nine thousand two
    hundred and twenty-one Swiss francs and 50/100". The sign is left to the
    document (a counter-invoice says "credited"); whole amounts have no "/100"."""
    language = (language or "en")[:2]
    if language not in _SPELLED:
        language = "en"
    value = abs(Decimal(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = int(value)
    cents = int((value - whole) * 100)
    words = _fit_to_noun(number_to_words(whole, language), language)
    # CLDR's plural forms: "one Swiss franc", "zero Swiss francs".
    noun = get_currency_name(currency, count=whole if whole else 2, locale=language)
    text = f"{words} {noun}"
    if cents:
        text += f" {_AND[language]} {cents:02d}/100"
    return text[:1].upper() + text[1:]
