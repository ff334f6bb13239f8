"""Renders racing on PostgreSQL: ism.stored_documents.store_if_newer stores a
document once per revision and the newest revision wins, whatever the order the
renders finish in. Each render runs in its own thread and connection (committed
for real: transactional_db), through budgets.documents.budget_pdf_render."""

import random
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import F

from budgets import documents
from budgets.models import Budget
from ism.stored_documents import store_if_newer
from tests.budgets import test_services_concurrency as concurrency
from tests.budgets.factories import BudgetFactory, private_media  # noqa: F401
from tests.conftest import need


@pytest.fixture
def budget(transactional_db):
    need(connection.vendor == "postgresql", "needs PostgreSQL (DATABASE_URL)")
    return BudgetFactory()


def content(budget: Budget) -> bytes:
    budget.refresh_from_db()
    with budget.pdf.open("rb") as handle:
        return handle.read()


def stored_files(media) -> list[str]:
    return sorted(p.name for p in Path(media).rglob("*.pdf"))


def test_it_stores_one_document_when_renders_of_a_revision_race(
    budget, monkeypatch, settings
):
    monkeypatch.setattr(documents, "budget_pdf_bytes", lambda b, lang=None: b"%PDF")

    results, errors = concurrency.at_once(
        *[lambda: documents.budget_pdf_render(budget_id=budget.pk)] * 4
    )

    assert errors == []
    assert sorted(results) == [False, False, False, True]
    budget.refresh_from_db()
    assert budget.pdf_is_current
    # The losers deleted their files: one document, the row's.
    assert [Path(budget.pdf.name).name] == stored_files(settings.MEDIA_ROOT)


def test_the_newest_revision_wins_whatever_order_renders_finish_in(budget, settings):
    # Eight renders of revisions 1..8 (two of each of four, the twins racing too),
    # released together in a shuffled order.
    Budget.objects.filter(pk=budget.pk).update(revision=8)
    revisions = [1, 3, 5, 8, 1, 3, 5, 8]
    random.Random(14).shuffle(revisions)

    def render(revision):
        return lambda: store_if_newer(
            Budget,
            budget.pk,
            content=b"%PDF revision " + str(revision).encode(),
            path=f"race/{budget.pk}/r{revision}/budget.pdf",
            seen_name="",
            revision=revision,
        )

    results, errors = concurrency.at_once(*[render(r) for r in revisions])

    assert errors == []
    budget.refresh_from_db()
    assert budget.pdf_revision == 8
    assert content(budget) == b"%PDF revision 8"
    # Exactly one render of revision 8 stored it; every replaced or losing file
    # is gone, so the folder holds the row's document only.
    assert sum(won for won, r in zip(results, revisions, strict=True) if r == 8) == 1
    # (Twins of one revision write to one path: the storage gives the second file a
    # suffix, and either may be the one that won.)
    assert stored_files(settings.MEDIA_ROOT) == [Path(budget.pdf.name).name]


def test_a_render_of_an_older_revision_never_replaces_a_newer_one(budget, settings):
    Budget.objects.filter(pk=budget.pk).update(revision=F("revision") + 1)
    budget.refresh_from_db()
    newer = store_if_newer(
        Budget,
        budget.pk,
        content=b"%PDF new",
        path="race/new.pdf",
        seen_name="",
        revision=budget.revision,
    )
    older = store_if_newer(
        Budget,
        budget.pk,
        content=b"%PDF old",
        path="race/old.pdf",
        seen_name="",
        revision=budget.revision - 1,
    )

    assert (newer, older) == (True, False)
    assert content(budget) == b"%PDF new"
    assert stored_files(settings.MEDIA_ROOT) == ["new.pdf"]
