"""Small template helpers of the reporting pages."""

from decimal import Decimal

from django import template

from ism import access
from ism.models import Convention
from reporting.documents import figure_text

register = template.Library()


@register.simple_tag
def managed_conventions(user) -> list[Convention]:
    """Conventions whose ISU the user works for (for the staff links)."""
    return list(access.managed_conventions(user))


@register.filter
def figure(value: Decimal | None, kind: str) -> str:
    """A figure as the documents write it: 1,234 or 12,500.5 m²; — when not given."""
    return figure_text(value, kind)
