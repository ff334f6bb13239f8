"""A convention's instruments and each State's membership of them, on a date
(ism/models/instruments.py, ism.selectors.members_of / instruments_of)."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from ism.models import Instrument, InstrumentMembership, Participation
from ism.parties import instrument_base
from ism.selectors import base_instrument, instruments_of, is_member, members_of
from tests.factories import ConventionFactory, ParticipationFactory, StateFactory

PARTY = InstrumentMembership.Status.PARTY


@pytest.fixture
def ccw(db):
    convention = ConventionFactory(code="CCW", currency="USD")
    protocol_v = Instrument.objects.create(
        convention=convention, code="p5", name="Protocol V", order=5
    )
    return convention, instrument_base(convention), protocol_v


def test_every_convention_has_its_base_instrument(ccw):
    convention, base, _ = ccw
    assert base_instrument(convention) == base
    assert base.is_base and base.code == "convention"


def test_a_participation_is_mirrored_by_the_base_membership(ccw):
    convention, base, _ = ccw
    state = StateFactory()
    ParticipationFactory(state=state, convention=convention)
    membership = InstrumentMembership.objects.get(instrument=base, state=state)
    assert membership.status == PARTY
    assert membership.entry_into_force == dt.date(2000, 7, 1)


def test_mirroring_updates_the_membership_and_keeps_its_own_dates(
    ccw, django_assert_num_queries
):
    """Created, then brought in line with a changed Participation in the
    savepoint, the base instrument's read, one UPDATE and the row read back; the
    signature and withdrawal dates, which a Participation lacks, stay."""
    from ism.parties import participation_mirror

    convention, base, _ = ccw
    state = StateFactory()
    participation = ParticipationFactory(state=state, convention=convention)
    membership = InstrumentMembership.objects.get(instrument=base, state=state)
    membership.signature_date = dt.date(1999, 3, 1)
    membership.save()
    participation.status = Participation.Status.NOT_PARTY
    participation.entry_into_force = None

    with django_assert_num_queries(5):
        mirrored = participation_mirror(participation)

    assert mirrored.pk == membership.pk
    assert mirrored.status == Participation.Status.NOT_PARTY
    assert mirrored.entry_into_force is None
    assert mirrored.signature_date == dt.date(1999, 3, 1)
    assert InstrumentMembership.objects.filter(state=state).count() == 1


def test_a_party_to_the_convention_only_is_not_a_member_of_protocol_v(ccw):
    convention, base, protocol_v = ccw
    state = StateFactory()
    ParticipationFactory(state=state, convention=convention)
    day = dt.date(2010, 1, 1)
    assert state in members_of(base, on=day)
    assert state not in members_of(protocol_v, on=day)
    assert list(instruments_of(state, convention, on=day)) == [base]


def test_membership_starts_at_entry_into_force_and_ends_at_withdrawal(ccw):
    convention, _, protocol_v = ccw
    state = StateFactory()
    InstrumentMembership.objects.create(
        instrument=protocol_v,
        state=state,
        status=PARTY,
        signature_date=dt.date(2004, 1, 1),
        consent_kind=InstrumentMembership.ConsentKind.ACCESSION,
        consent_date=dt.date(2005, 6, 1),
        entry_into_force=dt.date(2006, 11, 12),
        withdrawal=dt.date(2020, 3, 1),
    )
    assert not is_member(state, protocol_v, on=dt.date(2006, 11, 11))
    assert is_member(state, protocol_v, on=dt.date(2006, 11, 12))
    assert is_member(state, protocol_v, on=dt.date(2020, 2, 29))
    assert not is_member(state, protocol_v, on=dt.date(2020, 3, 1))
    assert list(instruments_of(state, convention, on=dt.date(2020, 3, 1))) == []


def test_a_signatory_is_not_a_member(ccw):
    _, _, protocol_v = ccw
    state = StateFactory()
    InstrumentMembership.objects.create(
        instrument=protocol_v,
        state=state,
        status=InstrumentMembership.Status.SIGNATORY,
        signature_date=dt.date(2004, 1, 1),
    )
    assert not members_of(protocol_v, on=dt.date(2030, 1, 1)).exists()


@pytest.mark.parametrize(
    "dates",
    [
        {"signature_date": dt.date(2005, 1, 2), "consent_date": dt.date(2005, 1, 1)},
        {"consent_date": dt.date(2005, 1, 2), "entry_into_force": dt.date(2005, 1, 1)},
        {"entry_into_force": dt.date(2005, 1, 2), "withdrawal": dt.date(2005, 1, 1)},
    ],
)
def test_the_database_refuses_dates_out_of_order(ccw, dates):
    _, _, protocol_v = ccw
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentMembership.objects.create(
            instrument=protocol_v, state=StateFactory(), status=PARTY, **dates
        )


def test_one_membership_per_instrument_and_state_and_one_base(ccw):
    convention, _base, protocol_v = ccw
    state = StateFactory()
    InstrumentMembership.objects.create(
        instrument=protocol_v, state=state, status=PARTY
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        InstrumentMembership.objects.create(
            instrument=protocol_v, state=state, status=PARTY
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(
            convention=convention, code="other", name="Other", is_base=True
        )


def test_the_migration_gives_each_convention_its_base_and_each_party_its_row(db):
    migration = importlib.import_module("ism.migrations.0014_instruments")
    # No report type: the test deletes the instrument one would be owed under.
    convention = ConventionFactory(code="CCM", report_types=False)
    state = StateFactory()
    Participation.objects.create(
        state=state,
        convention=convention,
        status=Participation.Status.PARTY,
        consent_date=dt.date(2010, 1, 1),
        entry_into_force=dt.date(2010, 8, 1),
        illustrative=True,
    )
    Instrument.objects.filter(convention=convention).delete()
    migration._base_instruments(apps, None)
    migration._base_instruments(apps, None)  # twice: nothing more
    membership = InstrumentMembership.objects.get(state=state)
    assert membership.instrument.is_base
    assert membership.instrument.convention == convention
    assert membership.entry_into_force == dt.date(2010, 8, 1)
    assert membership.illustrative
    assert Instrument.objects.filter(convention=convention).count() == 1
