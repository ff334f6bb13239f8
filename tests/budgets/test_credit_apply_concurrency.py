"""A State's credit is spent once: two of its invoices issued at the same moment
share what is left of it, never take it twice. Needs PostgreSQL: its row locks
on the credits, and reading what is left after they are held, are what is
tested."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from budgets.contributions import selectors, services
from budgets.models import CreditAllocation
from tests.budgets.contrib import chf
from tests.budgets.test_services_concurrency import at_once
from tests.conftest import need
from tests.factories import ConventionFactory, ParticipationFactory, StateFactory


@pytest.fixture
def world(transactional_db):
    # Committed for real (transactional_db): each thread has its own connection
    # and transaction.
    need(connection.vendor == "postgresql", "needs PostgreSQL (DATABASE_URL)")
    apmbc = ConventionFactory(code="APMBC", currency="CHF")
    state = StateFactory(iso3="AAA", iso2="AA", name="Atlantis")
    ParticipationFactory(state=state, convention=apmbc)
    return apmbc, state


def test_it_spends_a_credit_once_when_two_invoices_are_issued_at_once(world):
    apmbc, state = world
    # Paid without an invoice: all of it becomes the State's credit.
    services.payment_record(
        convention=apmbc,
        state=state,
        date=dt.date(2026, 1, 5),
        amount=chf("1000.00"),
        actor=None,
    )
    drafts = [
        services.invoice_create(
            convention=apmbc, year=year, state=state, amount=chf("800.00"), actor=None
        )
        for year in (2026, 2027)
    ]

    _, errors = at_once(
        *(lambda d=d: services.invoice_issue(invoice=d, actor=None) for d in drafts)
    )

    assert errors == []
    taken = sorted(a.amount.amount for a in CreditAllocation.objects.all())
    assert taken == [Decimal("200.00"), Decimal("800.00")]
    assert selectors.credit_left(convention=apmbc, state=state) == chf("0.00")
