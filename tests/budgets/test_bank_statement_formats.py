"""Bank statements in the formats banks send (issue 16): camt.053 and camt.054
(ISO 20022) and MT940 (SWIFT), made by the tests, previewed, recorded, and
imported again with no change. Payments are matched to invoices by the
structured reference printed on the invoice (QR or creditor reference) or by
the invoice number in the remittance text; the rest come with suggestions for
staff to match by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from budgets.contributions.payment_codes import invoice_reference
from budgets.contributions.services import bank_statement_import
from budgets.contributions.services.bank_rows import Outcome
from budgets.models import Payment
from ism.models import Convention
from tests.budgets.bank_statements import XSD, Movement, camt053, camt054, mt940
from tests.budgets.contrib import fresh, issue_invoice
from tests.budgets.payment_codes import IBAN_CH, QR_IBAN
from tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoices(apmbc, state_a, state_b):
    """Atlantis's invoice paid into a QR-IBAN (QR reference), Borduria's."""
    Convention.objects.filter(pk=apmbc.pk).update(
        bank_iban=QR_IBAN, bank_holder="APMBC ISU", bank_holder_country="CH"
    )
    apmbc.refresh_from_db()
    return (
        issue_invoice(apmbc, state_a, "1000.00"),  # APMBC-2026-0001
        issue_invoice(apmbc, state_b, "2000.00"),  # APMBC-2026-0002
    )


def paid(invoice, days: int = 20) -> dt.date:
    return invoice.issue_date + dt.timedelta(days=days)


def movements(invoices) -> list[Movement]:
    atlantis, borduria = invoices
    return [
        # The QR-bill paid as printed: the QR reference.
        Movement(
            Decimal("1000.00"),
            paid(atlantis),
            structured=invoice_reference(atlantis),
            debtor="Ministry of Finance of Atlantis",
        ),
        # Paid with no reference, by the payer a State's name says, of what
        # Borduria owes: for staff, with Borduria's invoice suggested.
        Movement(
            Decimal("2000.00"),
            paid(borduria),
            text="Contribution 2026",
            debtor="Embassy of Borduria",
        ),
        # The bank's fee: money leaving, not a payment.
        Movement(Decimal("12.50"), paid(borduria), text="Fees", credit=False),
    ]


def preview(convention, text, actor):
    return bank_statement_import(
        convention=convention, csv_text=text, actor=actor, confirm=False
    )


def record(convention, text, actor, **options):
    return bank_statement_import(
        convention=convention, csv_text=text, actor=actor, confirm=True, **options
    )


def test_the_statement_made_here_is_a_valid_camt_053(invoices):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(camt053(movements(invoices)).encode())

    assert schema.validate(document), schema.error_log


def test_a_camt_053_is_matched_by_qr_reference_and_recorded_once(
    apmbc, invoices, isu_staff
):
    atlantis, borduria = invoices
    text = camt053(movements(invoices))

    shown = preview(apmbc, text, isu_staff)

    assert [(r.outcome, r.invoice_number) for r in shown.rows] == [
        (Outcome.MATCHED, "APMBC-2026-0001"),
        (Outcome.UNMATCHED, ""),
    ]
    assert shown.rows[1].suggestions == [borduria]
    assert shown.rows[1].debtor == "Embassy of Borduria"
    assert not Payment.objects.exists()

    done = record(apmbc, text, isu_staff)

    assert [r.recorded for r in done.rows] == [True, False]
    payment = Payment.objects.get()
    assert payment.invoice == atlantis
    assert payment.amount.amount == Decimal("1000.00")
    assert payment.date == paid(atlantis)
    assert fresh(atlantis).outstanding_amount == 0

    again = record(apmbc, text, isu_staff)

    assert again.rows[0].outcome == Outcome.DUPLICATE
    assert again.recorded == []
    assert Payment.objects.count() == 1


def test_staff_match_a_row_by_hand_and_it_stays_recorded(apmbc, invoices, isu_staff):
    _atlantis, borduria = invoices
    text = camt053(movements(invoices))

    record(apmbc, text, isu_staff, assign={2: borduria.pk})

    assert fresh(borduria).outstanding_amount == 0
    again = preview(apmbc, text, isu_staff)
    assert [r.outcome for r in again.rows] == [Outcome.DUPLICATE] * 2


def test_a_row_matched_by_hand_to_an_invoice_that_is_not_open_is_refused(
    apmbc, ccm, state_a, invoices, isu_staff
):
    text = camt053(movements(invoices))
    ParticipationFactory(state=state_a, convention=ccm)
    elsewhere = issue_invoice(ccm, state_a, "2000.00")

    with pytest.raises(ValidationError, match="not open any more"):
        record(apmbc, text, isu_staff, assign={2: elsewhere.pk})

    assert not Payment.objects.exists()


def test_an_mt940_statement_is_matched_by_creditor_reference_and_invoice_number(
    apmbc, invoices, isu_staff
):
    atlantis, borduria = invoices
    by_reference = invoice_reference(atlantis, iban=IBAN_CH)
    text = mt940(
        [
            Movement(atlantis.amount.amount, paid(atlantis), structured=by_reference),
            Movement(borduria.amount.amount, paid(borduria), text="APMBC-2026-0002"),
            Movement(Decimal("5.00"), paid(borduria), text="FEE", credit=False),
        ]
    )

    shown = preview(apmbc, text, isu_staff)
    assert [(r.outcome, r.invoice_number) for r in shown.rows] == [
        (Outcome.MATCHED, "APMBC-2026-0001"),
        (Outcome.MATCHED, "APMBC-2026-0002"),
    ]
    record(apmbc, text, isu_staff)
    again = record(apmbc, text, isu_staff)

    assert [r.outcome for r in again.rows] == [Outcome.DUPLICATE] * 2
    assert Payment.objects.count() == 2
    assert fresh(borduria).outstanding_amount == 0


def test_a_camt_054_notice_then_the_camt_053_statement_records_the_payment_once(
    apmbc, invoices, isu_staff
):
    atlantis, _borduria = invoices
    [first, *_rest] = movements(invoices)

    record(apmbc, camt054([first]), isu_staff)
    statement = record(apmbc, camt053(movements(invoices)), isu_staff)

    assert statement.rows[0].outcome == Outcome.DUPLICATE
    assert Payment.objects.get().invoice == atlantis


def test_a_reference_with_a_typo_is_not_matched(apmbc, invoices, isu_staff):
    atlantis, _borduria = invoices
    good = invoice_reference(atlantis)
    typo = good[:-3] + str((int(good[-3]) + 1) % 10) + good[-2:]
    text = camt053([Movement(Decimal("1000.00"), paid(atlantis), structured=typo)])

    [row] = preview(apmbc, text, isu_staff).rows

    assert row.outcome == Outcome.UNMATCHED
    # The amount still points at the right invoice.
    assert row.suggestions == [atlantis]


def test_an_xml_file_that_is_not_a_bank_statement_is_refused(apmbc, isu_staff):
    with pytest.raises(ValidationError, match="Not an ISO 20022 bank statement"):
        preview(apmbc, '<Document xmlns="urn:example"><x/></Document>', isu_staff)
    with pytest.raises(ValidationError, match="Not a readable XML file"):
        preview(apmbc, "<Document><unclosed></Document>", isu_staff)
