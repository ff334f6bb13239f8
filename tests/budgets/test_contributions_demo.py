"""The demo's contributions on any day: this year's invoices partly paid, never
on a day still to come (the demo itself: test_contributions_demo_once.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from budgets import demo as budgets_demo
from budgets.calculations import figures
from budgets.contributions.selectors import contribution_status
from budgets.models import Budget, Invoice, Payment
from ism.demo import load_core
from ism.models import Convention
from tests.clock import days

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", days("2028-01-20", "2029-02-28", "2034-12-31"))
def test_the_demo_has_this_years_invoices_partly_paid_on_any_day(day):
    """The CCM's budget of the year the demo is loaded in, adopted, assessed and
    partly paid by that day — never paid on a day still to come — and next year's
    drafts to prepare; the published budgets as published."""
    today = dt.date.fromisoformat(day)
    with time_machine.travel(dt.datetime.combine(today, dt.time(9), dt.UTC)):
        load_core()
        budgets_demo.load()  # what load_demo loads of budgets, without the rest
        before = (Invoice.objects.count(), Payment.objects.count())
        budgets_demo.load()
        assert (Invoice.objects.count(), Payment.objects.count()) == before
        ccm = Convention.objects.get(code="CCM")
        invoices = Invoice.objects.filter(convention=ccm, year=today.year)
        assert invoices.count() == ccm.participations.count()
        payments = Payment.objects.filter(invoice__in=invoices)
        assert all(p.date < today for p in payments)
        status = contribution_status(convention=ccm, year=today.year)
        assert 0 < status.outstanding.amount <= status.assessed.amount
        assert status.assessed.amount == sum(i.amount.amount for i in invoices)
        if today.month > 6:  # most States have paid by July
            assert status.outstanding.amount < status.assessed.amount
    totals = {
        (b.convention.code, b.year): figures(b).total.amount
        for b in Budget.objects.filter(year__in=[2024, 2026])
    }
    assert totals == {("APMBC", 2026): Decimal(769221), ("CCM", 2024): Decimal(477724)}
    drafts = Budget.objects.filter(year=today.year + 1, status=Budget.Status.DRAFT)
    assert {b.convention.code for b in drafts} == {"APMBC", "CCM"}
