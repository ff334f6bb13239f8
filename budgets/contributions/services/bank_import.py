"""Import of a bank statement: preview first, then record.

The file is the bank's own (ISO 20022 camt.053/.054/.052, SWIFT MT940) or ISM's
CSV (budgets.contributions.services.bank_files reads them all). Each row is
classified before anything is saved:

* matched — the State's own live invoice, in its currency, for what it still
  owes. A bank's row names its invoice by the structured reference printed on it
  (QR or creditor reference, budgets.contributions.payment_codes) or by the
  invoice number in the remittance text; a CSV row by its columns;
* suspicious — a wrong amount (partial or more than owed), an unknown invoice, an
  invoice of another State or a cancelled one, a currency that is not the
  invoice's. Only a wrong amount can be accepted by staff (ticked in the
  preview): it is then recorded as a partial payment or an over-payment;
* unmatched — no invoice found, or a State the file names that ISM does not
  know as a party. A bank's row comes with suggestions (the State named by the
  payer, an open invoice of that amount) and staff may match it to an invoice in
  the preview; otherwise it is recorded by hand, if at all;
* already recorded — the same movement is in ISM (an earlier import of this or
  another statement format, or entered by hand with the same reference): never
  recorded twice.

A malformed file records nothing and gets one message per problem.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from budgets.contributions.payment_codes import reference_parts, references_in
from budgets.contributions.selectors.settled import LIVE, settled_annotation
from budgets.contributions.services.bank_files import parse_statement
from budgets.contributions.services.bank_rows import (
    BankImportResult,
    BankRow,
    Outcome,
)
from budgets.contributions.services.common import state_index
from budgets.contributions.services.payments import payment_key, payment_record
from budgets.models import ImportBatch, Invoice, Payment
from ism.audit import actor_or_none, audit_record
from ism.models import Convention, Participation, State
from ism.workflow import require_staff

# An invoice number as a remittance line may carry it: "APMBC-2026-0007".
_NUMBER_IN_TEXT = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)+")


def _classify(convention: Convention, rows: list[BankRow]) -> None:
    states = state_index()
    parties = set(
        Participation.objects.filter(
            convention=convention, status=Participation.Status.PARTY
        ).values_list("state_id", flat=True)
    )
    named = _invoices_named(convention, [r for r in rows if r.from_bank])
    numbers = {r.invoice_number for r in rows if r.invoice_number}
    invoices = _invoices(convention, numbers | set(named.values()))
    seen: Counter = Counter()
    # What earlier rows of this file already pay on each invoice.
    paying: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row.from_bank:
            _read_bank_row(row, named, invoices)
        _identify(row, states, seen)
        if row.from_bank and row.state is None:
            row.reasons.append(_("No invoice found: match it by hand."))
        elif row.state is None:
            row.reasons.append(
                _('No State has the code "%(c)s".') % {"c": row.state_code}
            )
        elif row.state.pk not in parties:
            row.reasons.append(
                _("%(state)s is not party to the %(code)s.")
                % {"state": row.state, "code": convention.code}
            )
        elif not row.invoice_number:
            row.reasons.append(_("No invoice number: record it by hand."))
        else:
            _match(row, invoices.get(row.invoice_number), paying)
    _suggest(convention, [r for r in rows if r.from_bank and r.state is None])
    _mark_recorded(convention, rows)


def _invoices_named(convention: Convention, rows: list[BankRow]) -> dict:
    """For each bank row (by number), the number of the convention's invoice its
    structured reference names, else the first invoice number its text holds;
    two queries for the whole file."""
    parts = {}
    candidates = {}
    for row in rows:
        text = row.reference.upper()
        found = [reference_parts(ref) for ref in [text, *references_in(text)]]
        parts[row.number] = [p for p in found if p and p[0] == convention.pk]
        candidates[row.number] = _NUMBER_IN_TEXT.findall(text)
    wanted = Q(pk__in=[])
    for _convention, year, sequence in {p for ps in parts.values() for p in ps}:
        wanted |= Q(year=year, sequence=sequence)
    by_parts = {
        (convention.pk, year, sequence): number
        for year, sequence, number in Invoice.objects.filter(
            wanted, convention=convention
        ).values_list("year", "sequence", "number")
    }
    known = set(
        Invoice.objects.filter(
            convention=convention,
            number__in={n for ns in candidates.values() for n in ns},
        ).values_list("number", flat=True)
    )
    named = {}
    for row in rows:
        found = [by_parts[p] for p in parts[row.number] if p in by_parts]
        found += [n for n in candidates[row.number] if n in known]
        if found:
            named[row.number] = found[0]
    return named


def _read_bank_row(row: BankRow, named: dict, invoices: dict) -> None:
    """A bank's row takes its invoice, and so its State, from what it names."""
    invoice = invoices.get(named.get(row.number, ""))
    if invoice is not None:
        row.invoice_number = invoice.number
        row.state_code = invoice.state.iso3


