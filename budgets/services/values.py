"""Rules for single values of a budget — amounts, FTE, rates, text, dates — and
how a value is written in the audit trail. Each rule records its problem under the
field's key and returns INVALID, so that every problem of a document is found in
one pass (budgets.services.content)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from djmoney.money import Money

from ism.money import amount_problem

CENT = Decimal("0.01")
INVALID = object()  # a value that failed validation (its problem is recorded)


def verdict(judge, value: Any, *args) -> str | None:
    """What `judge` (clean_money, clean_fte, ...) says of one value: its message,
    or None. Forms ask it, so a page refuses with the service's own words."""
    p = Problems()
    judge(p, "value", value, *args)
    return p.errors["value"][0] if p.errors else None


class Problems:
    """Every problem found, keyed by field path; raised together or not at all."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> object:
        self.errors.setdefault(key, []).append(message)
        return INVALID

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _is_number(value: Any) -> bool:
    # bool is an int to Python, never a number to a user; floats are refused so that
    # no binary rounding ever reaches an amount.
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def _places_ok(value: Decimal, places: int) -> bool:
    return value == value.quantize(Decimal(1).scaleb(-places))


def clean_money(p: Problems, key: str, value: Any, currency: str, *, required=False):
    if value is None or value == "":
        return p.add(key, _("Enter an amount.")) if required else None
    if isinstance(value, Money):
        if str(value.currency) != currency:
            return p.add(
                key,
                _("Must be in %(currency)s, the budget's currency (not %(other)s).")
                % {"currency": currency, "other": value.currency},
            )
        amount = value.amount
    elif _is_number(value):
        amount = Decimal(value)
    else:
        return p.add(key, _("Enter a number."))
    if problem := amount_problem(amount):
        return p.add(key, problem)
    return Money(amount, currency)


def clean_fte(p: Problems, key: str, value: Any):
    if value is None or value == "":
        return p.add(key, _("Enter the FTE, e.g. 1 or 0.6."))
    if not _is_number(value) or not Decimal(value).is_finite():
        return p.add(key, _("Enter a number."))
    value = Decimal(value)
    if not (0 < value <= 1):
        return p.add(key, _("FTE must be more than 0 and at most 1."))
    if not _places_ok(value, 2):
        return p.add(key, _("Use at most two decimal places."))
    return value


def clean_rate(p: Problems, key: str, value: Any):
    """A share of salaries, 0..1 (0.195 is 19.5%)."""
    if value is None or value == "":
        return None
    if not _is_number(value) or not Decimal(value).is_finite():
        return p.add(key, _("Enter a number."))
    value = Decimal(value)
    if not (0 <= value <= 1):
        return p.add(key, _("The rate must be between 0% and 100%."))
    if not _places_ok(value, 5):
        return p.add(key, _("At most five decimal places (0.195 is 19.5%)."))
    return value


def clean_text(
    p: Problems,
    key: str,
    value: Any,
    max_length: int | None = None,
    *,
    required: str | None = None,
):
    """Stripped text; `required` is the message when it is empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required is not None:
            p.add(key, required)
        return ""
    if not isinstance(value, str):
        return p.add(key, _("Enter text."))
    value = value.strip()
    if max_length is not None and len(value) > max_length:
        return p.add(
            key,
            _("At most %(n)d characters (this has %(m)d).")
            % {
                "n": max_length,
                "m": len(value),
            },
        )
    return value


def clean_date(p: Problems, key: str, value: Any):
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return p.add(key, _("Enter a date."))
    return value


def clean_choice(p: Problems, key: str, value: Any, choices, *, blank=False):
    if blank and value in (None, ""):
        return ""
    if value not in choices.values:
        return p.add(
            key,
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)},
        )
    return value


def clean_count(p: Problems, key: str, value: Any):
    if not isinstance(value, int) or isinstance(value, bool):
        return p.add(key, _("Enter a whole number."))
    if not (1 <= value <= 32767):
        return p.add(key, _("Enter a number of missions from 1."))
    return value
