"""The documents a State receives about its contributions: the invoice (assessment
notice) and the statement of account.

An invoice's document says forever what the invoice said when it was issued: it is
made from the invoice's own copies (letterhead, recipient, payment instructions,
budget and decision references, language), never from the convention's current
settings, and it is rendered once (budgets.tasks.invoice_render_pdf). A counter-
invoice is rendered the same way and says which invoice it cancels.

The statement is the State's ledger with one convention
(budgets.contributions.statements): it changes with every invoice and payment, so it is
rendered again whenever its Statement row's revision has moved.

Both are stored privately (MEDIA_ROOT is never served) and downloaded through
budgets.contributions.views.documents, which asks the access policy first.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import translation
from django.utils.translation import gettext as _

from budgets.amount_words import amount_in_words
from budgets.contributions.payment_codes import payment_code
from budgets.contributions.statements import Ledger, state_ledger
from budgets.models import Invoice, Statement
from ism import dates
from ism.document_languages import (
    document_language,
    in_language,
    store_translated,
    translation_language,
)
from ism.documents import render_pdf
from ism.models import Convention, State
from ism.money import format_amount
from ism.reminders import working_language_for
from ism.stored_documents import StoredDocument, row_to_render, store_row_pdf

logger = logging.getLogger(__name__)

INVOICE_TEMPLATE = "pdf/invoice.html"
STATEMENT_TEMPLATE = "pdf/statement.html"


def invoice_filename(invoice: Invoice) -> str:
    """The invoice's own number: "APMBC-2026-0007.pdf"."""
    return f"{invoice.number}.pdf"


def statement_filename(convention: Convention, state: State) -> str:
    return f"{convention.code}-{state.iso3}-statement.pdf"


def long_date(day: dt.date | None, language: str) -> str:
    """30 April 2026 (30 avril 2026, 30 de abril de 2026): ISM's one date style
    (ism.dates, the formats of ism/formats), in the document's language."""
    return dates.long_date(day, language)


def money_text(amount, currency: str, language: str) -> str:
    """CHF 76,540.12 (en), CHF 76’540.12 (fr): the code, then the figures."""
    return f"{currency} {format_amount(amount, language, places=2)}"


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in (text or "").splitlines() if line.strip()]


# --- The invoice ----------------------------------------------------------------------


def invoice_document_queryset():
    """Unscoped: read by the render task, which acts for the system. The invoice a
    counter-invoice cancels, or one replaces, is read only by those few (one
    query each, for a number and a date): joined here, every render loaded two
    more whole invoices' columns to print neither."""
    return Invoice.objects.select_related("convention", "state")


def invoice_pdf_context(invoice: Invoice, language: str | None = None) -> dict:
    """Everything the invoice document shows, formatted for its language (or
    `language`)."""
    language = document_language(language or invoice.language)
    currency = str(invoice.amount.currency)
    amount = abs(invoice.amount.amount)
    with translation.override(language):
        if invoice.is_cancellation:
            title = _("Cancellation of invoice %(number)s") % {
                "number": invoice.cancels.number
            }
        else:
            title = _("Assessment notice %(number)s") % {"number": invoice.number}
        return {
            "invoice": invoice,
            "language": language,
            "title": title,
            "issuer_lines": _lines(invoice.issuer),
            "recipient_name": invoice.recipient_name or invoice.state.name,
            "recipient_lines": _lines(invoice.recipient_address),
            "number": invoice.number,
            "year": invoice.year,
            "convention": invoice.convention,
            "state": invoice.state,
            "issue_date": long_date(invoice.issue_date, language),
            "due_date": long_date(invoice.due_date, language),
            "amount": money_text(amount, currency, language),
            "amount_words": amount_in_words(amount, currency, language),
            "currency": currency,
            "payment_lines": _lines(invoice.payment_instructions),
            "payment_code": payment_code(invoice, language),
            "payee": invoice.payee,
            "budget_reference": invoice.budget_reference,
            "decision_reference": invoice.decision_reference,
            "note_lines": _lines(invoice.note),
            "is_cancellation": invoice.is_cancellation,
            "original_number": invoice.cancels.number if invoice.cancels_id else "",
            "original_issue_date": long_date(invoice.cancels.issue_date, language)
            if invoice.cancels_id
            else "",
            "reason": invoice.reason,
            "replaces_number": invoice.replaces.number if invoice.replaces_id else "",
        }


