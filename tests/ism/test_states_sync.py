"""The UN's member and observer States from ISO 3166 (states_sync, load_demo's
first step): created in bulk, a name edited away put back, a State's own
settings left alone, and nothing done the second time."""

from __future__ import annotations

import pytest

from ism.models import State
from ism.services import states_sync
from ism.un_members import UN_MEMBER_ALPHA3, UN_OBSERVER_ALPHA3
from tests.queries import insert_statements

pytestmark = pytest.mark.django_db


def test_every_state_in_a_fixed_number_of_queries(django_assert_num_queries):
    # The read, the savepoint around the write (two) and one INSERT of all of
    # them (on SQLite, one per batch: tests/queries.py).
    with django_assert_num_queries(3 + insert_statements(State, 195)):
        created = states_sync()

    assert created == len(UN_MEMBER_ALPHA3 | UN_OBSERVER_ALPHA3) == 195
    norway = State.objects.get(iso3="NOR")
    assert (norway.iso2, norway.name, norway.un_status) == ("NO", "Norway", "member")
    assert State.objects.get(iso3="PSE").un_status == State.UNStatus.OBSERVER


def test_run_again_it_puts_back_what_iso_says_and_keeps_the_rest(
    django_assert_num_queries,
):
    states_sync()
    State.objects.filter(iso3="NOR").update(name="Norge", working_language="fr")
    State.objects.filter(iso3="CHE").update(un_status=State.UNStatus.OBSERVER)

    # The read and one UPDATE of the two rows that differ.
    with django_assert_num_queries(4):
        assert states_sync() == 0

    norway = State.objects.get(iso3="NOR")
    assert (norway.name, norway.working_language) == ("Norway", "fr")
    assert State.objects.get(iso3="CHE").un_status == State.UNStatus.MEMBER
    # Nothing left to change: the read alone.
    with django_assert_num_queries(3):
        assert states_sync() == 0
