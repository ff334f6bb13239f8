"""Payments from States: recorded by hand against an invoice (or without one),
partial or more than owed. What is paid beyond what the invoice still asks
becomes the State's credit, applied to its next invoice when that is issued.

A payment in another currency than the convention's records the rate it was
converted at. Recording the same bank movement twice is impossible: each carries
an idempotency key derived from the movement, unique per convention.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.contributions.selectors.settled import settled_of
from budgets.contributions.services.common import (
    clean_amount,
    clean_participant,
    statement_touch,
)
from budgets.contributions.services.invoices import _lock_invoice
from budgets.contributions.services.pledges import convert, stored_rate
from budgets.models import Credit, ExchangeRate, ImportBatch, Invoice, Payment, Pledge
from budgets.services.values import Problems
from ism.audit import actor_or_none, audit_record, plain
from ism.concurrency import insert_or_refuse
from ism.models import Convention, State
from ism.validators import date_problem
from ism.workflow import require_staff


def payment_key(
    *,
    state: State | None,
    date: dt.date,
    amount: Money,
    reference: str,
    occurrence: int = 1,
) -> str:
    """The identity of a bank movement: who paid, when, how much, with which
    reference. `occurrence` tells apart identical movements in one statement
    (the second such row of a file is occurrence 2 every time it is imported).
    A bank's own statement (camt, MT940) names no State: None."""
    text = "|".join(
        [
            state.iso3 if state is not None else "",
            date.isoformat(),
            format(amount.amount.quantize(Decimal("0.01")), "f"),
            str(amount.currency),
            " ".join(reference.split()).upper(),
            str(occurrence),
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def payment_record(
    *,
    convention: Convention,
    state: State,
    date: dt.date,
    amount: Money,
    invoice: Invoice | None = None,
    rate: Decimal | None = None,
    exchange_rate: ExchangeRate | None = None,
    reference: str = "",
    pledge: Pledge | None = None,
    batch: ImportBatch | None = None,
    idempotency_key: str | None = None,
    actor,
) -> Payment:
    """Record money received from `state`. Against an invoice, it settles what the
    invoice still asks and the rest becomes credit; without one, all of it is
    credit. In another currency it needs the rate used (or a stored rate)."""
    require_staff(actor, convention)
    money, reference = _clean_payment(convention, state, date, amount, reference)
    if invoice is not None:
        invoice = _owed_invoice(invoice, convention=convention, state=state)
    if pledge is not None and (
        pledge.convention_id != convention.pk or pledge.state_id != state.pk
    ):
        raise ValidationError({"pledge": _("This pledge is not the State's.")})
    base_amount, rate = _convert(convention, money, rate, exchange_rate)
    if idempotency_key is None and reference:
        idempotency_key = payment_key(
            state=state, date=date, amount=money, reference=reference
        )
    _refuse_recorded(convention, idempotency_key)

    today = timezone.localdate()
    settled = settled_of(invoice) if invoice is not None else Decimal(0)
    applied = Decimal(0)
    if invoice is not None:
        applied = min(base_amount.amount, invoice.outstanding_for(settled))
    payment = _create_unless_recorded(
        convention=convention,
        state=state,
        invoice=invoice,
        pledge=pledge,
        date=date,
        amount=money,
        rate=rate,
        exchange_rate=exchange_rate,
        base_amount=base_amount,
        applied=Money(applied, convention.currency),
        reference=reference,
        batch=batch,
        idempotency_key=idempotency_key,
        recorded_by=actor_or_none(actor),
    )
    changes = _changes(payment, excess=_credit_excess(payment))
    if invoice is not None:
        invoice.settled = settled_of(invoice)
        changes["status"] = [
            invoice.status_for(settled=settled, today=today),
            invoice.status_for(settled=invoice.settled, today=today),
        ]
    audit_record(
        actor=actor,
        verb="payment recorded",
        obj=invoice if invoice is not None else payment,
        convention=convention,
        state=state,
        changes=changes,
    )
    statement_touch(convention=convention, state=state)
    return payment


def _clean_payment(
    convention: Convention, state: State, date, amount, reference
) -> tuple[Money, str]:
    """The amount and the reference, once every field is judged (all problems
    at once)."""
    p = Problems()
    money = clean_amount(p, "amount", amount)
    if money is not None and str(money.currency) not in settings.CURRENCIES:
        p.add("amount", _("Unknown currency."))
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        p.add("date", _("Enter a date."))
    elif problem := date_problem(date):
        p.add("date", problem)
    reference = (reference or "").strip() if isinstance(reference, str) else ""
    if len(reference) > 200:
        p.add("reference", _("At most 200 characters."))
    clean_participant(p, convention=convention, state=state)
    p.raise_if_any()
    return money, reference


def _owed_invoice(invoice: Invoice, *, convention: Convention, state: State):
    """The invoice, locked until the payment is recorded, when it is the State's
    and owed."""
    invoice = _lock_invoice(invoice)
    if invoice.convention_id != convention.pk or invoice.state_id != state.pk:
        raise ValidationError(
            {
                "invoice": _("Invoice %(n)s is not %(state)s's.")
                % {"n": invoice, "state": state}
            }
        )
    if not invoice.is_issued or invoice.is_cancellation or invoice.cancelled:
        raise ValidationError(
            {
                "invoice": _(
                    "Invoice %(n)s is not owed (a draft or cancelled): record "
                    "the payment without an invoice; it becomes credit."
                )
                % {"n": invoice}
            }
        )
    return invoice


def _refuse_recorded(convention: Convention, idempotency_key: str | None) -> None:
    if (
        idempotency_key
        and Payment.objects.filter(
            convention=convention, idempotency_key=idempotency_key
        ).exists()
    ):
        raise ValidationError(
            {
                "reference": _(
                    "This payment (same State, date, amount and reference) is "
                    "recorded already."
                )
            }
        )


def _create_unless_recorded(**fields) -> Payment:
    # The same movement may be recorded by a concurrent request a moment ago.
    payment = Payment(**fields)
    insert_or_refuse(payment, {"reference": _("This payment is recorded already.")})
    return payment


def _credit_excess(payment: Payment) -> Decimal:
    """What the payment brings beyond what it settled becomes the State's credit:
    an over-payment of its invoice, or all of it when it names none."""
    excess = payment.base_amount.amount - payment.applied.amount
    if excess > 0:
        Credit.objects.create(
            convention=payment.convention,
            state=payment.state,
            origin=Credit.Origin.OVERPAYMENT
            if payment.invoice_id
            else Credit.Origin.UNALLOCATED,
            amount=Money(excess, payment.convention.currency),
            payment=payment,
        )
    return excess


def _changes(payment: Payment, *, excess: Decimal) -> dict[str, list]:
    """The audit's account of a payment: what came in, what of it settled the
    invoice, at which rate, and what became credit."""
    money, currency = payment.amount, payment.convention.currency
    changes = {
        "payment": [
            None,
            f"{payment.date.isoformat()} {plain(money)} {money.currency}"
            + (f" ({payment.reference})" if payment.reference else ""),
        ],
        "applied": [None, plain(payment.applied)],
    }
    if payment.rate is not None:
        changes["rate"] = [None, plain(payment.rate)]
    if excess > 0:
        changes["credit"] = [None, plain(Money(excess, currency))]
    return changes


def _convert(
    convention: Convention,
    money: Money,
    rate: Decimal | None,
    exchange_rate: ExchangeRate | None,
) -> tuple[Money, Decimal | None]:
    base = convention.currency
    if str(money.currency) == base:
        if rate is not None or exchange_rate is not None:
            raise ValidationError(
                {"rate": _("The payment is in %(c)s already: no rate.") % {"c": base}}
            )
        return money, None
    if exchange_rate is not None:
        rate = stored_rate(exchange_rate, money, base, key="rate")
    if rate is None:
        raise ValidationError(
            {
                "rate": _(
                    "The payment is in %(from)s: give the rate used to convert it to "
                    "%(to)s (units of %(to)s for one %(from)s)."
                )
                % {"from": money.currency, "to": base}
            }
        )
    if not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0:
        raise ValidationError({"rate": _("Enter a rate above zero.")})
    if rate != rate.quantize(Decimal("1e-8")):
        raise ValidationError({"rate": _("At most eight decimal places.")})
    converted = convert(money, rate, base)
    if converted.amount <= 0:
        raise ValidationError({"amount": _("Converted, this is less than a cent.")})
    return converted, rate
