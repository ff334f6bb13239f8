"""The convention's vocabulary staff translate (ism/translated.py, issue 17)."""

from ism.models import Convention, ObligationKind
from ism.translated import register

register(Convention, "party_singular", "party_plural", "party_of")
register(ObligationKind, "label")
