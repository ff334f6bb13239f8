"""The data the API load benchmarks serve, written into the bench's throwaway
PostgreSQL database. bench/api_server.py runs it as a subprocess with that
database's environment (`python -m bench.api_world`); it prints one JSON line:
the staff session cookie and the dashboard token the benchmarks send.

The demo (`load_demo`) first, then enough rows that every main list endpoint
serves a full page of 50 on both sides:

- invoices: the APMBC with 150 States Parties, each issued one invoice, read by
  the convention's ISU staff (the demo user staff.apmbc, signed in);
- budgets: 50 adopted APMBC budgets (the 2026 file under the years after it)
  beside the demo's two, public;
- meetings: 50 Meetings of the High Contracting Parties of the CCW, each with an
  agenda of 6 items and 3 public documents in English and French, public;
- reports: 60 published reports covering 2023 beside the demo's 40 for 2024;
- work plans: a plan of 1,000 statements with an indicator on each output
  (bench/world.py) beside the demo's APMBC plan, read by the APMBC's staff;
- States: the demo's 195.

Rows are made through ISM's services where the shape matters to the API (invoices
issued with their numbers, reports submitted and published); budgets' status and
the meetings' rows are written directly, since the list endpoints only read them.
No PDF is rendered: the render tasks are not queued.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

from bench.world import big_workplan

STATES = 150
INVOICE_YEAR = 2027
BUDGET_YEARS = range(2027, 2077)  # the importer takes 1990-2100
MEETINGS = 50
REPORTS = 60
REPORT_YEAR = 2023
WORKPLAN_YEAR = 2027
STAFF = "staff.apmbc"


def _parties(apmbc) -> list:
    """The APMBC's States Parties, made up to STATES (in ISO order)."""
    from ism.models import Participation, State
    from ism.parties import participation_mirror

    for state in State.objects.order_by("iso3"):
        if Participation.objects.filter(convention=apmbc).count() >= STATES:
            break
        participation, created = Participation.objects.get_or_create(
            state=state,
            convention=apmbc,
            defaults={"status": Participation.Status.PARTY},
        )
        if created:
            participation_mirror(participation)
    return list(
        State.objects.filter(
            participations__convention=apmbc,
            participations__status=Participation.Status.PARTY,
        ).order_by("iso3")
    )


def _invoices(apmbc, parties) -> None:
    from django.db import transaction
    from djmoney.money import Money

    import budgets.tasks
    from budgets.contributions.services import invoice_create, invoice_issue
    from budgets.models import ContributionSettings

    # The list reads the invoice rows; their documents are not the point here.
    budgets.tasks.invoice_render_pdf.delay = lambda pk: None
    ContributionSettings.objects.get_or_create(
        convention=apmbc,
        defaults={
            "issuer": "Implementation Support Unit\nAnti-Personnel Mine Ban "
            "Convention\nChemin Eugène-Rigot 2C, 1202 Geneva",
            "payment_instructions": "Bank: Bench Bank, Geneva\n"
            "IBAN: CH00 0000 0000 0000 0000 0",
        },
    )
    with transaction.atomic():
        for n, state in enumerate(parties):
            invoice = invoice_create(
                convention=apmbc,
                year=INVOICE_YEAR,
                state=state,
                amount=Money(Decimal(1500 + 37 * n), apmbc.currency),
                due_date=dt.date(INVOICE_YEAR, 3, 31),
                actor=None,
            )
            invoice_issue(invoice=invoice, actor=None)


def _budgets() -> None:
    from budgets.demo import _read
    from budgets.models import Budget
    from budgets.services import budget_import

    for year in BUDGET_YEARS:
        data = _read("apmbc-2026-budget.json")
        data["year"] = year
        budget, _ = budget_import(data=data, actor=None)
        Budget.objects.filter(pk=budget.pk).update(status=Budget.Status.ADOPTED)


def _meetings(ccw) -> None:
    from meetings.models import (
        AgendaItem,
        DocumentFile,
        Meeting,
        MeetingDocument,
        agenda_sort_key,
    )

    for number in range(1, MEETINGS + 1):
        start = dt.date(1976 + number, 11, 15)
        meeting = Meeting.objects.create(
            convention=ccw,
            kind=Meeting.Kind.MSP,
            number=number,
            title=f"Meeting of the High Contracting Parties {number}",
            start=start,
            end=start + dt.timedelta(days=2),
            venue="Palais des Nations, Geneva",
            status=Meeting.Status.HELD,
        )
        items = AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                number=str(n),
                title=f"Agenda item {n}",
                sort_key=agenda_sort_key(str(n)),
            )
            for n in range(1, 7)
        )
        documents = MeetingDocument.objects.bulk_create(
            MeetingDocument(
                meeting=meeting,
                symbol=f"CCW/MSP/{start.year}/{n}",
                title=f"Document {n} of the meeting",
                agenda_item=items[n],
                original_language="en",
                date=start - dt.timedelta(days=30),
                is_public=True,
            )
            for n in range(1, 4)
        )
        DocumentFile.objects.bulk_create(
            DocumentFile(
                document=document,
                language=language,
                file=f"meetings/bench/{document.symbol.replace('/', '-')}.pdf",
                kind=DocumentFile.Kind.PDF,
                original_name=f"{document.symbol}-{language}.pdf",
                size=123456,
                sha256="0" * 64,
            )
            for document in documents
            for language in ("en", "fr")
        )


def _reports(apmbc, parties) -> None:
    from django.db import transaction

    # Imported here, after django.setup(): ism.concurrency imports models.
    from ism.concurrency import LATEST
    from reporting import services
    from reporting.models import Report, ReportForm

    submitted_on = dt.date(REPORT_YEAR + 1, 3, 20)
    for state in parties[:REPORTS]:
        with transaction.atomic():
            report = services.report_start(
                convention=apmbc,
                state=state,
                year=REPORT_YEAR,
                actor=None,
                today=submitted_on,
                carry_over=False,
            )
            for form in report.forms.all():
                form.report = report
                services.report_form_save(
                    version=LATEST,
                    form=form,
                    status=ReportForm.Status.CHANGED,
                    text="Bench report text.",
                    actor=None,
                )
            version = services.report_submit(
                report=report, actor=None, today=submitted_on, render=False
            )
            services.report_version_publish(version=version, actor=None)
    if Report.objects.filter(published_version__isnull=False).count() < 100:
        raise RuntimeError("fewer published reports than the bench needs")


def _credentials(apmbc) -> dict[str, str]:
    from django.conf import settings
    from django.test import Client

    from ism.api_tokens import token_create
    from ism.models import User

    staff = User.objects.get(username=STAFF)
    client = Client()
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    _, secret = token_create(actor=staff, name="bench dashboard", convention=apmbc)
    return {
        "session_cookie": (
            f"{settings.SESSION_COOKIE_NAME}="
            f"{client.cookies[settings.SESSION_COOKIE_NAME].value}"
        ),
        "dashboard_token": secret,
    }


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from ism.models import Convention

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())
    apmbc = Convention.objects.get(code="APMBC")
    parties = _parties(apmbc)
    _invoices(apmbc, parties)
    _budgets()
    _meetings(Convention.objects.get(code="CCW"))
    # The demo's 40 reporting States already have their 2024 report; 2023 is free
    # for every party.
    _reports(apmbc, parties)
    # The APMBC's staff list its work plans: the demo's and one of 1,000
    # statements with indicators (bench/world.py's, made by the same services).
    big_workplan(WORKPLAN_YEAR)
    print(json.dumps(_credentials(apmbc)))


if __name__ == "__main__":
    main()
