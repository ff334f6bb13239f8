"""budgets.tasks.invoice_render_pdf: an issued invoice's document is rendered once,
stored privately under the invoice's number, and never replaced — by a second run,
nor by a twin render racing the first."""

import pytest
from django.db.models import F
from djmoney.money import Money

from budgets.contributions import documents as contribution_documents
from budgets.models import Invoice
from budgets.tasks import invoice_render_pdf
from tests.budgets.factories import private_media  # noqa: F401
from tests.budgets.invoice_docs import cancellation_of, issued_invoice

FAKE_PDF = b"%PDF-1.7 invoice render "


@pytest.fixture
def renders(monkeypatch):
    """WeasyPrint replaced by a stub numbering its renders; the real document is
    test_invoice_pdf_document's. `renders.during` runs once inside a render."""
    calls = []

    def render(invoice):
        calls.append(invoice.pk)
        hook, render.during = getattr(render, "during", None), None
        if hook is not None:
            hook(invoice)
        return FAKE_PDF + str(len(calls)).encode()

    monkeypatch.setattr(contribution_documents, "invoice_pdf_bytes", render)
    render.calls = calls
    return render


@pytest.fixture
def invoice(apmbc, state_a):
    return issued_invoice(apmbc, state_a, sequence=7)


def stored(invoice) -> bytes:
    invoice.refresh_from_db()
    with invoice.pdf.open("rb") as handle:
        return handle.read()


def test_it_stores_the_document_under_the_invoice_number(invoice, renders):
    assert invoice_render_pdf(invoice.pk) is True

    invoice.refresh_from_db()
    assert invoice.pdf.name == f"invoices/pdf/{invoice.pk}/r1/APMBC-2026-0007.pdf"
    assert invoice.pdf_is_current
    assert stored(invoice) == FAKE_PDF + b"1"


def test_a_render_reads_the_invoice_and_stores_its_document_in_two_queries(
    invoice, renders, django_assert_num_queries
):
    """What a worker pays per invoice beside WeasyPrint: the invoice with its
    convention and State, then the compare-and-set storing the file, tried on
    what the render read (ism.stored_documents.store_if_newer)."""
    with django_assert_num_queries(2):
        assert invoice_render_pdf(invoice.pk) is True


def test_running_it_again_changes_nothing(invoice, renders):
    invoice_render_pdf(invoice.pk)
    first = Invoice.objects.get(pk=invoice.pk).pdf.name

    assert invoice_render_pdf(invoice.pk) is False

    assert renders.calls == [invoice.pk]
    assert Invoice.objects.get(pk=invoice.pk).pdf.name == first
    assert stored(invoice) == FAKE_PDF + b"1"


def test_a_twin_render_racing_the_first_never_replaces_its_document(
    invoice, renders, settings
):
    # The twin started before the first stored anything and finishes after it.
    renders.during = lambda inv: invoice_render_pdf(inv.pk)

    assert invoice_render_pdf(invoice.pk) is False  # the one that lost

    assert len(renders.calls) == 2
    assert stored(invoice) == FAKE_PDF + b"2"  # the twin's, stored first
    files = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*.pdf"))
    assert files == ["APMBC-2026-0007.pdf"]  # the loser removed its own file


def test_a_lost_file_is_rendered_again_from_the_same_invoice(invoice, renders):
    invoice_render_pdf(invoice.pk)
    invoice.refresh_from_db()
    invoice.pdf.storage.delete(invoice.pdf.name)

    assert invoice_render_pdf(invoice.pk) is True

    assert stored(invoice) == FAKE_PDF + b"2"


def test_a_draft_has_no_document(apmbc, state_a, renders):
    draft = Invoice.objects.create(
        convention=apmbc, year=2026, state=state_a, amount=Money("100.00", "CHF")
    )

    assert invoice_render_pdf(draft.pk) is False

    assert renders.calls == []
    draft.refresh_from_db()
    assert not draft.pdf


def test_a_counter_invoice_gets_its_own_document(invoice, renders):
    counter = cancellation_of(invoice, sequence=8, reason="Wrong scale.")

    assert invoice_render_pdf(counter.pk) is True

    counter.refresh_from_db()
    assert counter.pdf.name.endswith("/APMBC-2026-0008.pdf")


def test_a_new_revision_renders_once_more(invoice, renders):
    invoice_render_pdf(invoice.pk)
    Invoice.objects.filter(pk=invoice.pk).update(revision=F("revision") + 1)

    assert invoice_render_pdf(invoice.pk) is True

    invoice.refresh_from_db()
    assert invoice.pdf.name == f"invoices/pdf/{invoice.pk}/r2/APMBC-2026-0007.pdf"
    assert invoice.pdf_revision == 2
