"""Who is assessed for a year: the States bound by the convention's base
instrument on some day of that year (ism.selectors.members_of), so a State not
yet bound, or whose withdrawal took effect before the year, pays nothing."""

import datetime as dt

from budgets.contributions.services.assessments import paying_states
from ism.models import InstrumentMembership
from ism.selectors import base_instrument
from tests.factories import ConventionFactory, ParticipationFactory, StateFactory


def test_it_counts_the_states_bound_during_the_year(db):
    convention = ConventionFactory(code="CCW", currency="USD")
    bound, later, gone, leaving = (StateFactory() for _ in range(4))
    ParticipationFactory(state=bound, convention=convention)
    ParticipationFactory(
        state=later,
        convention=convention,
        consent_date=dt.date(2026, 9, 1),
        entry_into_force=dt.date(2027, 3, 1),
    )
    for state, withdrawal in (
        (gone, dt.date(2025, 12, 1)),
        (leaving, dt.date(2026, 6, 30)),
    ):
        ParticipationFactory(state=state, convention=convention)
        InstrumentMembership.objects.filter(
            instrument=base_instrument(convention), state=state
        ).update(withdrawal=withdrawal)

    assert set(paying_states(convention, 2026)) == {bound, leaving}
    assert set(paying_states(convention, 2027)) == {bound, later}
