"""Small template helpers of the reporting pages."""

from decimal import Decimal

from django import template

from ism.access import roles_of
from ism.models import Convention
from reporting.documents import figure_text

register = template.Library()


@register.simple_tag
def managed_conventions(user) -> list[Convention]:
    """Conventions whose ISU the user works for (for the staff links)."""
    roles = roles_of(user)
    if roles.superuser:
        return list(Convention.objects.all())
    if not roles.staff_conventions:
        return []
    return list(Convention.objects.filter(pk__in=roles.staff_conventions))


@register.filter
def figure(value: Decimal | None, kind: str) -> str:
    """A figure as the documents write it: 1,234 or 12,500.5 m²; — when not given."""
    return figure_text(value, kind)
