"""The core's text staff translate (ism/translated.py): an instrument's name, the
convention's vocabulary (issue 17)."""

from ism.models import Convention, Instrument, ObligationKind
from ism.translated import register

register(Instrument, "name")
register(Convention, "party_singular", "party_plural", "party_of")
register(ObligationKind, "label")
