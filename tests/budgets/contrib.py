"""Helpers for contribution tests: a scale, issued invoices, payments — all made
through the services, so every test starts from rows ISM itself could have made.

    from tests.budgets.contrib import issue_invoice, pay, scale
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from djmoney.money import Money

from budgets.contributions import services as contribution_services
from budgets.contributions.services.issuing_many import invoice_issue_many
from budgets.models import Invoice, ScaleTable
from ism.models import StateContact
from tests.factories import ParticipationFactory, StateFactory

SYSTEM = None  # ISM itself, as a management command acts


def chf(amount) -> Money:
    return Money(Decimal(str(amount)), "CHF")


def scale(rates: dict, *, name="Test scale", years=(2025, 2027), illustrative=False):
    """A scale table with {state: rate in percent}."""
    csv_text = "state,rate\n" + "".join(
        f"{state.iso3},{rate}\n" for state, rate in rates.items()
    )
    table, _ = contribution_services.scale_table_import(
        csv_text=csv_text,
        name=name,
        start_year=years[0],
        end_year=years[1],
        illustrative=illustrative,
        actor=SYSTEM,
    )
    return table


def parties(convention, n: int, *, prefix="Q") -> list:
    """`n` new States Parties of `convention` (codes with a digit, never one of
    the personas' letter codes), named in order."""
    from ism.models import State

    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    taken = set(State.objects.values_list("iso2", flat=True))
    free = (
        a + b
        for a in digits
        for b in digits
        if (a.isdigit() or b.isdigit()) and a + b not in taken
    )
    states = []
    for _i, code in zip(range(n), free, strict=False):
        state = StateFactory(
            iso3=f"{prefix}{code}", iso2=code, name=f"State {prefix}{code}"
        )
        ParticipationFactory(state=state, convention=convention)
        states.append(state)
    return states


def contact(state, convention, *, recipient=None, address="Rue de Lausanne 1\nGeneva"):
    return StateContact.objects.update_or_create(
        state=state,
        convention=convention,
        defaults={
            "recipient": recipient or f"Permanent Mission of {state.name}",
            "address": address,
            "emails": f"mission@{state.iso3.lower()}.example",
        },
    )[0]


def issue_invoice(
    convention,
    state,
    amount,
    *,
    year=2026,
    actor=SYSTEM,
    issue_date=dt.date(2026, 1, 15),
    due_date=dt.date(2026, 3, 31),
) -> Invoice:
    draft = contribution_services.invoice_create(
        convention=convention,
        year=year,
        state=state,
        amount=Money(Decimal(str(amount)), convention.currency),
        actor=actor,
    )
    return contribution_services.invoice_issue(
        invoice=draft, actor=actor, issue_date=issue_date, due_date=due_date
    )


def issue_invoices(
    convention,
    amounts: dict,
    *,
    year=2026,
    actor=SYSTEM,
    issue_date=dt.date(2026, 1, 15),
    due_date=dt.date(2026, 3, 31),
) -> list[Invoice]:
    """{state: amount}'s invoices of one year, issued at once as an assessment
    issues them (invoice_issue_many: one number series lock, one INSERT): the
    worlds of a hundred States the query-count tests build, in a fraction of the
    time issue_invoice takes for each."""
    drafts = [
        Invoice(
            convention=convention,
            year=year,
            state=state,
            amount=Money(Decimal(str(amount)), convention.currency),
        )
        for state, amount in amounts.items()
    ]
    return invoice_issue_many(
        drafts=drafts, actor=actor, issue_date=issue_date, due_date=due_date
    )


def issue_invoice_today(convention, state, amount, *, due_in_days: int) -> Invoice:
    """An invoice of this year issued today, due `due_in_days` later: for tests
    that then move the day across its dates."""
    today = timezone.localdate()
    return issue_invoice(
        convention,
        state,
        amount,
        year=today.year,
        issue_date=today,
        due_date=today + dt.timedelta(days=due_in_days),
    )


def pay(invoice, amount, *, date=dt.date(2026, 2, 1), reference="", actor=SYSTEM):
    return contribution_services.payment_record(
        convention=invoice.convention,
        state=invoice.state,
        invoice=invoice,
        date=date,
        amount=Money(Decimal(str(amount)), invoice.convention.currency),
        reference=reference,
        actor=actor,
    )


def not_yet_due(issued: dt.date | None = None) -> dt.date:
    """A due date a year after today (or after `issued`, if later): an unpaid
    invoice is not overdue on any day the suite runs (a literal far-future day
    would be overtaken one day)."""
    return max(timezone.localdate(), issued or dt.date.min) + dt.timedelta(days=365)


def fresh(invoice: Invoice) -> Invoice:
    """The invoice as stored now (its `settled` computed again)."""
    return Invoice.objects.get(pk=invoice.pk)


__all__ = [
    "ScaleTable",
    "chf",
    "contact",
    "fresh",
    "issue_invoice",
    "issue_invoice_today",
    "not_yet_due",
    "parties",
    "pay",
    "scale",
]
