"""Issued invoices, counter-invoices and payments built with the models directly, for
the tests of the documents a State receives and of reminders: they need an invoice
as issue leaves it (numbered, with its copies), not the path that got it there
(budgets.contributions.services.invoices is tested on its own)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from djmoney.money import Money

from budgets.models import Invoice, Payment
from ism.models import StateContact

ISSUER = (
    "Implementation Support Unit\n"
    "Anti-Personnel Mine Ban Convention\n"
    "Chemin Eugène-Rigot 2C, 1202 Geneva, Switzerland"
)
BANK = (
    "Beneficiary: GICHD — APMBC ISU Trust Fund\n"
    "Bank: UBS Switzerland AG, Geneva\n"
    "IBAN: CH93 0076 2011 6238 5295 7\n"
    "SWIFT/BIC: UBSWCHZH80A"
)


def issued_invoice(
    convention,
    state,
    *,
    sequence: int = 7,
    amount: str = "76540.12",
    year: int = 2026,
    issue_date: dt.date = dt.date(2026, 1, 15),
    due_date: dt.date = dt.date(2026, 3, 31),
    language: str = "en",
    **extra,
) -> Invoice:
    """An invoice as invoice_issue leaves it."""
    fields = {
        "convention": convention,
        "year": year,
        "state": state,
        "amount": Money(Decimal(amount), convention.currency),
        "number": f"{convention.code}-{year}-{sequence:04d}",
        "sequence": sequence,
        "issue_date": issue_date,
        "due_date": due_date,
        "issued_at": timezone.now(),
        "recipient_name": f"Permanent Mission of {state.name} to the United Nations",
        "recipient_address": "Rue de Lausanne 1\n1202 Geneva\nSwitzerland",
        "language": language,
        "issuer": ISSUER,
        "payment_instructions": BANK,
        "budget_reference": f"{convention.code} ISU budget {year} (version 1)",
        "decision_reference": "APLC/MSP.22/2025/CRP.1, paragraph 31",
    }
    fields.update(extra)
    return Invoice.objects.create(**fields)


def cancellation_of(original: Invoice, *, sequence: int, reason: str) -> Invoice:
    """The counter-invoice invoice_cancel issues, and the original marked cancelled."""
    counter = issued_invoice(
        original.convention,
        original.state,
        sequence=sequence,
        year=original.year,
        amount=str(-original.amount.amount),
        kind=Invoice.Kind.CANCELLATION,
        cancels=original,
        reason=reason,
        issue_date=original.issue_date + dt.timedelta(days=10),
        due_date=original.issue_date + dt.timedelta(days=10),
        language=original.language,
    )
    Invoice.objects.filter(pk=original.pk).update(cancelled=True)
    original.refresh_from_db()
    return counter


def payment(invoice: Invoice, amount: str, *, date=dt.date(2026, 2, 1), ref="BANK-1"):
    value = Money(Decimal(amount), invoice.convention.currency)
    return Payment.objects.create(
        convention=invoice.convention,
        state=invoice.state,
        invoice=invoice,
        date=date,
        amount=value,
        base_amount=value,
        applied=min(value, invoice.amount),
        reference=ref,
    )


def contact(convention, state, emails: str = "") -> StateContact:
    return StateContact.objects.create(
        state=state,
        convention=convention,
        recipient=f"Permanent Mission of {state.name}",
        address="Geneva",
        emails=emails or f"mission@{state.iso3.lower()}.example",
    )


def pdf_text(data: bytes) -> str:
    """The text of a PDF, whitespace collapsed, as a reader would search it."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())


def get(client, path, **kwargs):
    """GET and read the whole answer into response.body. Reading a download to its
    end closes the file it streams from (the test client closes it then, without
    closing the test's database connection as a second close would)."""
    response = client.get(path, **kwargs)
    response.body = b"".join(response) if response.streaming else response.content
    return response


@pytest.fixture
def tasks_in_process():
    """Run tasks where they are enqueued, also when REDIS_URL points at a broker
    (no worker runs during the tests): rendering on download, sending on commit."""
    from ism import celery_app

    # ISM's app is the one shared tasks resolve to, whatever app a test made.
    celery_app.set_current()
    conf = celery_app.conf
    before = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager = conf.task_eager_propagates = True
    yield
    conf.task_always_eager, conf.task_eager_propagates = before
