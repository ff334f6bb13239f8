"""The work plan's text staff translate (ism/translated.py)."""

from ism.translated import register
from workplans.models import Indicator, Result

register(Result, "text")
register(Indicator, "description")