def invoice_pdf_bytes(invoice: Invoice, language: str | None = None) -> bytes:
    context = invoice_pdf_context(invoice, language)
    return render_pdf(INVOICE_TEMPLATE, context, language=context["language"])


def invoice_pdf_render(*, invoice_id: int, language: str | None = None) -> bool:
    """Render and store the document of an issued invoice unless it has one.

    Returns True when this call stored it. A draft has no document (no number yet).
    Once stored, the document is never replaced: a second call, or a twin running
    at the same moment, finds it and stores nothing (store_if_newer). Only a new
    `revision` (a lost file) makes it render again, from the same copies. In
    another `language` than the invoice's, its version in that language
    (ism.document_languages), stored once the same way.
    """
    invoice = row_to_render(invoice_document_queryset(), invoice_id)
    if invoice is None:
        return False
    if not invoice.has_document:
        logger.info("invoice %s has no document; nothing to render", invoice_id)
        return False
    if translation_language(language, invoice.language):
        return store_translated(
            kind="invoice",
            owner_id=invoice.pk,
            language=language,
            revision=invoice.revision,
            filename=invoice_filename(invoice),
            content=lambda: invoice_pdf_bytes(invoice, language),
        )
    if invoice_stored(invoice).ready:
        return False
    return store_row_pdf(
        invoice,
        content=invoice_pdf_bytes(invoice),
        folder=f"invoices/pdf/{invoice.pk}",
        filename=invoice_filename(invoice),
    )


def invoice_stored(invoice: Invoice, language: str | None = None) -> StoredDocument:
    """The invoice's document as its page and the API serve it (normally queued at
    issue, after commit; a request is the fallback for a lost message or file), in
    `language` (default: the invoice's, the State's working language at issue)."""
    from budgets.tasks import invoice_render_pdf

    document = _invoice_own_stored(invoice)
    return in_language(
        document, language, "invoice", invoice, invoice_render_pdf, own=invoice.language
    )


def _invoice_own_stored(invoice: Invoice) -> StoredDocument:
    from budgets.tasks import invoice_render_pdf

    return StoredDocument(
        storage=invoice.pdf.storage,
        name=invoice.pdf.name or "",
        current=invoice.pdf_is_current,
        filename=invoice_filename(invoice),
        render_key=(
            f"budgets:invoice-pdf-requested:{invoice.pk}:"
            f"{invoice.created_at.timestamp()}:{invoice.revision}"
        ),
        render=lambda: invoice_render_pdf.delay(invoice.pk),
        reload=lambda: invoice_stored(Invoice.objects.get(pk=invoice.pk)),
    )


# --- The statement ----------------------------------------------------------------


def statement_payment(ledger: Ledger, language: str) -> dict:
    """The statement's payment code: the QR-bill or EPC code of the one invoice
    still owed, for what it still asks. With several owed, each is paid with
    the reference on its own invoice (one payment, one invoice: the reference is
    how the bank statement finds it again)."""
    owed = [
        invoice
        for invoice in ledger.invoices
        if invoice.outstanding_for(ledger.settled_on(invoice)) > 0
    ]
    if len(owed) != 1:
        return {"several_owed": len(owed) > 1}
    invoice = owed[0]
    amount = invoice.outstanding_for(ledger.settled_on(invoice))
    return {
        "payment_code": payment_code(invoice, language, amount),
        "payee": invoice.payee,
    }


