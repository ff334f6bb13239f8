from django import template
from django.utils.translation import get_language

from ism.money import format_money
from meetings import rules

register = template.Library()


@register.filter
def money(value) -> str:
    """CHF 27,950.00 in the page's language; empty for no amount."""
    if value is None or value == "":
        return ""
    return format_money(value, get_language())


@register.simple_tag
def meeting_phase(meeting, today):
    """The meeting's phase on the page's `today` (meetings.rules): the view reads
    the clock once and every badge on the page uses that day."""
    return rules.phase(meeting, today)
