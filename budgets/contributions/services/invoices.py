"""Invoices (assessment notices): create a draft, issue it under a number, cancel
it with a counter-invoice and, for a correction, issue a new one.

Numbers are unique and without gaps per convention and year. The number is taken
from the series' counter row, locked (SELECT ... FOR UPDATE) until the issuing
transaction ends: two invoices issued at the same moment queue on that row, and
an issue that fails rolls the counter back with it, so no number is lost.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.contributions.selectors.settled import (
    _cents,
    credit_left_annotation,
    settled_of,
)
from budgets.contributions.services.common import (
    clean_amount,
    clean_participant,
    live_invoice,
    render_invoice_after_commit,
    statement_touch,
)
from budgets.contributions.services.issuing import (
    _audit_event,
    _contacts,
    _issued_event,
    _prepare,
    _stamp,
    _terms,
)
from budgets.models import (
    Assessment,
    Budget,
    Credit,
    CreditAllocation,
    Invoice,
)
from budgets.services.values import Problems
from ism.audit import audit_record_many, create_and_record, plain
from ism.models import Convention, State
from ism.workflow import require_staff, sync


def _lock_invoice(invoice: Invoice) -> Invoice:
    return (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("convention", "state")
        .get(pk=invoice.pk)
    )


@transaction.atomic
def invoice_create(
    *,
    convention: Convention,
    year: int,
    state: State,
    amount: Money,
    assessment: Assessment | None = None,
    budget: Budget | None = None,
    due_date: dt.date | None = None,
    note: str = "",
    actor,
) -> Invoice:
    """A draft invoice for one State (issued by invoice_issue)."""
    require_staff(actor, convention)
    p = Problems()
    money = clean_amount(p, "amount", amount, currency=convention.currency)
    if not isinstance(year, int) or not (1990 <= year <= 2200):
        p.add("year", _("Enter a year."))
    clean_participant(p, convention=convention, state=state)
    p.raise_if_any()
    if live_invoice(convention, state, year) is not None:
        raise ValidationError(
            {
                "state": _(
                    "%(state)s has a %(year)s invoice already; cancel it to issue "
                    "another."
                )
                % {"state": state, "year": year}
            }
        )
    return create_and_record(
        Invoice,
        actor=actor,
        verb="invoice drafted",
        changes={"amount": [None, plain(money)]},
        convention=convention,
        year=year,
        state=state,
        amount=money,
        assessment=assessment,
        budget=budget,
        due_date=due_date,
        note=(note or "").strip(),
    )


@transaction.atomic
def invoice_issue(
    *,
    invoice: Invoice,
    actor,
    issue_date: dt.date | None = None,
    due_date: dt.date | None = None,
) -> Invoice:
    """Give a draft its number and its copies, apply the State's credit, and
    render its document after commit. From here on it never changes."""
    require_staff(actor, invoice.convention)
    locked = _lock_invoice(invoice)
    if locked.is_issued:
        raise ValidationError(
            {"__all__": _("Invoice %(n)s is issued already.") % {"n": locked.number}}
        )
    issue_date = issue_date or timezone.localdate()
    contact = _contacts(locked.convention_id, [locked.state_id]).get(locked.state_id)
    _prepare(
        locked,
        terms=_terms(locked.convention),
        contact=contact,
        actor=actor,
        issue_date=issue_date,
        due_date=due_date,
    )
    locked.full_clean(
        exclude=["pdf"], validate_unique=False, validate_constraints=False
    )
    locked.save()
    audit_record_many([_issued_event(locked, actor=actor)])
    credit_apply(invoice=locked, actor=actor)
    statement_touch(convention=locked.convention, state=locked.state)
    render_invoice_after_commit(locked.pk)
    return sync(invoice, locked)


def credit_apply(*, invoice: Invoice, actor) -> Money:
    """Apply what credit the State has with the convention to `invoice`, oldest
    credit first. Runs inside the caller's transaction with the invoice locked;
    the State's credit rows are locked too, so one credit is never spent twice."""
    currency = invoice.convention.currency
    owed = invoice.outstanding_for(settled_of(invoice))
    applied = Decimal(0)
    if owed <= 0:
        return Money(applied, currency)
    for credit in _credits_locked(invoice):
        left = _cents(credit.left)
        if left <= 0:
            continue
        take = min(left, owed - applied)
        CreditAllocation.objects.create(
            credit=credit, invoice=invoice, amount=Money(take, currency)
        )
        applied += take
        if applied >= owed:
            break
    if applied:
        _audit(
            "credit applied",
            invoice,
            actor=actor,
            credit_applied=plain(Money(applied, currency)),
        )
    return Money(applied, currency)


