"""{% history_entries history as entries %}: a history table's events in words
(ism.history.entries), for templates/ism/_history.html."""

from django import template

from ism.history import entries

register = template.Library()


@register.simple_tag
def history_entries(events):
    return entries(events or [])
