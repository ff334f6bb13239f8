"""The core's text staff translate (ism/translated.py): an instrument's name."""

from ism.models import Instrument
from ism.translated import register

register(Instrument, "name")
