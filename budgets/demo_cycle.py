"""The demo's current financial cycle, relative to the day it is loaded.

The published budgets (APMBC 2026, CCM 2024) stay exactly as published. Around
them the demo builds what an ISU has on its desk on `today`:
- the CCM's budget for this year, copied from the latest adopted one, taken
  through the workflow and adopted at the previous year's Meeting, assessed on the
  illustrative scale with invoices issued on 1 November of the previous year and
  due on 31 January; the States pay over the year on fixed, invented days, and only
  on days already past, so some invoices are paid, one in part, others still open
  (overdue once 31 January has passed);
- next year's draft budgets of the APMBC and the CCM, copied from the latest
  budget of each (the work the ISU has to do before its Meeting).

Everything here is illustrative and labelled so. Loading again on the same day
changes nothing; on a later day it adds the new year's budgets and the payments
that have fallen due since, and never touches what is there.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from djmoney.money import Money

from budgets.calculations import figures
from budgets.contributions.services import (
    assessment_issue,
    payment_record,
    scale_table_import,
)
from budgets.contributions.services.assessments import adopted_budget
from budgets.contributions.services.scale import scale_for
from budgets.models import Assessment, Budget, Invoice, Payment
from budgets.services import (
    budget_adopt,
    budget_approve,
    budget_circulate,
    budget_create,
    budget_save,
    budget_submit,
    budget_version,
)
from ism.models import Convention

SYSTEM = None
SCALE_FILE = Path(__file__).resolve().parent / "data" / "illustrative_un_scale.csv"
# The UN scale is adopted for three years at a time (2025-2027, 2028-2030, ...).
FIRST_TRIENNIUM = 2025


def load(today: dt.date) -> dict[str, int]:
    created = 0
    with transaction.atomic():
        ccm = Convention.objects.filter(code="CCM").first()
        if ccm is not None and today.year > 2024:
            created += _adopted_this_year(ccm, today.year)
    for code in ("APMBC", "CCM"):
        convention = Convention.objects.filter(code=code).first()
        if convention is not None:
            with transaction.atomic():
                created += _draft_for(convention, today.year + 1)
    invoices = 0
    if ccm is not None:
        with transaction.atomic():
            invoices = _assessed(ccm, today)
        with transaction.atomic():
            _payments(ccm, today)
    return {"cycle_budgets_created": created, "cycle_invoices_issued": invoices}


def _copied(convention: Convention, year: int, *, adopted: bool) -> Budget | None:
    """The year's budget, a copy of the latest earlier one (the latest adopted
    one with `adopted`); None when the year has a budget already or there is
    nothing to copy, so that loading again changes nothing."""
    if Budget.objects.filter(convention=convention, year=year).exists():
        return None
    earlier = Budget.objects.filter(convention=convention, year__lt=year)
    if adopted:
        earlier = earlier.filter(status=Budget.Status.ADOPTED)
    source = earlier.order_by("-year", "-version").first()
    if source is None:
        return None
    return budget_create(
        convention=convention, year=year, actor=SYSTEM, copy_from=source
    )


def _adopted_this_year(convention: Convention, year: int) -> int:
    budget = _copied(convention, year, adopted=True)
    if budget is None:
        return 0
    # Illustrative: adopted at the previous year's Meeting in mid-September, having
    # been circulated 60 days before it (CCM/CONF/2021/6 para 83).
    meeting_opens = dt.date(year - 1, 9, 11)
    meeting = f"Meeting of States Parties, September {year - 1} (illustrative)"
    circulated = meeting_opens - dt.timedelta(days=60)
    # Circulated with its title block (budgets.services.workflow.TITLE_BLOCK).
    budget_save(
        budget=budget,
        actor=SYSTEM,
        version=budget_version(budget),
        fields={"meeting": meeting, "agenda_item": "10", "document_date": circulated},
    )
    budget_submit(budget=budget, actor=SYSTEM)
    budget_approve(budget=budget, actor=SYSTEM)
    budget_circulate(budget=budget, actor=SYSTEM, on=circulated)
    budget_adopt(
        budget=budget,
        actor=SYSTEM,
        on=meeting_opens + dt.timedelta(days=3),
        meeting=meeting,
        decision="",
        document_symbol="",
    )
    return 1


def _draft_for(convention: Convention, year: int) -> int:
    return 0 if _copied(convention, year, adopted=False) is None else 1


def _scale(year: int):
    scale = scale_for(year)
    if scale is not None:
        return scale
    start = year - (year - FIRST_TRIENNIUM) % 3
    table, _ = scale_table_import(
        csv_text=SCALE_FILE.read_text(encoding="utf-8"),
        name=f"ISM demo scale {start}-{start + 2}",
        start_year=start,
        end_year=start + 2,
        source="Invented for the ISM demo",
        illustrative=True,
        actor=SYSTEM,
    )
    return table


def _assessed(convention: Convention, today: dt.date) -> int:
    year = today.year
    if Assessment.objects.filter(convention=convention, year=year).exists():
        return 0
    budget = adopted_budget(convention, year)
    if budget is None:
        return 0
    assessment = assessment_issue(
        convention=convention,
        year=year,
        amount=figures(budget).total,
        method=Assessment.Method.MIXED,
        scale=_scale(year),
        budget=budget,
        issue_date=dt.date(year - 1, 11, 1),
        due_date=dt.date(year, 1, 31),
        actor=SYSTEM,
    )
    return Invoice.objects.filter(assessment=assessment).count()


def _pays_on(code: str, year: int) -> dt.date | None:
    """The invented day a State pays this year's invoice: one in four never does,
    the rest between mid-December and early July."""
    spread = zlib.crc32(f"{code}:{year}".encode())
    if spread % 4 == 0:
        return None
    return dt.date(year - 1, 12, 15) + dt.timedelta(days=spread % 200)


def _payments(convention: Convention, today: dt.date) -> None:
    year = today.year
    invoices = Invoice.objects.filter(
        convention=convention, year=year, kind=Invoice.Kind.INVOICE, cancelled=False
    ).select_related("state")
    paid = set(
        Payment.objects.filter(
            convention=convention, reference__startswith="DEMO-"
        ).values_list("reference", flat=True)
    )
    for invoice in invoices:
        reference = f"DEMO-{invoice.number}"
        day = _pays_on(invoice.state.iso3, year)
        if reference in paid or day is None or day >= today:
            continue
        # Every seventh paying State pays half, the rest in full.
        share = (
            Decimal("0.5") if zlib.crc32(invoice.state.iso3.encode()) % 7 == 0 else 1
        )
        payment_record(
            convention=convention,
            state=invoice.state,
            invoice=invoice,
            date=day,
            amount=Money(
                (invoice.amount.amount * share).quantize(Decimal("0.01")),
                invoice.amount.currency,
            ),
            reference=reference,
            actor=SYSTEM,
        )
