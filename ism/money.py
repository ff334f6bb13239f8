"""Money helpers: exact arithmetic, never mixing currencies, display by locale."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import NumberPattern, format_currency, parse_pattern
from djmoney.money import Money
from djmoney.settings import DECIMAL_PLACES
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

ZERO = Decimal("0")
UNIT = Decimal("1")
CENT = Decimal("0.01")
# MoneyField(max_digits=14, decimal_places=2): twelve digits before the point.
MONEY_LIMIT = Decimal(10) ** 12


def amount_problem(amount: Decimal) -> str | None:
    """What is wrong with an amount someone typed, or None: the one rule for an
    amount of money in ISM (budgets' clean_money, sponsorship decisions). A
    Decimal parses "1e309", "inf" and "nan" without complaint; none is money."""
    from django.utils.translation import gettext as _

    if not amount.is_finite():
        return _("Enter a number.")
    if amount < 0:
        return _("An amount cannot be negative.")
    if amount >= MONEY_LIMIT:
        return _("This amount is too large.")
    if amount != amount.quantize(CENT):
        return _("Use at most two decimal places.")
    return None


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined without a stated rate."""


def round_half_up(value: Decimal, quantum: Decimal = UNIT) -> Decimal:
    """Financial rounding (0.5 goes up), as published budgets round."""
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def money_sum(amounts: Iterable[Money], currency: str) -> Money:
    """Sum amounts that must all be in `currency`; a stray currency is an error.
    The Decimals are added and one Money made, with the most decimal places of
    any amount, as django-money's `+` keeps them: a Money per addition was most
    of a budget's figures, which the budgets list computes for 50 budgets an
    answer (bench/bench_api.py, api.budgets)."""
    total = ZERO
    places = DECIMAL_PLACES
    for amount in amounts:
        if str(amount.currency) != currency:
            raise CurrencyMismatch(
                f"cannot add {amount.currency} to a total in {currency}"
            )
        total += amount.amount
        places = max(places, getattr(amount, "decimal_places", None) or 0)
    return Money(total, currency, decimal_places=places)


def totals_by_currency(amounts: Iterable[Money]) -> dict[str, Money]:
    """Sum per currency: the only honest total of mixed-currency amounts."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for amount in amounts:
        totals[str(amount.currency)] += amount.amount
    return {code: Money(value, code) for code, value in sorted(totals.items())}


# Locales whose published documents group thousands with an apostrophe.
_LOCALE_ALIASES = {"fr": "fr_CH", "de": "de_CH", "en": "en", "es": "es"}


def babel_locale(language: str | None) -> str:
    language = (language or "en").replace("-", "_")
    return _LOCALE_ALIASES.get(language, language)


# Swiss financial documents group thousands with an apostrophe in French as in German
# (the published budgets: "50'000"); CLDR gives fr_CH a narrow no-break space, which
# also has no glyph in the documents' fonts.
_SWISS_GROUPING = {"fr_CH": "\u2019"}
_CLDR_GROUP_SPACES = ("\u202f", "\u00a0")


@functools.lru_cache(maxsize=64)
def _amount_format(locale: str, places: int) -> tuple[NumberPattern, Locale]:
    """The pattern and locale format_amount applies, parsed once: Babel's
    format_decimal parses both on every call, two thirds of its time, and a page
    of 190 States' positions formats over a thousand amounts."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return parse_pattern(pattern), Locale.parse(locale)


def format_amount(
    value: Decimal, language: str | None = None, *, places: int = 0
) -> str:
    """769221 → "769,221" (en) or "769’221" (fr-CH, de-CH)."""
    locale = babel_locale(language)
    pattern, parsed = _amount_format(locale, places)
    text = pattern.apply(value, parsed)
    group = _SWISS_GROUPING.get(locale)
    if group:
        for space in _CLDR_GROUP_SPACES:
            text = text.replace(space, group)
    return text


def format_money(money: Money, language: str | None = None, *, places: int = 2) -> str:
    return format_currency(
        money.amount,
        str(money.currency),
        locale=babel_locale(language),
        currency_digits=False,
        format="¤ #,##0" + ("." + "0" * places if places else ""),
    )


# --- Money in JSON ----------------------------------------------------------------
# The API's one shape of an amount, for every app: {"amount": "769221.00", "currency":
# "CHF"}, strings so no client reads a float (STYLE: "strings, never floats").


def money_json(value: Money | None) -> dict[str, str] | None:
    """769221 CHF → {"amount": "769221.00", "currency": "CHF"}; None stays None."""
    if value is None:
        return None
    return {
        "amount": format(value.amount.quantize(CENT), "f"),
        "currency": str(value.currency),
    }


class MoneySerializer(serializers.Serializer):
    """The schema of an amount; MoneyField does the work."""

    amount = serializers.CharField(
        help_text="Decimal amount as a string with two decimals, e.g. 769221.00."
    )
    currency = serializers.CharField(help_text="ISO 4217 code, e.g. CHF.")

    class Meta:
        ref_name = "Money"


@extend_schema_field(MoneySerializer)
class MoneyField(serializers.Field):
    """A read-only Money as {"amount": "769221.00", "currency": "CHF"}."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Money) -> dict[str, str] | None:
        return money_json(value)
