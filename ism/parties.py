"""Writes to instruments and memberships (ism/models/instruments.py).

The membership of a convention's base instrument mirrors its `Participation`:
the two are written together, here and only here."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from ism.models import Convention, Instrument, InstrumentMembership, Participation
from ism.models.instruments import BASE_CODE

# What a Participation and the membership of the base instrument both hold.
MIRRORED = ("status", "consent_kind", "consent_date", "entry_into_force")
# What a membership holds of the depositary's record.
MEMBERSHIP = (
    "status",
    "signature_date",
    "consent_kind",
    "consent_date",
    "entry_into_force",
    "withdrawal",
)


def instrument_base(convention: Convention) -> Instrument:
    """The convention's base instrument ("the Convention"), created if missing."""
    instrument = Instrument.objects.filter(convention=convention, is_base=True).first()
    if instrument is not None:
        return instrument
    try:
        with transaction.atomic():
            return Instrument.objects.create(
                convention=convention,
                code=BASE_CODE,
                name="Convention",
                order=0,
                is_base=True,
            )
    except IntegrityError:  # made meanwhile by another transaction
        return Instrument.objects.get(convention=convention, code=BASE_CODE)


@transaction.atomic
def participation_mirror(participation: Participation) -> InstrumentMembership:
    """The base instrument's membership brought in line with `participation`
    (its signature and withdrawal dates, which Participation lacks, are kept):
    updated where it exists, else created. Five queries with the savepoint
    (tests/ism/test_instruments.py counts them) where update_or_create took seven;
    every State a test or the demo makes is mirrored."""
    values = {name: getattr(participation, name) for name in MIRRORED}
    values["illustrative"] = participation.illustrative
    instrument = instrument_base(participation.convention)
    rows = InstrumentMembership.objects.filter(
        instrument=instrument, state=participation.state
    )
    if rows.update(**values):
        return rows.get()
    return InstrumentMembership.objects.create(
        instrument=instrument, state=participation.state, **values
    )


def _mirrored(membership: InstrumentMembership) -> dict:
    """What the Participation holds for a base instrument's membership. A State
    whose withdrawal has taken effect keeps its row, as the Participation of a
    former party (not party: Participation answers for today; the membership
    keeps the dates)."""
    values = {name: getattr(membership, name) for name in MIRRORED}
    if membership.withdrawal and membership.withdrawal <= timezone.localdate():
        values["status"] = Participation.Status.NOT_PARTY
    return {**values, "illustrative": membership.illustrative}


@transaction.atomic
def memberships_save(
    *, new: list[InstrumentMembership], changed: list[InstrumentMembership]
) -> None:
    """Memberships written at once (an import): `new` created, `changed`
    (loaded, then set) updated, and the Participation each base instrument's
    membership mirrors created or brought in line, in a fixed number of queries
    however many rows."""
    InstrumentMembership.objects.bulk_create(new)
    InstrumentMembership.objects.bulk_update(changed, [*MEMBERSHIP, "illustrative"])
    base = [m for m in new + changed if m.instrument.is_base]
    if not base:
        return
    found = {
        (p.convention_id, p.state_id): p
        for p in Participation.objects.filter(
            convention__in={m.instrument.convention_id for m in base},
            state__in={m.state_id for m in base},
        )
    }
    created, updated = [], []
    for membership in base:
        values = _mirrored(membership)
        key = (membership.instrument.convention_id, membership.state_id)
        participation = found.get(key)
        if participation is None:
            created.append(
                Participation(convention_id=key[0], state_id=key[1], **values)
            )
            continue
        for name, value in values.items():
            setattr(participation, name, value)
        updated.append(participation)
    Participation.objects.bulk_create(created)
    Participation.objects.bulk_update(updated, [*MIRRORED, "illustrative"])
