"""Importing a bank statement: a preview of matched, suspicious and unmatched rows
before anything is saved; the same file again records nothing twice; a malformed
file gets a message naming the row and the column."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from budgets.contributions.services import bank_statement_import
from budgets.contributions.services.bank_import import Outcome
from budgets.models import ImportBatch, Payment
from tests.budgets.contrib import chf, fresh, issue_invoice

pytestmark = pytest.mark.django_db

HEADER = "state,invoice,date,amount,currency,reference\n"


@pytest.fixture
def invoices(apmbc, state_a, state_b):
    return (
        issue_invoice(apmbc, state_a, "1000.00"),  # APMBC-2026-0001
        issue_invoice(apmbc, state_b, "2000.00"),  # APMBC-2026-0002
    )


def statement(*rows: str) -> str:
    return HEADER + "".join(row + "\n" for row in rows)


def test_the_preview_sorts_rows_and_saves_nothing(apmbc, invoices, isu_staff):
    text = statement(
        "AAA,APMBC-2026-0001,2026-02-01,1000.00,CHF,FT-1",  # matched
        "BBB,APMBC-2026-0002,2026-02-02,1500.00,CHF,FT-2",  # wrong amount
        "BBB,APMBC-2026-0009,2026-02-03,10.00,CHF,FT-3",  # unknown invoice
        "BBB,APMBC-2026-0001,2026-02-04,10.00,CHF,FT-4",  # other State's
        "AAA,APMBC-2026-0001,2026-02-05,10.00,USD,FT-5",  # currency
        "AAA,,2026-02-06,10.00,CHF,FT-6",  # no invoice
        "ZZZ,APMBC-2026-0001,2026-02-07,10.00,CHF,FT-7",  # unknown State
    )

    result = bank_statement_import(
        convention=apmbc, csv_text=text, actor=isu_staff, confirm=False
    )

    outcomes = [(r.number, r.outcome) for r in result.rows]
    assert outcomes == [
        (2, Outcome.MATCHED),
        (3, Outcome.SUSPICIOUS),
        (4, Outcome.SUSPICIOUS),
        (5, Outcome.SUSPICIOUS),
        (6, Outcome.SUSPICIOUS),
        (7, Outcome.UNMATCHED),
        (8, Outcome.UNMATCHED),
    ]
    reasons = {r.number: " ".join(r.reasons) for r in result.rows}
    assert reasons[3] == "Pays 1500.00 where 2000.00 is outstanding."
    assert "Unknown invoice APMBC-2026-0009" in reasons[4]
    assert "Atlantis" in reasons[5]
    assert "USD" in reasons[6]
    assert [r.acceptable for r in result.suspicious] == [True, False, False, False]
    assert not Payment.objects.exists()
    assert not ImportBatch.objects.exists()


def test_confirming_records_matched_rows_and_accepted_ones(apmbc, invoices, isu_staff):
    text = statement(
        "AAA,APMBC-2026-0001,2026-02-01,1000.00,CHF,FT-1",
        "BBB,APMBC-2026-0002,2026-02-02,1500.00,CHF,FT-2",
        "BBB,APMBC-2026-0009,2026-02-03,10.00,CHF,FT-3",
    )

    result = bank_statement_import(
        convention=apmbc, csv_text=text, actor=isu_staff, confirm=True, accept={3, 4}
    )

    # Row 4 (an unknown invoice) cannot be accepted: it is recorded by hand.
    assert [r.number for r in result.recorded] == [2, 3]
    assert Payment.objects.count() == 2
    a, b = invoices
    assert fresh(a).outstanding_amount == 0
    assert fresh(b).outstanding_amount == 500
    assert ImportBatch.objects.get().recorded == 2


def test_the_same_file_again_records_nothing_twice(apmbc, invoices, isu_staff):
    text = statement(
        "AAA,APMBC-2026-0001,2026-02-01,400.00,CHF,FT-1",
        # Two identical movements in one file are two payments, both times.
        "BBB,APMBC-2026-0002,2026-02-02,500.00,CHF,FT-2",
        "BBB,APMBC-2026-0002,2026-02-02,500.00,CHF,FT-2",
    )
    first = bank_statement_import(
        convention=apmbc, csv_text=text, actor=isu_staff, confirm=True, accept={2, 3, 4}
    )
    assert len(first.recorded) == 3

    again = bank_statement_import(
        convention=apmbc, csv_text=text, actor=isu_staff, confirm=True, accept={2, 3, 4}
    )

    assert again.recorded == []
    assert [r.outcome for r in again.rows] == [Outcome.DUPLICATE] * 3
    assert Payment.objects.count() == 3
    a, b = invoices
    assert fresh(a).settled_amount == 400
    assert fresh(b).settled_amount == 1000


def test_a_payment_entered_by_hand_is_not_imported_again(apmbc, invoices, isu_staff):
    from tests.budgets.contrib import pay

    a, _ = invoices
    pay(a, "1000.00", reference="FT-1")
    result = bank_statement_import(
        convention=apmbc,
        csv_text=statement("AAA,APMBC-2026-0001,2026-02-01,1000.00,CHF,FT-1"),
        actor=isu_staff,
        confirm=True,
    )
    assert result.rows[0].outcome == Outcome.DUPLICATE
    assert Payment.objects.count() == 1


def test_a_malformed_file_names_each_row_and_column(apmbc, invoices, isu_staff):
    text = statement(
        "AAA,APMBC-2026-0001,2026-02-01,1000.00,CHF,FT-1",
        "AAA,APMBC-2026-0001,01/02/2026,1000.00,CHF,FT-2",
        "BBB,APMBC-2026-0002,2026-02-02,12x0,CHF,FT-3",
        "BBB,APMBC-2026-0002,2026-02-02,100.00,XYZ,FT-4",
        "BBB,APMBC-2026-0002,2026-02-02",
    )
    with pytest.raises(ValidationError) as caught:
        bank_statement_import(
            convention=apmbc, csv_text=text, actor=isu_staff, confirm=True
        )
    messages = caught.value.message_dict["file"]
    assert messages == [
        'Row 3, column "date": "01/02/2026" is not a date (YYYY-MM-DD).',
        'Row 4, column "amount": "12x0" is not an amount above zero (e.g. 12500.00).',
        'Row 5, column "currency": "XYZ" is not a currency ISM knows '
        "(CHF, USD, EUR, GBP, JPY, SEK, NOK, DKK, CAD, AUD).",
        "Row 6: 3 columns where the header has 6.",
    ]
    assert not Payment.objects.exists()


def test_a_missing_column_is_named(apmbc, isu_staff):
    with pytest.raises(ValidationError) as caught:
        bank_statement_import(
            convention=apmbc,
            csv_text="state,date,amount,currency,reference\nAAA,2026-01-01,1,CHF,x\n",
            actor=isu_staff,
        )
    assert caught.value.message_dict["file"] == [
        'Row 1 (the header): missing column(s) "invoice"; expected state, invoice, '
        "date, amount, currency, reference."
    ]


def test_an_over_payment_by_bank_becomes_credit(apmbc, invoices, isu_staff):
    from budgets.models import Credit

    bank_statement_import(
        convention=apmbc,
        csv_text=statement("AAA,APMBC-2026-0001,2026-02-01,1200.00,CHF,FT-9"),
        actor=isu_staff,
        confirm=True,
        accept={2},
    )
    assert Credit.objects.get().amount == chf(200)
