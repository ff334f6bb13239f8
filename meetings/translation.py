"""The meetings' text staff translate (ism/translated.py)."""

from ism.translated import register
from meetings.models import AgendaItem, Meeting

register(Meeting, "title")
register(AgendaItem, "title")
