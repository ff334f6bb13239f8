"""Template filters of the contribution pages (budgets.contributions.views.documents,
budgets.contributions.views.reminders)."""

from django import template
from django.utils.translation import get_language

from budgets.templatetags.budgets_ui import as_decimal, status_badge
from ism.money import format_amount

register = template.Library()

# An invoice's or a reminder's badge: the budget pages' one table.
register.filter(status_badge)


@register.filter
def cents(value) -> str:
    """An amount of money with its cents, as invoices state it: 76,540.00."""
    number = as_decimal(value)
    if number is None:
        return "—"
    text = format_amount(abs(number), get_language(), places=2)
    return f"−{text}" if number < 0 else text
