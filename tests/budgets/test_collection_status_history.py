"""The collection status after years of history: each State's position sums its
closed years in SQL, yet says what the invoices one by one say, and the page
costs the same queries for two years of a few States as for six years of more."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from budgets.contributions.selectors import (
    Arrears,
    arrears,
    assessment_years,
    state_positions,
)
from budgets.contributions.services import invoice_cancel
from budgets.models import Invoice
from tests.budgets import contrib
from tests.budgets.contrib import chf, fresh, issue_invoice, parties, pay

pytestmark = pytest.mark.django_db


def _history(convention, *, states: int, years: int) -> int:
    """`years` years of invoices up to this year for `states` new parties: some
    paid in full, some in part, some not at all. Returns this year."""
    this_year = timezone.localdate().year
    members = parties(convention, states, prefix="H")
    for y in range(this_year - years + 1, this_year + 1):
        day = dt.date(y, 1, 15)
        invoices = contrib.issue_invoices(
            convention,
            {state: 1000 + n for n, state in enumerate(members)},
            year=y,
            issue_date=day,
            due_date=day + dt.timedelta(days=60),
        )
        for n, invoice in enumerate(invoices):
            if n % 3 == 0:
                pay(invoice, 1000 + n, date=day)
            elif n % 3 == 1:
                pay(invoice, 400, date=day)
    return this_year


def _one_by_one(convention, year: int) -> dict[str, tuple]:
    """Each State's figures as its invoices say them one at a time (the rule the
    positions sum: Invoice.outstanding_amount of each live invoice)."""
    figures: dict[str, list] = {}
    live = Invoice.objects.filter(
        convention=convention,
        kind=Invoice.Kind.INVOICE,
        cancelled=False,
        issued_at__isnull=False,
        year__lte=year,
    )
    for invoice in live:
        invoice = fresh(invoice)
        row = figures.setdefault(invoice.state.iso3, [Decimal(0)] * 3)
        if invoice.year == year:
            row[0] += invoice.amount.amount
            row[1] += invoice.settled_amount
        else:
            row[2] += invoice.outstanding_amount
    return {iso3: tuple(row) for iso3, row in figures.items()}


def test_positions_say_what_the_invoices_say_one_by_one(apmbc, isu_staff):
    this_year = timezone.localdate().year
    paid_up, owing, cancelled = parties(apmbc, 3, prefix="P")
    last_year = dt.date(this_year - 1, 1, 15)
    old = issue_invoice(
        apmbc,
        paid_up,
        700,
        year=this_year - 1,
        issue_date=last_year,
        due_date=last_year,
    )
    pay(old, 900, date=last_year)  # 200 over: credit, not negative arrears
    issue_invoice(
        apmbc, owing, 500, year=this_year - 2, issue_date=last_year, due_date=last_year
    )
    wrong = issue_invoice(
        apmbc,
        cancelled,
        800,
        year=this_year - 1,
        issue_date=last_year,
        due_date=last_year,
    )
    invoice_cancel(invoice=wrong, actor=None, reason="wrong", reissue_amount=chf(300))
    today = timezone.localdate()
    issue_invoice(apmbc, owing, 1000, year=this_year, issue_date=today, due_date=today)

    positions = {
        p.state.iso3: p
        for p in state_positions(user=isu_staff, convention=apmbc, year=this_year)
    }

    expected = _one_by_one(apmbc, this_year)
    assert {
        iso3: (p.assessed, p.received, p.arrears) for iso3, p in positions.items()
    } == expected
    # A State with nothing invoiced this year keeps its row for its closed years.
    assert positions[paid_up.iso3].arrears == 0
    assert positions[paid_up.iso3].credit == Decimal(200)
    assert positions[owing.iso3].arrears == Decimal(500)
    assert positions[cancelled.iso3].arrears == Decimal(300)
    # The page reads its arrears table off the positions: arrears()'s figures.
    owed = arrears(user=isu_staff, convention=apmbc, before_year=this_year)
    shown = Arrears.of_positions(list(positions.values()), currency="CHF")
    assert [(s.iso3, m) for s, m in shown.rows] == [(s.iso3, m) for s, m in owed.rows]
    assert shown.total == owed.total == chf(800)


def test_assessment_years_are_the_years_invoiced_newest_first(apmbc):
    this_year = _history(apmbc, states=2, years=3)
    assert assessment_years(convention=apmbc) == [
        this_year,
        this_year - 1,
        this_year - 2,
    ]


@pytest.mark.parametrize(("states", "years"), [(2, 2), (8, 6)])
def test_the_status_page_costs_the_same_queries_for_any_history(
    apmbc, isu_staff, client_for, django_assert_max_num_queries, states, years
):
    this_year = _history(apmbc, states=states, years=years)
    positions = state_positions(user=isu_staff, convention=apmbc, year=this_year)
    assert positions == sorted(positions, key=lambda p: p.state.name)
    assert {
        p.state.iso3: (p.assessed, p.received, p.arrears) for p in positions
    } == _one_by_one(apmbc, this_year)
    client = client_for(isu_staff)
    client.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    url = reverse("budgets:contributions-status", args=["APMBC"])

    # 15, one for the navigation's counts (the newest audit event's id) and one
    # for the year's invoice documents being prepared (staff).
    with django_assert_max_num_queries(17):
        page = client.get(f"{url}?year={this_year}")

    assert page.status_code == 200
    assert len(page.context["positions"]) == states
