"""The meetings' text staff translate (ism/translated.py)."""

from ism.translated import register
from meetings.models import AgendaItem, Meeting, MeetingKind

register(Meeting, "title")
register(AgendaItem, "title")
# A convention's kinds of meeting, in its own words (issue 17).
register(MeetingKind, "name", "title_pattern")
