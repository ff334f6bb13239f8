"""A State's account with one convention, as its statement shows it: every invoice
issued (a debit), every counter-invoice and every payment received (credits), in
date order with the running balance.

The balance is what the State owes (positive) or has in its favour (negative: an
over-payment, or payments on an invoice later cancelled, kept as credit for its next
invoice). It equals the sum of what is outstanding on its live invoices less its
unused credit, because a credit allocation only moves money already received from
one invoice to another; it is not a movement of the account.

Payments made against a voluntary pledge, without an invoice, are listed apart:
they are contributions, not settlements of what was assessed.

Reads are unscoped (the statement task acts for the system); pages call
`state_ledger` only after the access policy has let the user see the State's page.
The number of queries does not depend on the number of invoices or payments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from budgets.contributions.selectors import credit_left, settled_annotation
from budgets.models import ContributionSettings, Invoice, Payment
from ism.models import Convention, State
from ism.money import ZERO, format_amount

# Same-day movements: the invoice before its cancellation before a payment.
_ORDER = {"invoice": 0, "cancellation": 1, "payment": 2}


@dataclass
class LedgerEntry:
    date: dt.date
    kind: str  # invoice, cancellation, payment
    reference: str
    description: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    balance: Decimal = ZERO
    invoice: Invoice | None = None
    payment: Payment | None = None


@dataclass
class Ledger:
    convention: Convention
    state: State
    currency: str
    issuer: str = ""
    entries: list[LedgerEntry] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    pledge_payments: list[Payment] = field(default_factory=list)
    # Payments applied + credit allocated, per invoice id (for statuses).
    settled: dict[int, Decimal] = field(default_factory=dict)
    credit_available: Decimal = ZERO

    @property
    def invoiced(self) -> Decimal:
        return sum((e.debit for e in self.entries), ZERO)

    @property
    def received(self) -> Decimal:
        return sum((e.credit for e in self.entries if e.kind == "payment"), ZERO)

    @property
    def balance(self) -> Decimal:
        return self.entries[-1].balance if self.entries else ZERO

    @property
    def last_movement(self) -> dt.date | None:
        return self.entries[-1].date if self.entries else None

    def settled_on(self, invoice: Invoice) -> Decimal:
        return self.settled.get(invoice.pk, ZERO)


def state_ledger(*, convention: Convention, state: State) -> Ledger:
    """The State's account with `convention` (four queries whatever its length)."""
    invoices = list(
        Invoice.objects.filter(
            convention=convention, state=state, issued_at__isnull=False
        )
        .select_related("cancels", "convention", "state")
        .annotate(settled=settled_annotation())
        .order_by("issue_date", "sequence", "pk")
    )
    payments = list(
        Payment.objects.filter(convention=convention, state=state)
        .select_related("invoice")
        .order_by("date", "pk")
    )
    credit_available = credit_left(convention=convention, state=state).amount
    settings_row = ContributionSettings.objects.filter(convention=convention).first()

    ledger = Ledger(
        convention=convention,
        state=state,
        currency=convention.currency,
        issuer=settings_row.issuer if settings_row else "",
        invoices=invoices,
        payments=[p for p in payments if not (p.pledge_id and not p.invoice_id)],
        pledge_payments=[p for p in payments if p.pledge_id and not p.invoice_id],
        settled={invoice.pk: invoice.settled_amount for invoice in invoices},
        credit_available=credit_available,
    )
    entries = [_invoice_entry(invoice) for invoice in invoices]
    entries += [_payment_entry(payment) for payment in ledger.payments]
    entries.sort(key=lambda e: (e.date, _ORDER[e.kind]))
    balance = ZERO
    for entry in entries:
        balance += entry.debit - entry.credit
        entry.balance = balance
    ledger.entries = entries
    return ledger


def _invoice_entry(invoice: Invoice) -> LedgerEntry:
    if invoice.is_cancellation:
        return LedgerEntry(
            date=invoice.issue_date,
            kind="cancellation",
            reference=invoice.number,
            description=_("Cancellation of invoice %(number)s")
            % {"number": invoice.cancels.number},
            credit=-invoice.amount.amount,
            invoice=invoice,
        )
    return LedgerEntry(
        date=invoice.issue_date,
        kind="invoice",
        reference=invoice.number,
        description=_("Contribution %(year)s") % {"year": invoice.year},
        debit=invoice.amount.amount,
        invoice=invoice,
    )


def _payment_entry(payment: Payment) -> LedgerEntry:
    if payment.invoice_id:
        description = _("Payment received for %(number)s") % {
            "number": payment.invoice.number
        }
    else:
        description = _("Payment received")
    if payment.converted:
        description += " " + _("(%(currency)s %(amount)s at %(rate)s)") % {
            "amount": format_amount(
                payment.amount.amount, translation.get_language(), places=2
            ),
            "currency": payment.amount.currency,
            "rate": payment.rate.normalize(),
        }
    return LedgerEntry(
        date=payment.date,
        kind="payment",
        reference=payment.reference,
        description=description,
        credit=payment.base_amount.amount,
        payment=payment,
    )
