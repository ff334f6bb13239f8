"""Template filters of the ISU's contribution pages (percentages, shares)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from ism.money import format_amount

register = template.Library()


@register.filter
def pct(value, places: int = 1) -> str:
    """91.4 → "91.4%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return format_amount(Decimal(value), get_language(), places=int(places)) + "%"


@register.filter
def share_pct(value) -> str:
    """A share of the total as a percentage to three decimals: 0.22 → "22.000%"."""
    if value is None or value == "":
        return "—"
    return format_amount(Decimal(value) * 100, get_language(), places=3) + "%"
