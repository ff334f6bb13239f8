"""budgets.tasks.budget_render_pdf: the budget document is rendered once per
revision, stored under the budget's meaningful name, and an older render never
replaces a newer one."""

from pathlib import Path

import pytest
from django.db.models import F

from budgets import documents
from budgets.models import Budget
from budgets.tasks import budget_render_pdf
from tests.budgets.factories import budget_with, private_media  # noqa: F401

FAKE_PDF = b"%PDF-1.7 rendered for revision "


@pytest.fixture
def renders(monkeypatch):
    """Replace WeasyPrint by a stub that records which revision it rendered; the
    real rendering is covered by test_pdf_document."""
    calls = []

    def render(budget, language=None):
        calls.append(budget.revision)
        hook = getattr(render, "during", None)
        if hook is not None:
            render.during = None
            hook(budget)
        return FAKE_PDF + str(budget.revision).encode()

    monkeypatch.setattr(documents, "budget_pdf_bytes", render)
    render.calls = calls
    return render


def bump(budget):
    """What every content change does (budgets.services): revision + 1."""
    Budget.objects.filter(pk=budget.pk).update(revision=F("revision") + 1)


@pytest.fixture
def budget(apmbc):
    return budget_with(convention=apmbc, lines=2, year=2026)


def test_it_stores_the_document_under_the_budgets_meaningful_name(budget, renders):
    assert budget_render_pdf(budget.pk) is True

    budget.refresh_from_db()
    assert budget.pdf.name.endswith("/APMBC-ISU-budget-2026-v1.pdf")
    assert budget.pdf_revision == budget.revision
    assert budget.pdf_is_current
    with budget.pdf.open("rb") as stored:
        assert stored.read() == FAKE_PDF + str(budget.revision).encode()


def test_it_names_a_revised_version_after_its_version(apmbc, renders):
    revised = budget_with(convention=apmbc, lines=1, year=2025, version=2)

    budget_render_pdf(revised.pk)

    revised.refresh_from_db()
    assert revised.pdf.name.endswith("/APMBC-ISU-budget-2025-v2.pdf")


def test_running_it_twice_renders_once(budget, renders):
    budget_render_pdf(budget.pk)
    budget.refresh_from_db()
    first = budget.pdf.name

    assert budget_render_pdf(budget.pk) is False

    budget.refresh_from_db()
    assert renders.calls == [budget.revision]
    assert budget.pdf.name == first


def test_it_renders_again_after_a_change_and_removes_the_old_file(
    budget, renders, django_capture_on_commit_callbacks
):
    budget_render_pdf(budget.pk)
    budget.refresh_from_db()
    old = budget.pdf.name
    bump(budget)

    with django_capture_on_commit_callbacks(execute=True):
        assert budget_render_pdf(budget.pk) is True

    budget.refresh_from_db()
    assert budget.pdf_revision == budget.revision == 1
    assert budget.pdf.name != old
    assert budget.pdf.name.endswith("/APMBC-ISU-budget-2026-v1.pdf")
    assert not budget.pdf.storage.exists(old)
    assert budget.pdf.storage.exists(budget.pdf.name)


def test_a_stale_render_never_overwrites_a_newer_one(
    budget, renders, django_capture_on_commit_callbacks
):
    # While this render works on revision 0, the budget changes and a second
    # worker renders and stores revision 1 first.
    def newer_render_lands_first(_budget):
        bump(budget)
        assert documents.budget_pdf_render(budget_id=budget.pk) is True

    renders.during = newer_render_lands_first

    with django_capture_on_commit_callbacks(execute=True):
        assert budget_render_pdf(budget.pk) is False

    budget.refresh_from_db()
    assert renders.calls == [0, 1]
    assert budget.revision == budget.pdf_revision == 1
    with budget.pdf.open("rb") as stored:
        assert stored.read() == FAKE_PDF + b"1"
    # The stale file was not kept: only the stored document is on disk.
    folder = budget.pdf.storage.path(f"budgets/pdf/{budget.pk}")
    on_disk = list(Path(folder).rglob("*.pdf"))
    assert on_disk == [Path(budget.pdf.path)]


def test_two_renders_of_the_same_revision_keep_one_document(budget, renders):
    def twin_lands_first(_budget):
        assert documents.budget_pdf_render(budget_id=budget.pk) is True

    renders.during = twin_lands_first

    assert budget_render_pdf(budget.pk) is False

    budget.refresh_from_db()
    assert budget.pdf_is_current
    folder = budget.pdf.storage.path(f"budgets/pdf/{budget.pk}")
    on_disk = list(Path(folder).rglob("*.pdf"))
    assert on_disk == [Path(budget.pdf.path)]


def test_it_renders_again_when_the_stored_file_is_missing(budget, renders):
    budget_render_pdf(budget.pk)
    budget.refresh_from_db()
    budget.pdf.storage.delete(budget.pdf.name)

    assert budget_render_pdf(budget.pk) is True

    budget.refresh_from_db()
    assert budget.pdf.storage.exists(budget.pdf.name)
    assert len(renders.calls) == 2


def test_it_does_nothing_for_a_budget_that_is_gone(budget, renders):
    gone = Budget.objects.order_by("-pk").first().pk + 1

    assert budget_render_pdf(gone) is False
    assert renders.calls == []


def test_it_retries_when_the_storage_fails_for_a_moment(budget, renders, monkeypatch):
    real_render = documents.budget_pdf_render
    attempts = []

    def flaky(*, budget_id, language=None):
        attempts.append(budget_id)
        if len(attempts) == 1:
            raise OSError("disk briefly unavailable")
        return real_render(budget_id=budget_id, language=language)

    monkeypatch.setattr(documents, "budget_pdf_render", flaky)

    # Eager, as without a broker: Celery runs the retry in place (throw=False lets
    # apply() see the Retry instead of propagating it).
    result = budget_render_pdf.apply(args=[budget.pk], throw=False)

    assert result.get() is True
    assert attempts == [budget.pk, budget.pk]
    budget.refresh_from_db()
    assert budget.pdf_is_current
