"""What issuing writes on an invoice, for invoice_issue (one) and
invoice_issue_many (an assessment's): its number from the series, its dates,
and the copies that make it say forever what it said when it was sent —
recipient, letterhead, payment instructions, budget reference — and the audit
event that says so."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.contributions.services.common import _get_or_create_once
from budgets.models import Budget, ContributionSettings, Invoice, InvoiceSeries
from ism.audit import actor_or_none, audit_event, plain
from ism.models import Convention, StateContact
from ism.reminders import working_language


def _next_numbers(
    convention: Convention, year: int, count: int = 1
) -> list[tuple[int, str]]:
    """The next `count` numbers of the series, with its counter row locked until
    the transaction ends (one lock and one write for a whole assessment)."""
    series, _created = _get_or_create_once(
        InvoiceSeries, convention_id=convention.pk, year=year
    )
    series = InvoiceSeries.objects.select_for_update().get(pk=series.pk)
    if not series.prefix:
        series.prefix = convention.code
    first = series.last_number + 1
    series.last_number += count
    series.save(update_fields=["last_number", "prefix"])
    return [(n, series.format(n)) for n in range(first, series.last_number + 1)]


def _budget_reference(budget: Budget | None) -> tuple[str, str]:
    if budget is None:
        return "", ""
    text = str(budget)
    if budget.adopted_by:
        text += f", {budget.adopted_by}"
    if budget.adopted_on:
        text += f", {budget.adopted_on.isoformat()}"
    if budget.document_symbol:
        text += f" ({budget.document_symbol})"
    return text[:300], budget.adoption_decision[:300]


def _contacts(convention_id: int, state_ids) -> dict[int, StateContact]:
    """Each State's contact with the convention (the first, where there are
    several), in one query."""
    contacts: dict[int, StateContact] = {}
    for contact in StateContact.objects.filter(
        convention_id=convention_id, state_id__in=state_ids
    ):
        contacts.setdefault(contact.state_id, contact)
    return contacts


def _copy_recipient(invoice: Invoice, contact: StateContact | None) -> None:
    if contact is not None:
        invoice.recipient_name = contact.recipient
        invoice.recipient_address = contact.address
    else:
        invoice.recipient_name = invoice.state.official_name or invoice.state.name
        invoice.recipient_address = ""
    invoice.language = working_language(invoice.state, contact)


def _stamp(
    invoice: Invoice,
    *,
    actor,
    issue_date: dt.date,
    due_date: dt.date,
    number: tuple[int, str] | None = None,
):
    """Number (the series' next, unless taken already by _next_numbers), dates
    and who issued it."""
    (invoice.sequence, invoice.number) = (
        number or _next_numbers(invoice.convention, invoice.year)[0]
    )
    invoice.issue_date = issue_date
    invoice.due_date = due_date
    invoice.issued_at = timezone.now()
    invoice.issued_by = actor_or_none(actor)


def _terms(convention: Convention) -> ContributionSettings:
    return ContributionSettings.objects.filter(convention=convention).first() or (
        ContributionSettings(convention=convention)
    )


def _prepare(
    invoice: Invoice,
    *,
    terms: ContributionSettings,
    contact: StateContact | None,
    actor,
    issue_date: dt.date,
    due_date: dt.date | None,
    number: tuple[int, str] | None = None,
) -> None:
    """What issuing writes on a draft (invoice_issue, invoice_issue_many): its
    dates, number, and the copies that make it say forever what it said when it
    was sent — recipient, letterhead, payment instructions, budget reference."""
    due_date = (
        due_date
        or invoice.due_date
        or issue_date + dt.timedelta(days=terms.payment_terms_days)
    )
    if due_date < issue_date:
        raise ValidationError({"due_date": _("The due date is before the issue date.")})
    _copy_recipient(invoice, contact)
    invoice.issuer = terms.issuer
    invoice.payment_instructions = terms.payment_instructions
    invoice.payee = invoice.convention.payee()
    if invoice.budget_id and not invoice.budget_reference:
        invoice.budget_reference, invoice.decision_reference = _budget_reference(
            invoice.budget
        )
    _stamp(
        invoice, actor=actor, issue_date=issue_date, due_date=due_date, number=number
    )


def _issued_event(invoice: Invoice, *, actor):
    return _audit_event(
        "invoice issued",
        invoice,
        actor=actor,
        number=invoice.number,
        amount=plain(invoice.amount),
        due_date=plain(invoice.due_date),
        recipient=invoice.recipient_name,
    )


def _audit_event(verb: str, invoice: Invoice, *, actor, **changes):
    """The audit event of a change to an invoice: each change from nothing to its
    value (invoices are created, issued, cancelled; never edited)."""
    return audit_event(
        actor=actor,
        verb=verb,
        obj=invoice,
        convention=invoice.convention,
        state=invoice.state,
        changes={name: [None, value] for name, value in changes.items()},
    )
