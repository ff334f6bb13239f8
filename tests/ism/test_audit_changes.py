"""ism.audit's helpers for a service's change to a row: set what the data names,
record what changed, and leave no trace when nothing did."""

import pytest
from django.db import transaction

from ism.audit import (
    assign,
    changes_since,
    create_and_record,
    delete_and_record,
    save_and_record,
)
from ism.models import AuditEvent, Committee


def test_it_sets_only_the_fields_the_data_names(apmbc):
    before = assign(apmbc, {"host": "Geneva", "other": 1}, ["host", "currency"])
    assert before == {"host": before["host"], "currency": "CHF"}
    assert apmbc.host == "Geneva"
    assert changes_since(before, apmbc) == {"host": [before["host"], "Geneva"]}


def test_a_save_that_changes_nothing_records_nothing(apmbc, isu_staff):
    with transaction.atomic():
        saved = save_and_record(apmbc, {}, actor=isu_staff, verb="settings changed")
    assert saved is False
    assert not AuditEvent.objects.filter(verb="settings changed").exists()


def test_a_new_row_is_saved_and_recorded_even_without_changes(apmbc, isu_staff):
    committee = Committee(convention=apmbc, name="Article 5", kind="thematic")
    with transaction.atomic():
        assert save_and_record(committee, {}, actor=isu_staff, verb="created")
    assert committee.pk is not None
    assert AuditEvent.objects.get(verb="created").object_id == str(committee.pk)


def test_a_deletion_records_what_went(apmbc, isu_staff):
    committee = Committee.objects.create(
        convention=apmbc, name="Article 5", kind="thematic"
    )
    with transaction.atomic():
        delete_and_record(
            committee, actor=isu_staff, verb="removed", gone={"name": committee.name}
        )
    assert not Committee.objects.exists()
    assert AuditEvent.objects.get(verb="removed").changes == {
        "name": ["Article 5", None]
    }


def test_a_row_created_is_recorded_with_its_changes_and_scope(apmbc, isu_staff):
    with transaction.atomic():
        committee = create_and_record(
            Committee,
            actor=isu_staff,
            verb="created",
            changes={"name": [None, "Article 5"]},
            convention=apmbc,
            name="Article 5",
            kind="thematic",
        )
    event = AuditEvent.objects.get(verb="created")
    assert event.object_id == str(committee.pk)
    assert event.changes == {"name": [None, "Article 5"]}
    assert event.convention == apmbc


def test_a_row_created_goes_with_its_event_when_the_change_fails(apmbc, isu_staff):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        create_and_record(
            Committee,
            actor=isu_staff,
            verb="created",
            convention=apmbc,
            name="Article 5",
            kind="thematic",
        )
        1 / 0  # noqa: B018  (the change fails after the row and its event)
    assert not Committee.objects.exists()
    assert not AuditEvent.objects.filter(verb="created").exists()
