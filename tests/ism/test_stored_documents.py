"""ism.stored_documents' rules on any database: a document without revisions is
stored once (a lost file is replaced), a render is asked for at most once a
minute and again when the broker refused it, and a document named by its content
is written once. Racing renders on PostgreSQL: test_stored_documents_concurrency."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage

from budgets.models import Budget
from ism.stored_documents import (
    StoredDocument,
    request_render,
    row_to_render,
    store_if_newer,
    store_once_at,
    store_row_pdf,
)
from tests.budgets.factories import BudgetFactory, private_media  # noqa: F401


def store(budget, name: str, seen_name: str) -> bool:
    return store_if_newer(
        Budget,
        budget.pk,
        content=name.encode(),
        path=f"once/{name}.pdf",
        seen_name=seen_name,
        revision_field=None,
    )


def stored_files(media) -> list[str]:
    return sorted(p.name for p in Path(media).rglob("*.pdf"))


@pytest.mark.django_db
def test_it_keeps_the_first_document_of_a_row_without_revisions(settings):
    budget = BudgetFactory()

    assert store(budget, "first", seen_name="") is True
    # A twin that also saw no document loses, and its file goes.
    assert store(budget, "twin", seen_name="") is False
    budget.refresh_from_db()
    assert budget.pdf.name == "once/first.pdf"
    assert stored_files(settings.MEDIA_ROOT) == ["first.pdf"]


@pytest.mark.django_db
def test_it_replaces_a_document_whose_file_went_missing(settings):
    budget = BudgetFactory()
    store(budget, "first", seen_name="")
    default_storage.delete("once/first.pdf")

    assert store(budget, "again", seen_name="once/first.pdf") is True
    budget.refresh_from_db()
    assert budget.pdf.name == "once/again.pdf"


def store_seen(budget, name: str, *, revision: int, seen_revision: int) -> bool:
    return store_if_newer(
        Budget,
        budget.pk,
        content=name.encode(),
        path=f"r{revision}/{name}.pdf",
        seen_name="",
        seen_revision=seen_revision,
        revision=revision,
    )


@pytest.mark.django_db
def test_what_the_caller_saw_is_tried_first_then_the_row_as_it_is(
    settings, django_assert_num_queries
):
    """With seen_revision, the compare-and-set is tried on what the render read
    (one UPDATE, no SELECT); when the row moved since, it is read again and the
    usual rule decides: an older render never replaces a newer document."""
    budget = BudgetFactory()
    Budget.objects.filter(pk=budget.pk).update(revision=3)

    with django_assert_num_queries(1):
        assert store_seen(budget, "three", revision=3, seen_revision=0) is True
    # A render of revision 2 that read the row before revision 3 was stored.
    with django_assert_num_queries(2):
        assert store_seen(budget, "two", revision=2, seen_revision=0) is False
    budget.refresh_from_db()
    assert (budget.pdf.name, budget.pdf_revision) == ("r3/three.pdf", 3)
    assert stored_files(settings.MEDIA_ROOT) == ["three.pdf"]


def document(calls: list, *, refuse: bool = False) -> StoredDocument:
    def render():
        if refuse:
            raise OSError("broker down")
        calls.append("queued")

    doc = StoredDocument(
        storage=default_storage,
        name="",
        current=False,
        filename="doc.pdf",
        render_key="tests:stored-documents:render",
        render=render,
        reload=lambda: doc,
    )
    return doc


def test_it_asks_for_a_render_at_most_once_a_minute():
    cache.delete("tests:stored-documents:render")
    calls = []

    assert [request_render(document(calls)) for _ in range(3)] == [True, False, False]
    assert calls == ["queued"]


def test_a_render_the_broker_refused_is_asked_for_again_at_the_next_poll():
    cache.delete("tests:stored-documents:render")
    calls = []

    assert request_render(document(calls, refuse=True)) is False
    assert request_render(document(calls)) is True
    assert calls == ["queued"]


def test_a_document_named_by_its_content_is_written_once(settings):
    assert store_once_at(default_storage, "lists/a1b2.pdf", b"%PDF list") is True
    assert store_once_at(default_storage, "lists/a1b2.pdf", b"%PDF list") is False
    assert stored_files(settings.MEDIA_ROOT) == ["a1b2.pdf"]


@pytest.mark.django_db
def test_a_rendered_pdf_row_stores_its_revision_over_an_older_one_only(settings):
    budget = BudgetFactory()
    budget.revision = 2
    assert store_row_pdf(budget, content=b"r2", folder="rows/1", filename="b.pdf")
    budget.refresh_from_db()
    assert (budget.pdf.name, budget.pdf_revision) == ("rows/1/r2/b.pdf", 2)
    # A render of an older revision, finishing late, changes nothing.
    budget.revision = 1
    assert not store_row_pdf(budget, content=b"r1", folder="rows/1", filename="b.pdf")
    budget.refresh_from_db()
    assert budget.pdf.name == "rows/1/r2/b.pdf"


@pytest.mark.django_db
def test_a_render_task_for_a_deleted_row_finds_nothing_to_render():
    budget = BudgetFactory()
    rows = Budget.objects.all()
    assert row_to_render(rows, budget.pk) == budget
    budget.delete()
    assert row_to_render(rows, budget.pk) is None