def _credits_locked(invoice: Invoice) -> list[Credit]:
    """The State's credits, oldest first, locked, with what is left of each. Left
    is read after the lock is held, in a second query: a concurrent issue that
    spent one of them has committed by then, and a statement started before the
    wait would not see its allocations."""
    mine = Credit.objects.filter(
        convention_id=invoice.convention_id, state_id=invoice.state_id
    )
    oldest_first = ("created_at", "pk")  # one lock order for every issuer
    locked = (
        mine.select_for_update().order_by(*oldest_first).values_list("pk", flat=True)
    )
    return list(
        Credit.objects.filter(pk__in=list(locked))
        .annotate(left=credit_left_annotation())
        .order_by(*oldest_first)
    )


# What a counter-invoice and a replacement say as the invoice they follow did:
# who owes for which year, assessment and budget; a counter-invoice is also
# addressed and paid as its original was (a replacement takes today's address and
# terms when it is issued).
SUBJECT = (
    "convention",
    "year",
    "state",
    "assessment",
    "budget",
    "budget_reference",
    "decision_reference",
)
ADDRESS = (
    "recipient_name",
    "recipient_address",
    "language",
    "issuer",
    "payment_instructions",
)


def _copied(original: Invoice, names: tuple[str, ...]) -> dict:
    return {name: getattr(original, name) for name in names}


@transaction.atomic
def invoice_cancel(
    *,
    invoice: Invoice,
    actor,
    reason: str,
    reissue_amount: Money | None = None,
    reissue_due_date: dt.date | None = None,
) -> tuple[Invoice, Invoice | None]:
    """Cancel an issued invoice with a counter-invoice of the opposite amount that
    refers to it (numbered in the same series), and, for a correction, issue a new
    invoice that replaces it. What the State had paid on it becomes its credit,
    applied to the new invoice at once."""
    require_staff(actor, invoice.convention)
    reason = _clean_cancel(invoice, reason, reissue_amount)
    original = _lock_invoice(invoice)
    if not original.is_issued or original.is_cancellation:
        raise ValidationError(
            {"__all__": _("Only an issued invoice can be cancelled.")}
        )
    if original.cancelled:
        raise ValidationError(
            {"__all__": _("Invoice %(n)s is cancelled already.") % {"n": original}}
        )
    counter = _counter_invoice(original, reason=reason, actor=actor)
    settled = _release(original)
    _audit(
        "invoice cancelled",
        original,
        actor=actor,
        cancelled_by=counter.number,
        reason=reason,
        credit_released=plain(settled) if settled else None,
    )
    _audit(
        "cancellation issued",
        counter,
        actor=actor,
        cancels=original.number,
        amount=plain(counter.amount),
    )
    render_invoice_after_commit(counter.pk)
    replacement = None
    if reissue_amount is not None:
        replacement = Invoice.objects.create(
            amount=reissue_amount, replaces=original, **_copied(original, SUBJECT)
        )
        invoice_issue(invoice=replacement, actor=actor, due_date=reissue_due_date)
    else:
        statement_touch(convention=original.convention, state=original.state)
    sync(invoice, original)
    return counter, replacement


def _clean_cancel(invoice: Invoice, reason, reissue_amount: Money | None) -> str:
    """The reason, once it and the amount of a replacement are judged."""
    p = Problems()
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        p.add("reason", _("Say why the invoice is cancelled."))
    if reissue_amount is not None:
        clean_amount(
            p, "reissue_amount", reissue_amount, currency=invoice.convention.currency
        )
    p.raise_if_any()
    return reason


def _counter_invoice(original: Invoice, *, reason: str, actor) -> Invoice:
    """The counter-invoice of `original`, issued today under the next number of
    its series."""
    today = timezone.localdate()
    counter = Invoice(
        kind=Invoice.Kind.CANCELLATION,
        amount=-original.amount,
        cancels=original,
        reason=reason,
        # Addressed as the invoice it cancels was.
        **_copied(original, SUBJECT + ADDRESS),
    )
    _stamp(counter, actor=actor, issue_date=today, due_date=today)
    counter.save()
    return counter


def _release(original: Invoice) -> Decimal:
    """Mark `original` no longer owed — the one change an issued invoice ever
    sees — and make what settled it the State's credit. Returns that amount."""
    Invoice.objects.filter(pk=original.pk).update(cancelled=True)
    original.cancelled = True
    settled = settled_of(original)
    if settled > 0:
        Credit.objects.create(
            convention=original.convention,
            state=original.state,
            origin=Credit.Origin.CANCELLATION,
            amount=Money(settled, original.convention.currency),
            invoice=original,
        )
    return settled


def _audit(verb: str, invoice: Invoice, *, actor, **changes) -> None:
    audit_record_many([_audit_event(verb, invoice, actor=actor, **changes)])
