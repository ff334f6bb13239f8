"""Invoices and payments as lists and pages read them, scoped by ism.access (a
focal point sees their own State's only), each invoice with what settled it."""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField, F, Q, QuerySet, Value
from django.utils import timezone
from djmoney.money import Money

from budgets.contributions.selectors.settled import (
    LIVE,
    ZERO,
    _cents,
    credit_left_annotation,
    settled_annotation,
)
from budgets.models import Credit, Invoice, Payment
from ism.access import visible
from ism.selectors import filter_given


def _status_q(status: str, today: dt.date | F) -> Q:
    """The rows whose derived status (Invoice.status_for) is `status` on `today`:
    a date, or F("status_day") for the day invoice_list annotated."""
    S = Invoice.Status
    issued = Q(issued_at__isnull=False)
    live = LIVE
    unpaid = Q(settled__lt=F("amount"))
    return {
        S.DRAFT: Q(issued_at__isnull=True),
        S.CANCELLED: issued & (Q(cancelled=True) | Q(kind=Invoice.Kind.CANCELLATION)),
        S.PAID: live & Q(settled__gte=F("amount")),
        S.OVERDUE: live & unpaid & Q(due_date__lt=today),
        S.PARTIALLY_PAID: live & unpaid & Q(settled__gt=0, due_date__gte=today),
        S.ISSUED: live & Q(settled=0, due_date__gte=today),
    }[status]


def invoice_list(
    *,
    user,
    convention=None,
    year: int | None = None,
    state=None,
    status: str | None = None,
    kind: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Invoice]:
    """Invoices the user may see, with `settled` annotated (Invoice.status reads
    it), their convention and State joined: one query for any number.

    `status_day` is the day every row's status is judged on (Invoice.status reads
    it): today, read once, so the status filter and the status each row shows
    agree, also across midnight."""
    today = today or timezone.localdate()
    qs = visible(
        user,
        Invoice.objects.select_related("convention", "state", "cancels"),
    ).annotate(
        settled=settled_annotation(),
        status_day=Value(today, output_field=DateField()),
    )
    qs = filter_given(qs, convention=convention, year=year, state=state, kind=kind)
    if status:
        qs = qs.filter(_status_q(status, today))
    return qs.order_by("convention__code", "-year", "sequence", "pk")


def invoice_detail(*, user, pk: int) -> Invoice:
    """One invoice the user may see (404 otherwise), with its payments, credit
    allocations, counter-invoice and replacements."""
    from ism.access import get_visible_or_404

    qs = (
        invoice_list(user=user)
        .select_related("cancellation", "replaces", "issued_by", "budget", "assessment")
        .prefetch_related("payments", "credit_allocations__credit", "replacements")
    )
    return get_visible_or_404(user, qs, pk=pk)


def payment_list(*, user, convention=None, state=None) -> QuerySet[Payment]:
    qs = visible(user, Payment.objects.select_related("state", "invoice", "batch"))
    return filter_given(qs, convention=convention, state=state)


def credit_left(*, convention, state) -> Money:
    """What the State has left of its credits with the convention (the one
    definition: credit_left_annotation)."""
    credits = Credit.objects.filter(convention=convention, state=state).annotate(
        left=credit_left_annotation()
    )
    left = sum((_cents(c.left) for c in credits), ZERO)
    return Money(left, convention.currency)
