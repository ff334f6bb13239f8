"""Issuing and rendering invoices with 2 worker processes against bare WeasyPrint
rendering the same HTML on the same 2 processes. The issue's goal: ISM within 1.2x.

The invoices are those of a 200-State assessment (200 States Parties of the APMBC,
a draft for each, prepared for several years so no call runs out). One call issues
10 of them in one transaction, as an assessment issues its invoices, and waits until
the 2 worker processes have rendered and stored the 10 documents: the render task's
whole path (numbering and copies at issue, the queue, the task reading the invoice,
the template, WeasyPrint with the per-process fonts and stylesheet, storing the file
under a row lock). The baseline renders the same invoice HTML 10 times on the same
2 processes with WeasyPrint's default setup (a new FontConfiguration and the
stylesheet parsed on every render). A call covers 10 invoices rather than 200 so
the harness's warm-up and calibration (25 calls a side) stay short; the ratio is
per invoice either way, and twenty calls issue the 200 States' invoices.
"""

from __future__ import annotations

import datetime as dt
import io
from concurrent.futures import ProcessPoolExecutor, wait
from decimal import Decimal
from pathlib import Path

from bench.harness import Pair, benchmark, demo_database

STATES = 200
PER_CALL = 10
WORKERS = 2
FIRST_YEAR = 2101  # years of their own, beside the demo's
YEARS = 3  # 600 drafts: more than warm-up, calibration and rounds issue
AMOUNT = Decimal("12345.67")


# --- In the worker processes (module level: the pool pickles them by name) --------


def _render_task(invoice_id: int) -> bool:
    """What a Celery worker runs for budgets.tasks.invoice_render_pdf."""
    from budgets.tasks import invoice_render_pdf

    return invoice_render_pdf(invoice_id)


def _bare_render(html: str, base_url: str, stylesheet: str) -> int:
    from weasyprint import CSS, HTML

    return len(
        HTML(string=html, base_url=base_url).write_pdf(
            stylesheets=[CSS(filename=stylesheet)], pdf_tags=True
        )
    )


def _close_connections() -> None:
    # Each process opens its own database connection; a forked one must not
    # share the parent's.
    from django.db import connections

    connections.close_all()


# --- Setup ------------------------------------------------------------------------


def _world():
    """The APMBC with 200 States Parties, its invoice settings, and a draft for
    each State and year."""
    from djmoney.money import Money

    from budgets.contributions.services import invoice_create
    from budgets.models import ContributionSettings, Invoice
    from ism.models import Convention, Participation, State

    convention = Convention.objects.get(code="APMBC")
    ContributionSettings.objects.get_or_create(
        convention=convention,
        defaults={
            "issuer": "Implementation Support Unit\nAnti-Personnel Mine Ban "
            "Convention\nChemin Eugène-Rigot 2C, 1202 Geneva",
            "payment_instructions": "Bank: Bench Bank, Geneva\n"
            "IBAN: CH00 0000 0000 0000 0000 0",
        },
    )
    states = list(State.objects.order_by("iso3")[:STATES])
    for n in range(STATES - len(states)):
        states.append(
            State.objects.get_or_create(
                iso3=f"X{n:02d}",
                defaults={
                    "iso2": f"Y{n}",
                    "name": f"Benchland {n}",
                    "un_status": "member",
                },
            )[0]
        )
    for state in states:
        Participation.objects.get_or_create(
            state=state,
            convention=convention,
            defaults={"status": Participation.Status.PARTY},
        )
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        have = set(
            Invoice.objects.filter(convention=convention, year=year).values_list(
                "state_id", flat=True
            )
        )
        for state in states:
            if state.pk not in have:
                invoice_create(
                    convention=convention,
                    year=year,
                    state=state,
                    amount=Money(AMOUNT, convention.currency),
                    due_date=dt.date(year, 3, 31),
                    actor=None,
                )
    return convention


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


@benchmark(
    "pdf.invoices",
    f"issue {PER_CALL} invoices of a {STATES}-State assessment and render them on "
    f"{WORKERS} worker processes (task, template, WeasyPrint, storage) vs "
    f"{PER_CALL} bare WeasyPrint renders of the same HTML on the same processes",
)
def invoices_pdf() -> Pair:
    from django.conf import settings
    from django.db import transaction

    import budgets.tasks
    from budgets.contributions.documents import INVOICE_TEMPLATE, invoice_pdf_context
    from budgets.contributions.services import invoice_issue
    from budgets.models import Invoice
    from ism.documents import PDF_STYLESHEET, render_html

    demo_database()
    convention = _world()
    drafts = list(
        Invoice.objects.filter(
            convention=convention, issued_at__isnull=True, year__gte=FIRST_YEAR
        )
        .order_by("year", "state__iso3")
        .values_list("pk", flat=True)
    )
    _close_connections()
    pool = ProcessPoolExecutor(max_workers=WORKERS, initializer=_close_connections)
    pending = []
    # The queue: the render task issued on commit goes to the pool, as .delay
    # sends it to the Celery workers.
    budgets.tasks.invoice_render_pdf.delay = lambda pk: pending.append(
        pool.submit(_render_task, pk)
    )

    def ism() -> list[int]:
        if len(drafts) < PER_CALL:
            raise RuntimeError("out of drafts: raise YEARS for this many calls")
        batch = [drafts.pop(0) for _ in range(PER_CALL)]
        with transaction.atomic():
            for invoice in Invoice.objects.filter(pk__in=batch).select_related(
                "convention", "state"
            ):
                invoice_issue(invoice=invoice, actor=None)
        done, _ = wait(pending)
        results = [future.result() for future in done]
        pending.clear()
        if results != [True] * PER_CALL:
            raise RuntimeError(f"renders stored {results.count(True)} of {PER_CALL}")
        return batch

    # The HTML of one issued invoice: what the bare side renders.
    issued = Invoice.objects.get(pk=ism()[0])
    html = render_html(INVOICE_TEMPLATE, invoice_pdf_context(issued), language="en")
    base_url = Path(settings.BASE_DIR, "static").as_uri() + "/"

    def bare() -> list[int]:
        return list(
            pool.map(
                _bare_render,
                [html] * PER_CALL,
                [base_url] * PER_CALL,
                [str(PDF_STYLESHEET)] * PER_CALL,
            )
        )

    # Both sides must make the same document: the ISM side's stored file holds the
    # recipient's number and amount, like the bare render of its HTML.
    with issued.pdf.open("rb") as handle:
        text = _text(handle.read())
    if issued.number not in text or "12,345.67" not in text:
        raise RuntimeError("the stored invoice lacks its number or amount")
    return Pair(baseline=bare, subject=ism)
