"""ism.audit's helpers for a service's change to a row: set what the data names,
record what changed, and leave no trace when nothing did."""

from django.db import transaction

from ism.audit import assign, changes_since, delete_and_record, save_and_record
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
