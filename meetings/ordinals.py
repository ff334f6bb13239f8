"""Ordinal words for numbered meetings ("Twenty-Second Meeting of the States
Parties"), as the conventions' documents spell them."""

from __future__ import annotations

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


def ordinal_word(number: int) -> str:
    """22 → "Twenty-Second"; 1..99 (the conventions have not needed more)."""
    if not 1 <= number <= 99:
        raise ValueError(f"no ordinal word for {number}")
    if number < 20:
        return _UNITS[number]
    tens, units = divmod(number, 10)
    exact, prefix = _TENS[tens]
    return exact if units == 0 else f"{prefix}-{_UNITS[units]}"
