"""Ordinal words for numbered meetings ("Twenty-Sixth Meeting of the High
Contracting Parties", "Vingt-sixième Réunion…", "Vigésima Sexta Reunión…"), in
each of the six languages as the UN's documents in that language spell them.

A meeting kind's title pattern (meetings.models.kinds.MeetingKind) places the
word with `{ordinal}`, and chooses the grammatical gender of its noun with a
format spec: `{ordinal:f}` (feminine: la Réunion, la Reunión, конференция),
`{ordinal:n}` (neuter: совещание), `{ordinal}` or `{ordinal:m}` (masculine).
`{number}` is the number in digits. English and Chinese have no gender.

num2words gives the French and Russian forms used here; its Spanish ordinals
run the tens into one word ("décimoprimero") where the UN writes "Undécima", and
its Arabic ones are cardinals, so those two and English are written out below."""

from __future__ import annotations

from django.utils.text import capfirst
from num2words import num2words

_UNITS = [
    "",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
]
_TENS = {
    2: ("Twentieth", "Twenty"),
    3: ("Thirtieth", "Thirty"),
    4: ("Fortieth", "Forty"),
    5: ("Fiftieth", "Fifty"),
    6: ("Sixtieth", "Sixty"),
    7: ("Seventieth", "Seventy"),
    8: ("Eightieth", "Eighty"),
    9: ("Ninetieth", "Ninety"),
}
GENDERS = ("m", "f", "n")


def _check(number: int) -> None:
    if not 1 <= number <= 99:
        raise ValueError(f"no ordinal word for {number}")


def ordinal_word(number: int) -> str:
    """22 → "Twenty-Second"; 1..99 (the conventions have not needed more)."""
    _check(number)
    if number < 20:
        return _UNITS[number]
    tens, units = divmod(number, 10)
    exact, prefix = _TENS[tens]
    return exact if units == 0 else f"{prefix}-{_UNITS[units]}"


def _french(number: int, gender: str) -> str:
    # "Première Réunion", "Vingt-sixième Réunion": only "premier" has a feminine.
    word = num2words(number, lang="fr", to="ordinal")
    if number == 1 and gender == "f":
        word = "première"
    return capfirst(word)


_ES_UNITS = [
    "",
    "primero",
    "segundo",
    "tercero",
    "cuarto",
    "quinto",
    "sexto",
    "séptimo",
    "octavo",
    "noveno",
]
_ES_TENS = [
    "",
    "décimo",
    "vigésimo",
    "trigésimo",
    "cuadragésimo",
    "quincuagésimo",
    "sexagésimo",
    "septuagésimo",
    "octogésimo",
    "nonagésimo",
]


def _spanish(number: int, gender: str) -> str:
    # UN Spanish: "Undécima Reunión", "Decimotercera Reunión", "Vigésima Sexta
    # Reunión"; before a masculine noun "Primer", "Tercer" ("Vigésimo Primer
    # Período de Sesiones").
    tens, units = divmod(number, 10)
    if number in (11, 12):
        words = ["undécimo" if number == 11 else "duodécimo"]
    elif tens == 1 and units:
        words = ["decimo" + _ES_UNITS[units]]
    else:
        words = [w for w in (_ES_TENS[tens], _ES_UNITS[units]) if w]
    if gender == "f":
        words = [w[:-1] + "a" for w in words]
    elif words[-1].endswith(("primero", "tercero")):
        words[-1] = words[-1][:-1]
    return " ".join(capfirst(w) for w in words)


def _russian(number: int, gender: str) -> str:
    # "Двадцать шестое совещание", "Пятая конференция": the sentence capitalises.
    word = num2words(number, lang="ru", to="ordinal", gender=gender)
    return capfirst(word)


_AR_UNITS_M = [
    "",
    "الأول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
]
_AR_UNITS_F = [
    "",
    "الأولى",
    "الثانية",
    "الثالثة",
    "الرابعة",
    "الخامسة",
    "السادسة",
    "السابعة",
    "الثامنة",
    "التاسعة",
]
_AR_TENS = [
    "",
    "",
    "العشرون",
    "الثلاثون",
    "الأربعون",
    "الخمسون",
    "الستون",
    "السبعون",
    "الثمانون",
    "التسعون",
]


def _arabic(number: int, gender: str) -> str:
    # After the noun, with the article: "الاجتماع السادس والعشرون",
    # "الدورة الحادية عشرة"; compounds take "الحادي/الحادية" for one.
    feminine = gender == "f"
    units_words = _AR_UNITS_F if feminine else _AR_UNITS_M
    tens, units = divmod(number, 10)
    if number == 10:
        return "العاشرة" if feminine else "العاشر"
    if tens == 0:
        return units_words[units]
    first = units_words[units]
    if units == 1:
        first = "الحادية" if feminine else "الحادي"
    if tens == 1:
        return f"{first} {'عشرة' if feminine else 'عشر'}"
    return _AR_TENS[tens] if units == 0 else f"{first} و{_AR_TENS[tens]}"


_ZH_DIGITS = "〇一二三四五六七八九"


def _chinese(number: int, gender: str) -> str:
    # "第二十六次会议": the pattern adds the measure word.
    tens, units = divmod(number, 10)
    text = (_ZH_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "")
    return "第" + text + (_ZH_DIGITS[units] if units else "")


def _english(number: int, gender: str) -> str:
    return ordinal_word(number)


_WRITERS = {
    "en": _english,
    "fr": _french,
    "es": _spanish,
    "ru": _russian,
    "ar": _arabic,
    "zh-hans": _chinese,
}


def ordinal_in(number: int, language: str, gender: str = "m") -> str:
    """The ordinal word for `number` in `language` (one of the six), as it opens
    (or, in Arabic, follows) a meeting's title."""
    _check(number)
    if gender not in GENDERS:
        raise ValueError(f"unknown gender {gender!r}")
    return _WRITERS.get(language, _english)(number, gender)


class Ordinal:
    """`{ordinal}` in a title pattern: formats as the word in the pattern's
    language, the spec choosing the gender (`{ordinal:f}`)."""

    def __init__(self, number: int, language: str):
        self.number, self.language = number, language

    def __format__(self, spec: str) -> str:
        return ordinal_in(self.number, self.language, spec or "m")


def title_from_pattern(pattern: str, number: int, language: str) -> str:
    """A title pattern filled in: "{ordinal} Meeting of the High Contracting
    Parties" with 26 → "Twenty-Sixth Meeting of the High Contracting Parties".
    Raises ValueError for a pattern that cannot be filled."""
    try:
        return pattern.format(ordinal=Ordinal(number, language), number=number)
    except (KeyError, IndexError, AttributeError) as exc:
        raise ValueError(str(exc)) from exc
