"""The collection status a Meeting of the States Parties reads: assessed,
received, outstanding, % received, arrears on closed years — from invoices,
payments and credit, never typed."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from budgets.contributions.selectors import (
    arrears,
    contribution_status,
    state_positions,
)
from budgets.contributions.services import invoice_cancel
from tests.budgets.contrib import chf, issue_invoice, parties, pay

pytestmark = pytest.mark.django_db


def test_it_reports_91_4_percent_received_when_117469_14_of_1362200_20_is_outstanding(
    apmbc,
):
    a, b, c = parties(apmbc, 3)
    pay(issue_invoice(apmbc, a, "1000000.00"), "1000000.00")
    pay(issue_invoice(apmbc, b, "300000.00"), "200000.00")
    pay(issue_invoice(apmbc, c, "62200.20"), "44731.06")

    status = contribution_status(convention=apmbc, year=2026)

    assessed = Decimal("1362200.20")
    outstanding = Decimal("117469.14")
    assert status.assessed == chf(assessed)
    assert status.outstanding == chf(outstanding)
    assert status.received == chf(assessed - outstanding)
    expected = ((assessed - outstanding) / assessed * 100).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    assert expected == Decimal("91.4")
    assert status.received_pct == expected


def test_a_cancelled_invoice_is_not_assessed_and_its_replacement_is(apmbc, state_a):
    invoice = issue_invoice(apmbc, state_a, "1000.00")
    invoice_cancel(
        invoice=invoice, actor=None, reason="wrong scale", reissue_amount=chf(800)
    )
    status = contribution_status(convention=apmbc, year=2026)
    assert status.assessed == chf(800)
    assert status.outstanding == chf(800)


def test_arrears_are_what_closed_years_still_owe(apmbc):
    a, b = parties(apmbc, 2)
    pay(issue_invoice(apmbc, a, 500, year=2024), 200)
    issue_invoice(apmbc, b, 300, year=2025)
    pay(issue_invoice(apmbc, a, 1000, year=2026), 1000)

    owed = arrears(user=None, convention=apmbc, before_year=2026)
    # user=None: an aggregate for ISM itself (the annual report); the pages pass
    # the request's user.
    assert [(s.iso3, m) for s, m in owed.rows] == [
        (a.iso3, chf(300)),
        (b.iso3, chf(300)),
    ]
    assert owed.total == chf(600)
    assert contribution_status(convention=apmbc, year=2026).arrears == chf(600)


def test_status_as_of_a_day_ignores_later_payments(apmbc, state_a):
    invoice = issue_invoice(apmbc, state_a, 1000)
    pay(invoice, 400, date=dt.date(2026, 2, 1))
    pay(invoice, 600, date=dt.date(2026, 6, 1))
    status = contribution_status(
        convention=apmbc, year=2026, as_of=dt.date(2026, 3, 31)
    )
    assert status.received == chf(400)


def test_each_states_position_shows_its_credit(apmbc, isu_staff):
    a, b = parties(apmbc, 2)
    pay(issue_invoice(apmbc, a, 1000), 1250)
    issue_invoice(apmbc, b, 500)
    rows = {
        p.state.iso3: p
        for p in state_positions(user=isu_staff, convention=apmbc, year=2026)
    }
    assert rows[a.iso3].received == Decimal(1000)
    assert rows[a.iso3].credit == Decimal(250)
    assert rows[b.iso3].outstanding == Decimal(500)
