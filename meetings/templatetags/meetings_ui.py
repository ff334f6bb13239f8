from django import template
from django.utils.translation import get_language

from ism.money import format_money

register = template.Library()


@register.filter
def money(value) -> str:
    """CHF 27,950.00 in the page's language; empty for no amount."""
    if value is None or value == "":
        return ""
    return format_money(value, get_language())
