"""A State's statement of account: the ledger its PDF and its page show (every
invoice, counter-invoice and payment with the running balance), the document
itself, and its download — the State's own only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse
from djmoney.money import Money

from budgets.contributions import documents as contribution_documents
from budgets.contributions.documents import statement_pdf_bytes
from budgets.contributions.statements import state_ledger
from budgets.models import Credit, Payment, Pledge, Statement
from budgets.tasks import statement_render_pdf
from tests.budgets.factories import private_media  # noqa: F401
from tests.budgets.invoice_docs import (
    cancellation_of,
    get,
    issued_invoice,
    payment,
    pdf_text,
    tasks_in_process,  # noqa: F401
)

# No worker runs in the tests: tasks run where they are queued, with REDIS_URL too.
pytestmark = pytest.mark.usefixtures("tasks_in_process")


def ledger(convention, state):
    return state_ledger(convention=convention, state=state)


def test_a_partial_payment_leaves_the_rest_due(apmbc, state_a):
    invoice = issued_invoice(apmbc, state_a, amount="76540.12")
    payment(invoice, "50000.00")

    account = ledger(apmbc, state_a)

    assert [e.kind for e in account.entries] == ["invoice", "payment"]
    assert account.invoiced == Decimal("76540.12")
    assert account.received == Decimal("50000.00")
    assert account.balance == Decimal("26540.12")  # 76,540.12 − 50,000
    assert account.settled_on(invoice) == Decimal("50000.00")


def test_an_over_payment_is_a_balance_in_the_states_favour(apmbc, state_a):
    invoice = issued_invoice(apmbc, state_a, amount="1000.00")
    paid = payment(invoice, "1200.00")
    Credit.objects.create(
        convention=apmbc,
        state=state_a,
        origin=Credit.Origin.OVERPAYMENT,
        amount=Money("200.00", "CHF"),
        payment=paid,
    )

    account = ledger(apmbc, state_a)

    assert account.balance == Decimal("-200.00")
    assert account.credit_available == Decimal("200.00")
    assert account.settled_on(invoice) == Decimal("1000.00")


def test_a_cancelled_invoice_and_its_counter_invoice_add_up_to_nothing(apmbc, state_a):
    invoice = issued_invoice(apmbc, state_a, sequence=7, amount="5000.00")
    cancellation_of(invoice, sequence=9, reason="Wrong scale.")
    issued_invoice(
        apmbc,
        state_a,
        sequence=10,
        amount="4000.00",
        replaces=invoice,
        issue_date=dt.date(2026, 1, 30),
    )

    account = ledger(apmbc, state_a)

    assert [(e.reference, e.debit, e.credit) for e in account.entries] == [
        ("APMBC-2026-0007", Decimal("5000.00"), 0),
        ("APMBC-2026-0009", 0, Decimal("5000.00")),
        ("APMBC-2026-0010", Decimal("4000.00"), 0),
    ]
    assert account.balance == Decimal("4000.00")


def test_a_payment_on_a_pledge_is_listed_apart_and_owes_nothing(apmbc, state_a):
    pledge = Pledge.objects.create(
        convention=apmbc,
        state=state_a,
        year=2026,
        date=dt.date(2026, 2, 1),
        amount=Money("10000.00", "CHF"),
        base_amount=Money("10000.00", "CHF"),
    )
    Payment.objects.create(
        convention=apmbc,
        state=state_a,
        pledge=pledge,
        date=dt.date(2026, 3, 1),
        amount=Money("10000.00", "CHF"),
        base_amount=Money("10000.00", "CHF"),
        applied=Money("0.00", "CHF"),
        reference="PLEDGE-1",
    )

    account = ledger(apmbc, state_a)

    assert account.entries == []
    assert account.balance == 0
    assert [p.reference for p in account.pledge_payments] == ["PLEDGE-1"]


def test_it_never_holds_another_states_rows(apmbc, state_a, state_b):
    mine = issued_invoice(apmbc, state_a, sequence=1, amount="100.00")
    theirs = issued_invoice(apmbc, state_b, sequence=2, amount="900.00")
    payment(theirs, "900.00", ref="THEIRS")

    account = ledger(apmbc, state_a)

    assert [e.invoice for e in account.entries] == [mine]
    assert account.balance == Decimal("100.00")


def test_the_statement_document_shows_each_movement_and_the_balance_due(apmbc, state_a):
    invoice = issued_invoice(apmbc, state_a, amount="76540.12")
    payment(invoice, "50000.00", ref="UBS-2026-0042")

    text = pdf_text(statement_pdf_bytes(ledger(apmbc, state_a)))

    assert "Statement of account: Atlantis" in text
    assert "APMBC-2026-0007" in text
    assert "UBS-2026-0042" in text
    assert "Total invoiced CHF 76,540.12" in text
    assert "Total received CHF 50,000.00" in text
    assert "Balance due CHF 26,540.12" in text


# --- Download -------------------------------------------------------------------------

FAKE_PDF = b"%PDF-1.7 statement"


@pytest.fixture
def fake_render(monkeypatch):
    renders = []

    def render(account, language="en"):
        renders.append(account.balance)
        return FAKE_PDF + str(len(renders)).encode()

    monkeypatch.setattr(contribution_documents, "statement_pdf_bytes", render)
    return renders


def url(state, convention):
    return reverse("budgets:state-statement-pdf", args=[state.iso3, convention.code])


def test_the_focal_point_downloads_their_statement(
    client_for, focal_a, apmbc, state_a, fake_render
):
    issued_invoice(apmbc, state_a, amount="100.00")

    response = get(client_for(focal_a), url(state_a, apmbc))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="APMBC-AAA-statement.pdf"'
    )
    assert response.body == FAKE_PDF + b"1"


def test_another_states_focal_point_gets_a_404_for_the_statement(
    client_for, focal_b, apmbc, state_a, fake_render
):
    issued_invoice(apmbc, state_a, amount="100.00")

    assert client_for(focal_b).get(url(state_a, apmbc)).status_code == 404
    assert fake_render == []


def test_a_change_to_the_account_makes_a_new_statement(
    client_for, focal_a, apmbc, state_a, fake_render
):
    invoice = issued_invoice(apmbc, state_a, amount="100.00")
    client = client_for(focal_a)
    get(client, url(state_a, apmbc))
    # What budgets.contributions.services.common.statement_touch does on every change.
    payment(invoice, "40.00")
    Statement.objects.filter(convention=apmbc, state=state_a).update(
        revision=F("revision") + 1
    )

    response = get(client, url(state_a, apmbc))

    assert response.body == FAKE_PDF + b"2"
    assert fake_render == [Decimal("100.00"), Decimal("60.00")]
    # Downloading it again renders nothing.
    get(client, url(state_a, apmbc))
    assert len(fake_render) == 2


def test_while_it_is_rendered_the_page_says_so_with_202(
    client_for, focal_a, apmbc, state_a, fake_render, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        statement_render_pdf, "delay", lambda *args: queued.append(args)
    )

    response = client_for(focal_a).get(url(state_a, apmbc))

    assert response.status_code == 202
    assert "being prepared" in response.content.decode()
    assert queued == [(apmbc.pk, state_a.pk)]