def statement_pdf_context(ledger: Ledger, language: str = "en") -> dict:
    language = document_language(language)
    currency = ledger.currency

    def money(value) -> str:
        return format_amount(value, language, places=2) if value else ""

    with translation.override(language):
        entries = [
            {
                "date": long_date(entry.date, language),
                "reference": entry.reference,
                "description": entry.description,
                "debit": money(entry.debit),
                "credit": money(entry.credit),
                "balance": format_amount(entry.balance, language, places=2),
            }
            for entry in ledger.entries
        ]
        return {
            "language": language,
            "convention": ledger.convention,
            "state": ledger.state,
            "title": _("Statement of account: %(state)s") % {"state": ledger.state},
            "currency": currency,
            "issuer_lines": _lines(ledger.issuer),
            "entries": entries,
            "invoiced": money_text(ledger.invoiced, currency, language),
            "received": money_text(ledger.received, currency, language),
            "balance": money_text(abs(ledger.balance), currency, language),
            "balance_due": ledger.balance > 0,
            "balance_credit": ledger.balance < 0,
            "last_movement": long_date(ledger.last_movement, language),
            "pledge_payments": [
                {
                    "date": long_date(p.date, language),
                    "reference": p.reference,
                    "amount": money_text(
                        p.base_amount.amount, str(p.base_amount.currency), language
                    ),
                }
                for p in ledger.pledge_payments
            ],
            **statement_payment(ledger, language),
        }


def statement_pdf_bytes(ledger: Ledger, language: str = "en") -> bytes:
    context = statement_pdf_context(ledger, language)
    return render_pdf(STATEMENT_TEMPLATE, context, language=context["language"])


def _statement_bytes(convention, state, language: str) -> bytes:
    with translation.override(language):  # the ledger's descriptions
        ledger = state_ledger(convention=convention, state=state)
    return statement_pdf_bytes(ledger, language)


def statement_pdf_render(
    *, convention_id: int, state_id: int, language: str | None = None
) -> bool:
    """Render and store the State's statement unless the stored one is current.
    Returns True when this call stored a new document. Written in the State's
    working language, like its invoices; in another `language`, its version in
    that language (ism.document_languages)."""
    try:
        convention = Convention.objects.get(pk=convention_id)
        state = State.objects.get(pk=state_id)
    except (Convention.DoesNotExist, State.DoesNotExist):
        return False
    statement, _created = Statement.objects.get_or_create(
        convention=convention, state=state
    )
    own = document_language(working_language_for(state, convention))
    if translation_language(language, own):
        return store_translated(
            kind="statement",
            owner_id=statement.pk,
            language=language,
            revision=statement.revision,
            filename=statement_filename(convention, state),
            content=lambda: _statement_bytes(
                convention, state, document_language(language)
            ),
        )
    if statement_stored(statement).ready:
        return False
    return store_row_pdf(
        statement,
        content=_statement_bytes(convention, state, own),
        folder=f"statements/pdf/{convention.code}/{state.iso3}",
        filename=statement_filename(convention, state),
    )


def statement_stored(
    statement: Statement, language: str | None = None
) -> StoredDocument:
    """The State's statement as its page serves it, in `language` (default: the
    State's working language)."""
    from budgets.tasks import statement_render_pdf

    if not language:
        return _statement_own_stored(statement)
    own = working_language_for(statement.state, statement.convention_id)
    return in_language(
        _statement_own_stored(statement),
        language,
        "statement",
        statement,
        statement_render_pdf,
        args=(statement.convention_id, statement.state_id),
        own=document_language(own),
    )


def _statement_own_stored(statement: Statement) -> StoredDocument:
    from budgets.tasks import statement_render_pdf

    return StoredDocument(
        storage=statement.pdf.storage,
        name=statement.pdf.name or "",
        current=statement.pdf_is_current,
        filename=statement_filename(statement.convention, statement.state),
        # updated_at as well as pk: a key must never outlive its row's id.
        render_key=(
            f"budgets:statement-pdf-requested:{statement.pk}:"
            f"{statement.updated_at.timestamp()}:{statement.revision}"
        ),
        render=lambda: statement_render_pdf.delay(
            statement.convention_id, statement.state_id
        ),
        reload=lambda: statement_stored(
            Statement.objects.select_related("convention", "state").get(pk=statement.pk)
        ),
    )