def open_invoices(convention: Convention) -> list[Invoice]:
    """The convention's invoices still owed, for staff to match rows to."""
    found = (
        Invoice.objects.filter(LIVE, convention=convention)
        .select_related("state")
        .annotate(settled=settled_annotation())
        .order_by("state__name", "year")
    )
    return [invoice for invoice in found if invoice.outstanding_amount > 0]


def _suggest(convention: Convention, rows: list[BankRow]) -> None:
    """Invoices an unmatched row likely pays: the State the payer's name or the
    text names, or an open invoice of exactly the amount; name and amount both
    first."""
    if not rows:
        return
    owed = open_invoices(convention)
    for row in rows:
        said = f"{row.debtor} {row.reference}".upper()
        scored = []
        for invoice in owed:
            score = 2 * (
                invoice.state.name.upper() in said
                or re.search(rf"\b{invoice.state.iso3}\b", said) is not None
            ) + (
                invoice.amount.currency == row.amount.currency
                and invoice.outstanding_amount == row.amount.amount
            )
            if score:
                scored.append((-score, invoice.state.name, invoice.year, invoice))
        row.suggestions = [entry[-1] for entry in sorted(scored)[:5]]


def _identify(row: BankRow, states: dict[str, State], seen: Counter) -> None:
    """The row's State and, when known, the movement's key: identical movements
    in one file are told apart by their occurrence."""
    row.state = states.get(row.state_code)
    # A bank's row is the same movement whichever invoice it was matched to,
    # by its reference or by staff: its State is not part of its identity.
    identity = (
        "" if row.from_bank else row.state_code,
        row.date,
        row.amount,
        " ".join(row.reference.split()).upper(),
    )
    seen[identity] += 1
    row.occurrence = seen[identity]
    if row.state is not None or row.from_bank:
        row.key = payment_key(
            state=None if row.from_bank else row.state,
            date=row.date,
            amount=row.amount,
            reference=row.reference,
            occurrence=row.occurrence,
        )


def _match(row: BankRow, invoice: Invoice | None, paying: dict[int, Decimal]):
    """Matched when the row pays the State's own live invoice, in its currency,
    exactly what is still owed after the file's earlier rows; suspicious
    otherwise (a wrong amount only may be accepted)."""
    row.invoice = invoice
    row.outcome = Outcome.SUSPICIOUS
    if invoice is None:
        row.reasons.append(_("Unknown invoice %(n)s.") % {"n": row.invoice_number})
        return
    if invoice.state_id != row.state.pk:
        row.reasons.append(
            _("Invoice %(n)s is %(other)s's, not %(state)s's.")
            % {"n": invoice.number, "other": invoice.state, "state": row.state}
        )
        return
    if invoice.cancelled or invoice.is_cancellation:
        row.reasons.append(_("Invoice %(n)s is cancelled.") % {"n": invoice.number})
        return
    if str(row.amount.currency) != str(invoice.amount.currency):
        row.reasons.append(
            _("Paid in %(paid)s; invoice %(n)s is in %(due)s.")
            % {
                "paid": row.amount.currency,
                "n": invoice.number,
                "due": invoice.amount.currency,
            }
        )
        return
    owed = invoice.outstanding_for(invoice.settled_amount + paying[invoice.pk])
    paying[invoice.pk] += row.amount.amount
    if row.amount.amount != owed:
        row.acceptable = True
        row.reasons.append(
            _("Pays %(paid)s where %(owed)s is outstanding.")
            % {"paid": row.amount.amount, "owed": owed}
        )
        return
    row.outcome = Outcome.MATCHED


