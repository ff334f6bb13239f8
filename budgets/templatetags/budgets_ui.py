"""Figures on the budget pages, formatted for the page's language as the documents
format them (ism.money): 769,221 in English, 769’221 in French (Switzerland)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language
from djmoney.money import Money

from ism.money import babel_locale, format_amount

register = template.Library()

# The badge of each status the budget and contribution pages show (ism.css: .ok
# done, .warn waiting on someone, .bad gone wrong, none for the plain ones): a
# budget's step in its workflow, an invoice's settlement, a reminder's delivery.
STATUS_BADGES = {
    "draft": "",
    "submitted": "warn",
    "approved": "ok",
    "circulated": "ok",
    "adopted": "ok",
    "superseded": "",
    "issued": "",
    "partially_paid": "warn",
    "paid": "ok",
    "overdue": "bad",
    "cancelled": "",
    "pending": "",
    "sending": "warn",
    "sent": "ok",
    "failed": "bad",
}


def as_decimal(value) -> Decimal | None:
    """A figure as a Decimal (a Money's amount), None for none; invoice_docs' too."""
    if value is None or value == "":
        return None
    if isinstance(value, Money):
        return value.amount
    return Decimal(value)


@register.filter
def amount(value) -> str:
    """An amount in whole units, with cents only when it has them."""
    number = as_decimal(value)
    if number is None:
        return "—"
    places = 0 if number == number.to_integral_value() else 2
    return format_amount(number, get_language(), places=places)


@register.filter
def signed_amount(value) -> str:
    """A change: +2,000 / −1,500 / 0."""
    number = as_decimal(value)
    if number is None:
        return "—"
    text = amount(abs(number))
    if number > 0:
        return f"+{text}"
    if number < 0:
        return f"−{text}"  # a real minus sign reads better in tables
    return text


@register.filter
def share(value) -> str:
    """A ratio as percent with one decimal: 0.986 → 98.6%, 0.195 → 19.5%."""
    number = as_decimal(value)
    if number is None:
        return "—"
    return signed_percent(number * 100, sign=False)


@register.filter
def signed_percent(value, sign: bool = True) -> str:
    """A change in percent: 4.2 → +4.2%."""
    number = as_decimal(value)
    if number is None:
        return "—"
    text = format_decimal(
        abs(number), format="#,##0.###", locale=babel_locale(get_language())
    )
    prefix = ""
    if sign and number > 0:
        prefix = "+"
    elif number < 0:
        prefix = "−"
    return f"{prefix}{text}%"


@register.filter
def fte(value) -> str:
    """3.60 → 3.6; 1.00 → 1.0; 0.75 → 0.75."""
    number = as_decimal(value)
    if number is None:
        return "—"
    return format_decimal(number, format="0.0#", locale=babel_locale(get_language()))


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(str(status), "")
