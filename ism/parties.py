"""Writes to instruments and memberships (ism/models/instruments.py).

The membership of a convention's base instrument mirrors its `Participation`:
the two are written together, here and only here."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ism.models import Convention, Instrument, InstrumentMembership, Participation
from ism.models.instruments import BASE_CODE

# What a Participation and the membership of the base instrument both hold.
MIRRORED = ("status", "consent_kind", "consent_date", "entry_into_force")


def instrument_base(convention: Convention) -> Instrument:
    """The convention's base instrument ("the Convention"), created if missing."""
    instrument = Instrument.objects.filter(convention=convention, is_base=True).first()
    if instrument is None:
        instrument, _ = Instrument.objects.get_or_create(
            convention=convention,
            code=BASE_CODE,
            defaults={"name": "Convention", "order": 0, "is_base": True},
        )
    return instrument


@transaction.atomic
def participation_mirror(participation: Participation) -> InstrumentMembership:
    """The base instrument's membership brought in line with `participation`
    (its signature and withdrawal dates, which Participation lacks, are kept)."""
    values = {name: getattr(participation, name) for name in MIRRORED}
    membership, _ = InstrumentMembership.objects.update_or_create(
        instrument=instrument_base(participation.convention),
        state=participation.state,
        defaults={**values, "illustrative": participation.illustrative},
    )
    return membership


def membership_mirror(membership: InstrumentMembership) -> Participation | None:
    """The Participation brought in line with a base instrument's membership
    (nothing for another instrument). A State whose withdrawal has taken
    effect keeps its row, as the Participation of a former party (not party:
    Participation answers for today; the membership keeps the dates)."""
    instrument = membership.instrument
    if not instrument.is_base:
        return None
    values = {name: getattr(membership, name) for name in MIRRORED}
    if membership.withdrawal and membership.withdrawal <= timezone.localdate():
        values["status"] = Participation.Status.NOT_PARTY
    participation, _ = Participation.objects.update_or_create(
        convention=instrument.convention,
        state=membership.state,
        defaults={**values, "illustrative": membership.illustrative},
    )
    return participation