def _mark_recorded(convention: Convention, rows: list[BankRow]) -> None:
    """Last, so that a movement already in ISM is said to be that, whatever
    else."""
    keys = {r.key for r in rows if r.key}
    recorded = set(
        Payment.objects.filter(
            convention=convention, idempotency_key__in=keys
        ).values_list("idempotency_key", flat=True)
    )
    for row in rows:
        if row.key in recorded:
            row.outcome = Outcome.DUPLICATE
            row.acceptable = False
            row.reasons = [_("Recorded already.")]


def _invoices(convention: Convention, numbers: set[str]) -> dict[str, Invoice]:
    """The convention's invoices the file names, each with what settled it."""
    found = (
        Invoice.objects.filter(convention=convention, number__in=numbers)
        .select_related("state")
        .annotate(settled=settled_annotation())
    )
    return {invoice.number: invoice for invoice in found}


def _matched_by_hand(
    convention: Convention, rows: list[BankRow], assign: dict[int, int]
) -> list[BankRow]:
    """The unmatched bank rows staff matched to one of the convention's open
    invoices: recorded against it (a partial or an over-payment as the amounts
    say)."""
    if not assign:
        return []
    owed = {invoice.pk: invoice for invoice in open_invoices(convention)}
    chosen = []
    for row in rows:
        if not (row.from_bank and row.outcome == Outcome.UNMATCHED):
            continue
        if row.number not in assign:
            continue
        invoice = owed.get(assign[row.number])
        if invoice is None:
            raise ValidationError(
                {
                    "file": [
                        _("Row %(row)d: that invoice is not open any more.")
                        % {"row": row.number}
                    ]
                }
            )
        row.invoice, row.state = invoice, invoice.state
        row.invoice_number = invoice.number
        chosen.append(row)
    return chosen


def bank_statement_import(
    *,
    convention: Convention,
    csv_text: str,
    actor,
    confirm: bool = False,
    accept: frozenset[int] | set[int] = frozenset(),
    assign: dict[int, int] | None = None,
    filename: str = "",
) -> BankImportResult:
    """Preview (confirm=False) or record (confirm=True) a bank statement in any
    of the formats. Recording saves the matched rows, the suspicious rows whose
    numbers are in `accept` (a wrong amount only) and the unmatched bank rows
    staff matched to an open invoice (`assign`: row number → invoice id), all in
    one transaction."""
    require_staff(actor, convention)
    rows = parse_statement(csv_text)
    digest = hashlib.sha256(csv_text.encode()).hexdigest()
    result = BankImportResult(rows=rows, sha256=digest, filename=filename[:255])
    if not confirm:
        _classify(convention, rows)
        if any(r.from_bank and r.outcome == Outcome.UNMATCHED for r in rows):
            result.open_invoices = open_invoices(convention)
        return result
    with transaction.atomic():
        # One import of a convention's statements at a time: the second waits
        # and then finds the first one's payments recorded (duplicates).
        Convention.objects.select_for_update().get(pk=convention.pk)
        _classify(convention, rows)
        chosen = [
            r
            for r in rows
            if r.outcome == Outcome.MATCHED
            or (r.outcome == Outcome.SUSPICIOUS and r.acceptable and r.number in accept)
        ] + _matched_by_hand(convention, rows, assign or {})
        batch = ImportBatch.objects.create(
            convention=convention,
            filename=result.filename,
            sha256=digest,
            rows=len(rows),
            recorded=len(chosen),
            imported_by=actor_or_none(actor),
        )
        for row in chosen:
            payment_record(
                convention=convention,
                state=row.state,
                invoice=row.invoice,
                date=row.date,
                amount=row.amount,
                reference=row.reference,
                batch=batch,
                idempotency_key=row.key,
                actor=actor,
            )
            row.recorded = True
        audit_record(
            actor=actor,
            verb="bank statement imported",
            obj=batch,
            changes={
                "file": [None, result.filename or digest[:12]],
                "rows": [None, len(rows)],
                "recorded": [None, len(chosen)],
                "left": [None, len(rows) - len(chosen)],
            },
        )
        result.confirmed = True
        result.batch = batch
    return result
