"""Wording shared by the work plan pages and documents."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from ism.money import format_amount
from workplans.tree import period_text, plain_number, target_text

register = template.Library()


@register.filter
def target(indicator) -> str:
    """ "up to 60", "about 50", "75%"."""
    return target_text(indicator)


@register.filter
def indicator_period(indicator) -> str:
    return period_text(indicator.period_start, indicator.period_end)


@register.filter
def actual_period(value) -> str:
    """The period of an Actual row or a PeriodValue."""
    start = getattr(value, "period_start", None) or value.start
    end = getattr(value, "period_end", None) or value.end
    return period_text(start, end)


@register.filter
def plain(value) -> str:
    return plain_number(value)


@register.filter
def quantity(value, indicator) -> str:
    """A figure in the indicator's unit: "30", "55%"."""
    if value is None:
        return ""
    text = plain_number(value)
    return f"{text}%" if indicator.unit == "percent" else text


@register.filter
def share(value) -> str:
    """0.504 → "50%"."""
    if value is None:
        return ""
    return f"{round(value * 100)}%"


@register.filter
def money(value) -> str:
    """Money → "CHF 120,000"."""
    if value is None:
        return ""
    return f"{value.currency} {format_amount(value.amount, get_language())}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
