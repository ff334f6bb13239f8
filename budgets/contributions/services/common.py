"""What the contribution services share: amounts, the actor, the State's
statement, render after commit, creation that survives a race."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.models import Invoice, Statement
from budgets.services.values import Problems
from ism.models import State

CENT = Decimal("0.01")
MONEY_LIMIT = Decimal(10) ** 12


# --- Shared by the contribution services -------------------------------------------


def clean_amount(
    p: Problems,
    key: str,
    value,
    *,
    currency: str | None = None,
    required: bool = True,
    positive: bool = True,
) -> Money | None:
    """A Money in whole cents, above zero, in `currency` when given."""
    if value is None:
        if required:
            p.add(key, _("Enter an amount."))
        return None
    if not isinstance(value, Money):
        p.add(key, _("Enter an amount with its currency."))
        return None
    amount = value.amount
    if not amount.is_finite():
        p.add(key, _("Enter a number."))
        return None
    if currency is not None and str(value.currency) != currency:
        p.add(
            key,
            _("Must be in %(currency)s (not %(other)s).")
            % {"currency": currency, "other": value.currency},
        )
        return None
    if positive and amount <= 0:
        p.add(key, _("Enter an amount above zero."))
        return None
    if amount >= MONEY_LIMIT:
        p.add(key, _("This amount is too large."))
        return None
    if amount != amount.quantize(CENT):
        p.add(key, _("Use at most two decimal places."))
        return None
    return value


def live_invoice(convention, state, year: int) -> Invoice | None:
    """The State's one live invoice of the year (an invoice or arrears brought
    forward; a second one is a correction, which cancels the first)."""
    return Invoice.objects.filter(
        convention=convention,
        year=year,
        state=state,
        kind=Invoice.Kind.INVOICE,
        cancelled=False,
    ).first()


def clean_participant(p: Problems, *, convention, state) -> None:
    """Contributions are owed and paid by the States that take part in the
    convention."""
    if not state.participations.filter(convention=convention).exists():
        p.add(
            "state",
            _("%(state)s takes no part in the %(code)s.")
            % {"state": state, "code": convention.code},
        )


def statement_touch(*, convention, state) -> None:
    """The State's statement says something new: its document is no longer
    current (the documents' task renders it again when asked)."""
    statement, created = _get_or_create_once(
        Statement, convention_id=_pk(convention), state_id=_pk(state)
    )
    if not created:
        Statement.objects.filter(pk=statement.pk).update(revision=F("revision") + 1)


def statements_touch(*, convention, state_ids) -> None:
    """statement_touch for many States at once (an assessment): two queries.
    A statement another transaction creates meanwhile is new, so current as it
    is: the conflict is ignored rather than counted."""
    convention_id = _pk(convention)
    mine = Statement.objects.filter(convention_id=convention_id, state_id__in=state_ids)
    touched = set(mine.values_list("state_id", flat=True))
    mine.update(revision=F("revision") + 1)
    Statement.objects.bulk_create(
        [
            Statement(convention_id=convention_id, state_id=state_id)
            for state_id in sorted(set(state_ids) - touched)
        ],
        ignore_conflicts=True,
    )


def _pk(obj) -> int:
    return obj if isinstance(obj, int) else obj.pk


def _get_or_create_once(model, **lookup):
    """get_or_create that survives a concurrent creation: the loser of the race
    waits on the unique index, gets IntegrityError in its savepoint, and reads
    the winner's row."""
    try:
        return model.objects.get(**lookup), False
    except model.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return model.objects.create(**lookup), True
    except IntegrityError:
        return model.objects.get(**lookup), False


def render_invoice_after_commit(invoice_id: int) -> None:
    """Render the invoice's document once the issue is committed (a task that
    ran before would read a draft, one for a rolled-back issue an invoice that
    never existed). The task belongs to the documents' code
    (budgets.tasks.invoice_render_pdf)."""
    transaction.on_commit(lambda: _send_invoice_render(invoice_id))


def _send_invoice_render(invoice_id: int) -> None:
    # Imported here: the task module loads the document code (WeasyPrint).
    from budgets.tasks import invoice_render_pdf

    invoice_render_pdf.delay(invoice_id)


def state_index() -> dict[str, State]:
    """Every State by its alpha-3 and alpha-2 code."""
    index = {}
    for state in State.objects.all():
        index[state.iso3.upper()] = state
        index[state.iso2.upper()] = state
    return index
