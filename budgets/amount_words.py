"""Amounts in words, as an invoice states them beside the figures ("Seven hundred
and sixty-nine thousand two hundred and twenty-one Swiss francs and 50/100").

English is spelt out here (British usage, as UN documents write it: "and" before
the last tens and units). French, Spanish, Russian and Arabic come from num2words;
its words are then fitted to the currency noun that follows them ("un millón de
francos", "veintiún francos"; Arabic's "و" joined to the word it joins). num2words
has no Chinese: it is spelt here in the capital numerals (大写) Chinese financial
documents write amounts in, so that no figure can be altered (柒拾陆万玖仟贰佰贰拾壹).
Babel gives the currency's name in each language, in the plural form CLDR gives
the number. Any other language falls back to English rather than to figures alone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_name
from django.utils.text import capfirst

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

# The connecting word before the cents: "... francs and 50/100"; Chinese says it
# as a mixed number does (又).
_AND = {"en": "and", "fr": "et", "es": "con", "ru": "и", "ar": "و", "zh": "又"}
_SPELLED = tuple(_AND)

_ZH_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_ZH_GROUPS = ("", "万", "亿", "万亿")  # every four digits


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


def _zh_below_10000(n: int) -> str:
    out, zero = "", False
    for digit, unit in zip(f"{n:04d}", ("仟", "佰", "拾", ""), strict=True):
        if digit == "0":
            zero = bool(out)  # one 零 for a gap inside the group, none at its end
            continue
        out += ("零" if zero else "") + _ZH_DIGITS[int(digit)] + unit
        zero = False
    return out


def number_to_words_zh(n: int) -> str:
    """0 → 零, 10 → 壹拾, 1005 → 壹仟零伍, 769221 → 柒拾陆万玖仟贰佰贰拾壹,
    100000005 → 壹亿零伍: capital numerals, 万 and 亿 every four digits, one 零
    for each gap."""
    if n < 0 or n >= 10**16:
        raise ValueError("cannot spell out")
    if n == 0:
        return _ZH_DIGITS[0]
    groups = []
    while n:
        n, group = divmod(n, 10000)
        groups.append(group)
    out, gap = "", False
    for group, name in reversed(list(zip(groups, _ZH_GROUPS, strict=False))):
        if not group:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _zh_below_10000(group) + name
        gap = False
    return out


def number_to_words(n: int, language: str) -> str:
    """The whole number `n` in words in `language` (en, fr, es, ru, ar, zh; else
    English)."""
    language = (language or "en")[:2]
    if language == "en" or language not in _SPELLED:
        return number_to_words_en(n)
    if language == "zh":
        return number_to_words_zh(n)
    from num2words import num2words

    words = num2words(n, lang=language)
    # Arabic writes "and" joined to the word it joins: "مائة وواحد".
    return words.replace(" و ", " و") if language == "ar" else words


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
    space = "" if language == "zh" else " "  # Chinese runs on without spaces
    text = f"{words}{space}{noun}"
    if cents:
        text += f"{space}{_AND[language]}{space}{cents:02d}/100"
    return capfirst(text)
