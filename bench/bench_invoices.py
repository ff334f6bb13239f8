"""One invoice document through the render task against warm bare WeasyPrint
rendering the same HTML (bench/bare_pdf.py). The issue's goal: ISM within 1.1x.

ISM's side is the Celery task run in this process (`invoice_render_pdf(pk)`): it
reads the issued invoice, builds the context (amount in words, the convention's
settings, the State's details), the template, renders with the per-process fonts
and stylesheet and stores the file. The revision moved before each call is what
a lost file or a fixed template does. The 200-State run through real Celery
workers is bench_invoices_celery.py.
"""

from bench import bare_pdf
from bench.harness import Goal, Pair, benchmark, demo_database


@benchmark(
    "pdf.invoice",
    "one issued CCM invoice through the render task (read, context, template, "
    "WeasyPrint, store) vs warm bare WeasyPrint of the same HTML",
    goal=Goal(max_ratio=1.1),
)
def invoice_pdf() -> Pair:
    from budgets.contributions.documents import (
        INVOICE_TEMPLATE,
        invoice_document_queryset,
        invoice_pdf_context,
    )
    from budgets.models import Invoice
    from budgets.tasks import invoice_render_pdf
    from ism.documents import render_html

    demo_database()
    invoice = (
        invoice_document_queryset()
        .filter(
            convention__code="CCM", kind=Invoice.Kind.INVOICE, issued_at__isnull=False
        )
        .order_by("-year", "number")
        .first()
    )
    if invoice is None:
        raise RuntimeError("the demo has no issued CCM invoice")
    context = invoice_pdf_context(invoice)

    def stored() -> bytes:
        with Invoice.objects.get(pk=invoice.pk).pdf.open("rb") as handle:
            return handle.read()

    counted: dict[str, int] = {}

    def check(side: str, pages: int, text: str) -> None:
        # The same document on both sides, with the invoice's number: one page, and
        # the QR-bill's own page after it when the invoice carries one (CHF with the
        # convention's account).
        counted[side] = pages
        if invoice.number not in text or pages not in (1, 2):
            raise RuntimeError(f"{side}: not invoice {invoice.number}")
        if len(set(counted.values())) > 1:
            raise RuntimeError(f"not the same document on both sides: {counted}")

    return bare_pdf.task_pair(
        model=Invoice,
        pk=invoice.pk,
        task=lambda: invoice_render_pdf(invoice.pk),
        html=render_html(INVOICE_TEMPLATE, context, language=context["language"]),
        stored=stored,
        check=check,
    )
