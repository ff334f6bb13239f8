"""Issuing an assessment's invoices at once (assessment_issue): each as
invoice_issue issues one — the same number series, copies, audit event, credit,
statement and document — with what is the same for all of them done once.

invoice_issue one at a time cost 17 queries and ~9 ms an invoice: 200 States
kept the assessment's transaction, and so every document's render, waiting ~2 s.
Here the series is locked and advanced once for every number (gapless and in
order: the numbers are taken under the lock, inside the transaction that writes
the invoices, and roll back with it), the convention's terms and the States'
contacts are read once, the invoices and their audit events are written in one
INSERT each, credit is applied only for the States that have some, and each
document renders once the transaction commits.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from budgets.contributions.services.common import (
    render_invoice_after_commit,
    statements_touch,
)
from budgets.contributions.services.invoices import credit_apply
from budgets.contributions.services.issuing import (
    _contacts,
    _issued_event,
    _next_numbers,
    _prepare,
    _terms,
)
from budgets.models import Credit, Invoice
from ism.audit import audit_record_many
from ism.workflow import require_staff

# Relations an assessment's invoices point to: rows its transaction has just read
# (or, for issued_by, the actor), so full_clean does not read each again.
_READ_ALREADY = ["convention", "state", "assessment", "budget", "issued_by"]


@transaction.atomic
def invoice_issue_many(
    *,
    drafts: list[Invoice],
    actor,
    issue_date: dt.date,
    due_date: dt.date | None = None,
) -> list[Invoice]:
    """Issue new invoices (unsaved drafts) of one convention and year, all or
    none, numbered in the drafts' order."""
    if not drafts:
        return []
    convention, year = drafts[0].convention, drafts[0].year
    if any(
        d.pk is not None or d.convention_id != convention.pk or d.year != year
        for d in drafts
    ):
        raise ValueError("invoice_issue_many issues new drafts of one series")
    require_staff(actor, convention)
    terms = _terms(convention)
    state_ids = [draft.state_id for draft in drafts]
    contacts = _contacts(convention.pk, state_ids)
    numbers = _next_numbers(convention, year, len(drafts))
    for draft, number in zip(drafts, numbers, strict=True):
        _prepare(
            draft,
            terms=terms,
            contact=contacts.get(draft.state_id),
            actor=actor,
            issue_date=issue_date,
            due_date=due_date,
            number=number,
        )
        draft.full_clean(
            exclude=["pdf", *_READ_ALREADY],
            validate_unique=False,
            validate_constraints=False,
        )
    invoices = Invoice.objects.bulk_create(drafts)
    audit_record_many([_issued_event(invoice, actor=actor) for invoice in invoices])
    with_credit = set(
        Credit.objects.filter(
            convention=convention, state_id__in=state_ids
        ).values_list("state_id", flat=True)
    )
    for invoice in invoices:
        if invoice.state_id in with_credit:
            credit_apply(invoice=invoice, actor=actor)
    statements_touch(convention=convention, state_ids=state_ids)
    for invoice in invoices:
        render_invoice_after_commit(invoice.pk)
    return invoices
