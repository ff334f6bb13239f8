"""The 200-State assessment as production runs it, for bench_invoices_celery.py.

    python -m bench.celery_run fill    # the world: the demo and 200 APMBC parties
    python -m bench.celery_run serve   # answer "ism" and "bare", one per line

Both run with the environment bench_invoices_celery.py gives them: a throwaway
PostgreSQL database, and (serve) Redis as the broker, whose queue two real
`celery -A ism worker` processes read.

`serve` answers each line on its stdin when the work is done, with one line:

- `ism`: issue the APMBC's assessment of a year of its own to its 200 States
  Parties with ISM's service (`assessment_issue`: numbers, copies, audit, one
  transaction; the render tasks go to Redis on commit), then wait until the
  workers have rendered and stored the 200 PDFs (the last `pdf` column filled);
- `bare`: render the HTML of the last assessment's 200 invoices (made once, before
  any timing) with bare WeasyPrint on two processes, warm: each one reuses its
  FontConfiguration and parsed stylesheet (bench/bare_pdf.py).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import time
from decimal import Decimal

STATES = 200
FIRST_YEAR = 2101  # years of their own, far from the demo's
LAST_YEAR = 2200  # the last year an assessment may have
AMOUNT = Decimal("769221.00")
WORKERS = 2
POLL_SECONDS = 0.02
TIMEOUT_SECONDS = 600


def fill() -> None:
    """The demo, then the APMBC with STATES States Parties (States invented
    beyond the demo's 195), its invoice settings and a scale rating them all.
    No render task is queued while filling: the demo's documents are not the
    point, and no worker runs yet."""
    import io

    import django

    django.setup()
    from celery.app.task import Task
    from django.core.management import call_command

    from bench import world
    from ism.models import Convention, State

    Task.apply_async = lambda *args, **kwargs: None
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())
    for n in range(max(0, STATES - State.objects.count())):
        State.objects.get_or_create(
            iso3=f"X{n:02d}",
            defaults={"iso2": f"Y{n}", "name": f"Benchland {n}", "un_status": "member"},
        )
    apmbc = Convention.objects.get(code="APMBC")
    if len(world.parties(apmbc, STATES)) != STATES:
        raise SystemExit(f"the APMBC does not have {STATES} States Parties")
    world.contribution_settings(apmbc)
    world.scale(FIRST_YEAR, LAST_YEAR)


def _bare(html: str) -> int:
    from bench import bare_pdf

    return len(bare_pdf.render(html))


def _warm_child() -> None:
    import gc

    from bench import bare_pdf

    bare_pdf._warm()
    # Forked from this driver, the child holds Django and the apps, which a bare
    # renderer would not walk in its full collections; ISM's workers keep what
    # start-up loaded out of them (ism/celery.py), and so does the bare side.
    gc.freeze()


class Runner:
    def __init__(self, pool) -> None:
        from budgets.models import ScaleTable
        from ism.models import Convention

        self.pool = pool
        self.convention = Convention.objects.get(code="APMBC")
        self.scale = ScaleTable.objects.get(
            start_year=FIRST_YEAR, end_year=LAST_YEAR, illustrative=True
        )
        self.year = FIRST_YEAR
        self.html: list[str] = []

    def ism(self) -> str:
        from djmoney.money import Money

        from budgets.contributions.services import assessment_issue
        from budgets.models import Assessment, Invoice

        if self.year > LAST_YEAR:
            raise RuntimeError("out of years for assessments")
        assessment = assessment_issue(
            convention=self.convention,
            year=self.year,
            amount=Money(AMOUNT, self.convention.currency),
            method=Assessment.Method.ASSESSED,
            scale=self.scale,
            issue_date=dt.date(self.year - 1, 11, 1),
            due_date=dt.date(self.year, 1, 31),
            actor=None,
        )
        self.year += 1
        invoices = Invoice.objects.filter(assessment=assessment)
        issued = invoices.count()
        if issued != STATES:
            raise RuntimeError(f"the assessment issued {issued} invoices, not {STATES}")
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while invoices.filter(pdf="").exists():
            if time.monotonic() > deadline:
                raise RuntimeError("the workers did not store every PDF in time")
            time.sleep(POLL_SECONDS)
        if not self.html:
            self.html = self._html(invoices)
        return f"{issued} invoices issued and their PDFs stored"

    def _html(self, invoices) -> list[str]:
        """The HTML the workers rendered, one per invoice: what the bare side
        renders."""
        from budgets.contributions.documents import (
            INVOICE_TEMPLATE,
            invoice_document_queryset,
            invoice_pdf_context,
        )
        from ism.documents import render_html

        html = []
        for invoice in invoice_document_queryset().filter(pk__in=invoices):
            context = invoice_pdf_context(invoice)
            html.append(
                render_html(INVOICE_TEMPLATE, context, language=context["language"])
            )
        return html

    def bare(self) -> str:
        if not self.html:
            raise RuntimeError("no HTML yet: run ism once first")
        sizes = self.pool.map(_bare, self.html, chunksize=1)
        return f"{len(sizes)} PDFs rendered"


def serve() -> None:
    import django

    django.setup()
    # Before any database connection is open: the forked renderers must share
    # none with this process.
    pool = multiprocessing.get_context("fork").Pool(WORKERS, initializer=_warm_child)
    from ism.celery import app

    # The benchmark's own queue, which only its workers read.
    app.conf.task_default_queue = os.environ["ISM_BENCH_QUEUE"]
    runner = Runner(pool)
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        try:
            answer = {"ism": runner.ism, "bare": runner.bare}[command]()
        except Exception as exc:  # the benchmark raises it, with the reason
            print(f"error {exc!r}", flush=True)
            raise
        print(f"ok {answer}", flush=True)
    pool.terminate()


if __name__ == "__main__":
    {"fill": fill, "serve": serve}[sys.argv[1]]()
