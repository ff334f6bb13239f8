"""Two people doing the same thing at the same moment get one result, not two
budgets or a lost change. Needs PostgreSQL: its row locks are what is tested."""

import json
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, connections
from djmoney.money import Money

from budgets.calculations import figures
from budgets.models import Budget
from budgets.services import budget_import, budget_save
from ism.concurrency import LATEST
from tests.conftest import need
from tests.factories import ConventionFactory

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


def at_once(*calls):
    """Run each call in its own thread and connection, released together."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def apmbc_on_postgres(transactional_db):
    # Committed for real (transactional_db): each thread has its own connection
    # and transaction.
    need(connection.vendor == "postgresql", "needs PostgreSQL (DATABASE_URL)")
    return ConventionFactory(code="APMBC", currency="CHF")


def test_two_imports_of_one_file_at_once_make_one_budget(apmbc_on_postgres):
    data = json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())

    results, errors = at_once(
        lambda: budget_import(data=data), lambda: budget_import(data=data)
    )

    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert Budget.objects.count() == 1


def test_two_saves_at_once_each_see_the_other(apmbc_on_postgres):
    data = json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())
    budget, _ = budget_import(data=data)

    def save(amount):
        def call():
            return budget_save(
                version=LATEST,
                budget=Budget.objects.get(pk=budget.pk),
                actor=None,
                fields={},
                positions=[{"title": "Director", "fte": Decimal("1")}],
                lines=[
                    {
                        "category": "travel",
                        "label": "Staff travel",
                        "amount": Money(amount, "CHF"),
                    }
                ],
                missions=[],
                notes=[],
            )

        return call

    results, errors = at_once(save(51000), save(52000))

    assert errors == []
    budget.refresh_from_db()
    # Two revisions, one after the other; the stored figure is the last save's.
    assert budget.revision == 3
    assert sorted(r.revision for r in results) == [2, 3]
    last = max(results, key=lambda r: r.revision)
    assert figures(budget).total == figures(last).total
