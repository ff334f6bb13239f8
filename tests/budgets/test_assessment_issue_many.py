"""An assessment issues its invoices at once: each as invoice_issue would issue
it alone — number, copies, audit event, credit, statement, document after commit
— in a number of queries that does not grow with the States."""

from __future__ import annotations

import pytest

from budgets.contributions.services import assessment_issue
from budgets.models import Invoice, Statement
from ism.models import AuditEvent
from tests.budgets.contrib import chf, contact, issue_invoice, parties, pay, scale

pytestmark = pytest.mark.django_db

# What issuing copies onto an invoice, compared field by field.
COPIED = (
    "number",
    "sequence",
    "issue_date",
    "due_date",
    "recipient_name",
    "recipient_address",
    "language",
    "issuer",
    "payment_instructions",
    "budget_reference",
    "decision_reference",
)


def _assess(convention, states, actor, year=2027):
    return assessment_issue(
        convention=convention, year=year, amount=chf(len(states) * 1000), actor=actor
    )


def test_each_invoice_says_what_issuing_it_alone_says(
    apmbc, isu_staff, django_capture_on_commit_callbacks
):
    states = parties(apmbc, 3)
    contact(states[1], apmbc, recipient="Permanent Mission, Geneva")
    # States[0] over-paid last year: its credit settles part of the new invoice.
    pay(issue_invoice(apmbc, states[0], 100, year=2026), 350)
    scale({state: "1.000" for state in states}, years=(2027, 2027))
    with django_capture_on_commit_callbacks() as renders:
        assessment = _assess(apmbc, states, isu_staff)

    invoices = list(Invoice.objects.filter(assessment=assessment).order_by("sequence"))
    assert [i.number for i in invoices] == [f"APMBC-2027-{n:04d}" for n in (1, 2, 3)]
    assert len(renders) == 3  # one document each, once committed
    for invoice in invoices:
        alone = issue_invoice(
            apmbc,
            invoice.state,
            invoice.amount.amount,
            year=2028,
            issue_date=invoice.issue_date,
            due_date=invoice.due_date,
        )
        for name in set(COPIED) - {"number", "sequence", "budget_reference"}:
            assert getattr(invoice, name) == getattr(alone, name), name
        issued = AuditEvent.objects.get(
            verb="invoice issued", object_id=str(invoice.pk)
        )
        assert issued.changes["number"] == [None, invoice.number]
        assert issued.changes["recipient"] == [None, invoice.recipient_name]
        assert issued.state_id == invoice.state_id
    assert invoices[1].recipient_name == "Permanent Mission, Geneva"
    assert invoices[0].settled_amount == 250  # the credit applied
    assert AuditEvent.objects.filter(verb="credit applied").count() == 1
    assert set(Statement.objects.values_list("state_id", flat=True)) == {
        s.pk for s in states
    }


@pytest.mark.parametrize("count", [3, 30])
def test_issuing_costs_the_same_queries_for_3_or_30_states(
    apmbc, isu_staff, django_assert_max_num_queries, count
):
    states = parties(apmbc, count)
    scale({state: "1.000" for state in states}, years=(2027, 2027))
    with django_assert_max_num_queries(40):
        assessment = _assess(apmbc, states, isu_staff)
    assert Invoice.objects.filter(assessment=assessment).count() == count
