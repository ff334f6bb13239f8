"""The invoice document, rendered by WeasyPrint and read back with pypdf: what a
State's finance ministry needs to pay it, in the invoice's language, from the
invoice's own copies."""

import pytest

from budgets.contributions.documents import invoice_pdf_bytes
from budgets.models import ContributionSettings
from tests.budgets.invoice_docs import (
    BANK,
    cancellation_of,
    issued_invoice,
    pdf_text,
)


@pytest.fixture
def invoice(apmbc, state_a):
    return issued_invoice(apmbc, state_a, sequence=7, amount="76540.12")


def test_it_shows_recipient_number_dates_and_the_amount_in_figures_and_words(
    invoice,
):
    text = pdf_text(invoice_pdf_bytes(invoice))

    assert "Permanent Mission of Atlantis to the United Nations" in text
    assert "Rue de Lausanne 1" in text
    assert "Implementation Support Unit" in text  # the letterhead
    assert "APMBC-2026-0007" in text
    assert "15 January 2026" in text
    assert "31 March 2026" in text
    assert "CHF 76,540.12" in text
    assert "Seventy-six thousand five hundred and forty Swiss francs and 12/100" in text


def test_it_shows_the_payment_instructions_and_the_budget_and_decision(invoice):
    text = pdf_text(invoice_pdf_bytes(invoice))

    for line in BANK.splitlines():
        assert line in text
    assert "APMBC ISU budget 2026 (version 1)" in text
    assert "APLC/MSP.22/2025/CRP.1, paragraph 31" in text
    assert "quote the number APMBC-2026-0007" in text


def test_it_reads_the_invoices_copies_not_the_conventions_current_settings(
    invoice, apmbc
):
    # The bank changed after the invoice was issued: the invoice keeps its own.
    ContributionSettings.objects.create(
        convention=apmbc,
        issuer="A new letterhead",
        payment_instructions="IBAN: CH00 NEW ACCOUNT",
    )

    text = pdf_text(invoice_pdf_bytes(invoice))

    assert "CH00 NEW ACCOUNT" not in text
    assert "A new letterhead" not in text
    assert "CH93 0076 2011 6238 5295 7" in text


def test_a_french_invoice_is_written_in_french(apmbc, state_a):
    invoice = issued_invoice(apmbc, state_a, amount="1000000.00", language="fr")

    text = pdf_text(invoice_pdf_bytes(invoice))

    assert "Avis de contribution APMBC-2026-0007" in text
    assert "Date d'échéance" in text
    assert "31 mars 2026" in text
    assert "Un million de francs suisses" in text
    assert "CHF 1’000’000,00" in text  # ism.money: fr-CH grouping
    assert "Instructions de paiement" in text


def test_a_spanish_invoice_is_written_in_spanish(apmbc, state_a):
    invoice = issued_invoice(apmbc, state_a, amount="21.50", language="es")

    text = pdf_text(invoice_pdf_bytes(invoice))

    assert "Aviso de contribución APMBC-2026-0007" in text
    assert "Veintiún francos suizos con 50/100" in text
    assert "31 de marzo de 2026" in text


def test_a_counter_invoice_says_it_cancels_the_original_and_refers_to_its_number(
    invoice,
):
    counter = cancellation_of(invoice, sequence=12, reason="The wrong scale was used.")

    text = pdf_text(invoice_pdf_bytes(counter))

    assert "Cancellation of invoice APMBC-2026-0007" in text
    assert "APMBC-2026-0012" in text  # its own number
    assert "cancels invoice APMBC-2026-0007 of 15 January 2026 in full" in text
    assert "The wrong scale was used." in text
    assert "−CHF 76,540.12" in text
    assert "Total credited" in text
    # Nothing to pay on a cancellation.
    assert "Payment instructions" not in text


def test_a_corrected_invoice_says_which_invoice_it_replaces(invoice, apmbc, state_a):
    cancellation_of(invoice, sequence=12, reason="Wrong amount.")
    corrected = issued_invoice(
        apmbc, state_a, sequence=13, amount="70000.00", replaces=invoice
    )

    text = pdf_text(invoice_pdf_bytes(corrected))

    assert "replaces invoice APMBC-2026-0007, which has been cancelled" in text
    assert "CHF 70,000.00" in text
