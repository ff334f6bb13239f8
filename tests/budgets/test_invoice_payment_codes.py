"""The payment code on an invoice, read back as a bank app reads it: the PDF
rendered to an image and its QR codes decoded (issue 16). A CHF invoice carries
the Swiss QR-bill, a EUR invoice the EPC QR code, a USD invoice none; each gives
the account, the amount, the currency and the invoice's structured reference,
which leads back to the invoice."""

from __future__ import annotations

import pytest

from budgets.contributions.documents import invoice_pdf_bytes, statement_pdf_bytes
from budgets.contributions.payment_codes import (
    invoice_for_reference,
    invoice_reference,
    references_in,
)
from budgets.contributions.statements import state_ledger
from budgets.models import Invoice
from ism.models import Convention
from tests.budgets.contrib import issue_invoice
from tests.budgets.invoice_docs import issued_invoice, payment, pdf_text
from tests.budgets.payment_codes import (
    IBAN_CH,
    IBAN_EUR,
    PAYEE,
    QR_IBAN,
    payee,
    qr_codes,
)
from tests.factories import ConventionFactory

pytestmark = pytest.mark.django_db


def qr_bill_fields(payload: str) -> dict:
    """The Swiss QR-bill's data (SIX Implementation Guidelines 2.3, "QR-bill data
    structure"): one element a line, in a fixed order."""
    lines = payload.splitlines()
    return {
        "header": lines[0],
        "iban": lines[3],
        "creditor": lines[5],
        "amount": lines[18],
        "currency": lines[19],
        "reference_type": lines[27],
        "reference": lines[28],
        "message": lines[29],
    }


def test_a_chf_invoice_paid_to_a_qr_iban_carries_a_qr_bill_with_a_qr_reference(
    apmbc, state_a
):
    invoice = issued_invoice(apmbc, state_a, amount="76540.12", payee=payee(QR_IBAN))

    [code] = qr_codes(invoice_pdf_bytes(invoice))

    fields = qr_bill_fields(code)
    assert fields["header"] == "SPC"
    assert fields["iban"] == QR_IBAN
    assert fields["creditor"] == PAYEE["name"]
    assert (fields["amount"], fields["currency"]) == ("76540.12", "CHF")
    assert fields["reference_type"] == "QRR"
    assert len(fields["reference"]) == 27
    assert fields["reference"] == invoice_reference(invoice)
    assert fields["message"] == "APMBC-2026-0007"
    assert invoice_for_reference(apmbc, fields["reference"]) == invoice


def test_with_an_ordinary_iban_the_qr_bill_carries_a_creditor_reference(apmbc, state_a):
    invoice = issued_invoice(apmbc, state_a, amount="1000.00", payee=payee(IBAN_CH))

    [code] = qr_codes(invoice_pdf_bytes(invoice))

    fields = qr_bill_fields(code)
    assert fields["iban"] == IBAN_CH
    assert fields["reference_type"] == "SCOR"
    assert fields["reference"].startswith("RF")
    assert invoice_for_reference(apmbc, fields["reference"]) == invoice


def test_a_eur_invoice_carries_the_epc_code_with_the_creditor_reference(state_a):
    convention = ConventionFactory(code="EURO", currency="EUR")
    invoice = issued_invoice(
        convention, state_a, amount="2700.50", payee=payee(IBAN_EUR)
    )

    pdf = invoice_pdf_bytes(invoice)
    [code] = qr_codes(pdf)

    # EPC069-12 v2.1, "Quick Response Code: Guidelines to Enable Data Capture for
    # the Initiation of a SEPA Credit Transfer": BCD, version, encoding, SCT, BIC,
    # name, IBAN, amount, purpose, reference.
    lines = code.splitlines()
    assert lines[0] == "BCD"
    assert lines[3] == "SCT"
    assert lines[4] == PAYEE["bic"]
    assert lines[6] == IBAN_EUR
    assert lines[7] == "EUR2700.5"
    reference = lines[9]
    assert reference == invoice_reference(invoice)
    assert invoice_for_reference(convention, reference) == invoice
    assert "Illustrative bank details" in pdf_text(pdf)


def test_a_usd_invoice_has_no_code_and_says_so(state_a):
    convention = ConventionFactory(code="USDC", currency="USD")
    invoice = issued_invoice(convention, state_a, amount="500.00", payee=payee(IBAN_CH))

    pdf = invoice_pdf_bytes(invoice)

    assert qr_codes(pdf) == []
    text = " ".join(pdf_text(pdf).split())
    assert "No payment QR code exists for payments in USD" in text
    assert invoice_reference(invoice) in text


def test_an_invoice_without_bank_details_has_no_code(apmbc, state_a):
    invoice = issued_invoice(apmbc, state_a)

    assert qr_codes(invoice_pdf_bytes(invoice)) == []


def test_issuing_copies_the_conventions_account_which_later_changes_leave_alone(
    apmbc, state_a
):
    Convention.objects.filter(pk=apmbc.pk).update(
        bank_iban=QR_IBAN, bank_holder="APMBC ISU", bank_holder_country="CH"
    )
    apmbc.refresh_from_db()
    invoice = issue_invoice(apmbc, state_a, 1000)
    Convention.objects.filter(pk=apmbc.pk).update(bank_iban=IBAN_CH)

    stored = Invoice.objects.get(pk=invoice.pk)
    assert stored.payee["iban"] == QR_IBAN
    assert stored.payee["name"] == "APMBC ISU"


def test_a_reference_with_wrong_check_digits_or_of_another_convention_finds_nothing(
    apmbc, ccm, state_a
):
    invoice = issued_invoice(apmbc, state_a, payee=payee(QR_IBAN))
    reference = invoice_reference(invoice)
    typo = reference[:-2] + str((int(reference[-2]) + 1) % 10) + reference[-1]
    creditor = invoice_reference(invoice, iban=IBAN_CH)

    assert invoice_for_reference(apmbc, typo) is None
    assert invoice_for_reference(ccm, reference) is None
    assert invoice_for_reference(apmbc, creditor) == invoice
    # As a remittance line writes them: grouped, among words.
    text = f"Contribution 2026 ref {creditor[:4]} {creditor[4:8]} {creditor[8:]} thanks"
    assert references_in(text) == [f"{creditor[:4]} {creditor[4:8]} {creditor[8:]}"]


def test_the_statement_carries_the_qr_bill_of_the_one_invoice_owed_for_the_rest(
    apmbc, state_a
):
    invoice = issued_invoice(apmbc, state_a, amount="76540.12", payee=payee(QR_IBAN))
    payment(invoice, "50000.00")

    pdf = statement_pdf_bytes(state_ledger(convention=apmbc, state=state_a))
    [code] = qr_codes(pdf)

    fields = qr_bill_fields(code)
    assert (fields["amount"], fields["currency"]) == ("26540.12", "CHF")
    assert invoice_for_reference(apmbc, fields["reference"]) == invoice


def test_with_several_invoices_owed_the_statement_points_to_each_invoices_own(
    apmbc, state_a
):
    issued_invoice(apmbc, state_a, payee=payee(QR_IBAN))
    issued_invoice(apmbc, state_a, sequence=8, year=2027, payee=payee(QR_IBAN))

    pdf = statement_pdf_bytes(state_ledger(convention=apmbc, state=state_a))

    assert qr_codes(pdf) == []
    assert "with the payment reference printed on it" in " ".join(pdf_text(pdf).split())
