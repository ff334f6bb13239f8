"""Twenty invoices issued at the same moment from twenty transactions get twenty
different numbers with no gap. Needs PostgreSQL: its row lock on the series'
counter is what is tested (SQLite serialises whole transactions)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from djmoney.money import Money

from budgets.contributions.services import invoice_create, invoice_issue
from budgets.models import Invoice, InvoiceSeries
from tests.factories import ConventionFactory, ParticipationFactory, StateFactory

PARALLEL = 20


@pytest.fixture
def drafts(postgres, transactional_db):
    # Committed for real (transactional_db): each thread has its own connection
    # and transaction, as twenty web requests would.
    apmbc = ConventionFactory(code="APMBC", currency="CHF")
    drafts = []
    for i in range(PARALLEL):
        state = StateFactory(iso3=f"P{i:02d}", iso2=f"{chr(65 + i)}Q", name=f"S{i}")
        ParticipationFactory(state=state, convention=apmbc)
        drafts.append(
            invoice_create(
                convention=apmbc,
                year=2026,
                state=state,
                amount=Money(1000 + i, "CHF"),
                actor=None,
            )
        )
    return drafts


def issue_all_at_once(drafts):
    barrier = threading.Barrier(len(drafts))
    errors = []

    def run(draft):
        try:
            barrier.wait()
            invoice_issue(invoice=Invoice.objects.get(pk=draft.pk), actor=None)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_twenty_parallel_issues_get_twenty_numbers_without_gap(drafts):
    errors = issue_all_at_once(drafts)

    assert errors == []
    numbers = list(Invoice.objects.filter(year=2026).values_list("number", flat=True))
    expected = {f"APMBC-2026-{n:04d}" for n in range(1, PARALLEL + 1)}
    assert len(numbers) == PARALLEL
    assert set(numbers) == expected
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(
        range(1, PARALLEL + 1)
    )
    assert InvoiceSeries.objects.get(year=2026).last_number == PARALLEL
