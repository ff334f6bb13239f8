"""The funds of an ISU as ledgers of movements: a fund is created by its ISU,
then only added to — an opening balance, contributions, drawdowns (with what
they pay for and the decision behind them), transfers, and reversals of a
wrong movement. Nothing is edited or deleted; every step is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.models import Budget, Fund, FundMovement, Payment
from budgets.selectors import fund_balance
from budgets.services.base import record_change
from budgets.services.values import Problems, clean_money
from ism.audit import actor_or_none, audit_record, create_and_record, plain
from ism.workflow import require_staff

Kind = FundMovement.Kind
# Budgets whose document still shows the fund as it is now. A circulated or adopted
# document states the balance on the day it was published and is not re-issued.
LIVE_DOCUMENTS = [Budget.Status.DRAFT, Budget.Status.SUBMITTED, Budget.Status.APPROVED]
# The audit trail's verb of each kind of movement (ism.verbs lists them).
MOVEMENT_VERBS = {
    Kind.OPENING: "opening balance recorded",
    Kind.CONTRIBUTION: "contribution recorded",
    Kind.DRAWDOWN: "drawdown recorded",
    Kind.TRANSFER_IN: "transfer in recorded",
    Kind.TRANSFER_OUT: "transfer out recorded",
    Kind.REVERSAL_IN: "reversal recorded",
    Kind.REVERSAL_OUT: "reversal recorded",
}
# What fund_movement_record takes; transfers between two funds and reversals
# have their own services, which keep both sides together.
RECORDED = (
    Kind.OPENING,
    Kind.CONTRIBUTION,
    Kind.DRAWDOWN,
    Kind.TRANSFER_IN,
    Kind.TRANSFER_OUT,
)


def _text(p: Problems, key: str, value, *, limit: int = 300) -> str:
    value = (value or "").strip() if isinstance(value, str | None) else value
    if not isinstance(value, str):
        p.add(key, _("Enter text."))
        return ""
    if len(value) > limit:
        p.add(key, _("At most 300 characters."))
    return value


def _day(p: Problems, value) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        p.add("date", _("Enter a date."))


@transaction.atomic
def fund_create(
    *,
    convention,
    actor,
    kind: str,
    name: str,
    target_years=Decimal(1),
    target_amount: Money | None = None,
    rule: str = "",
) -> Fund:
    """A new fund of the convention, in its currency, empty until its opening
    balance is recorded. Its target is `target_amount` when the States Parties
    fixed one, else `target_years` of expenditure (one year by default)."""
    require_staff(actor, convention)
    p = Problems()
    if kind not in Fund.Kind.values:
        p.add("kind", _("Choose one of: %s.") % ", ".join(Fund.Kind.values))
    name = _text(p, "name", name, limit=200)
    if not name:
        p.add("name", _("Enter a name."))
    try:
        years = Decimal(target_years)
        if not Decimal(0) < years < Decimal(100):
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        p.add("target_years", _("Enter a number of years above zero."))
        years = Decimal(1)
    amount = clean_money(p, "target_amount", target_amount, convention.currency)
    p.raise_if_any()
    funds = Fund.objects.filter(convention=convention)
    if funds.filter(name=name).exists():
        p.add("name", _("The convention already has a fund of that name."))
    if kind != Fund.Kind.OTHER and funds.filter(kind=kind).exists():
        p.add("kind", _("The convention already has a fund of that kind."))
    p.raise_if_any()
    return create_and_record(
        Fund,
        actor=actor,
        verb="fund created",
        changes={"fund": [None, f"{name} ({kind})"]},
        convention=convention,
        kind=kind,
        name=name,
        currency=convention.currency,
        target_years=years,
        target_amount=amount,
        rule=_text(p, "rule", rule, limit=10_000),
    )


def _locked(fund: Fund) -> Fund:
    """One movement at a time per fund, so two drawdowns cannot both pass the
    balance check."""
    return Fund.objects.select_for_update().select_related("convention").get(pk=fund.pk)


def _write(fund: Fund, actor, **fields) -> FundMovement:
    """The movement, refused when it would take the fund below nothing, and its
    audit event; the budget documents in preparation show the new balance."""
    before = fund_balance(fund)
    movement = FundMovement(fund=fund, recorded_by=actor_or_none(actor), **fields)
    if movement.kind in FundMovement.OUTFLOWS and movement.amount > before:
        raise ValidationError(
            {
                "amount": _("The fund holds only %(balance)s.")
                % {"balance": before.amount}
            }
        )
    movement.save()
    after = fund_balance(fund)
    note = movement.purpose or movement.decision
    audit_record(
        actor=actor,
        verb=MOVEMENT_VERBS[movement.kind],
        obj=fund,
        state=movement.state,
        changes={
            "balance": [plain(before), plain(after)],
            "movement": [
                None,
                f"{movement.date.isoformat()} {movement.kind} "
                f"{plain(movement.amount)} {fund.currency}"
                + (f": {note}" if note else ""),
            ],
        },
    )
    live = Budget.objects.select_for_update(of=("self",)).select_related("convention")
    for budget in live.filter(convention=fund.convention, status__in=LIVE_DOCUMENTS):
        record_change(
            budget,
            actor=actor,
            verb="fund balance changed",
            changes={f"funds.{fund.name}.balance": [plain(before), plain(after)]},
            update_fields=[],
        )
    return movement


def _payment(p: Problems, fund: Fund, payment, state) -> None:
    if payment is None:
        return
    if not isinstance(payment, Payment) or payment.convention_id != fund.convention_id:
        p.add("payment", _("Choose a payment of this convention."))
    elif state is not None and payment.state_id != state.pk:
        p.add("payment", _("The payment is another State's."))


@transaction.atomic
def fund_movement_record(
    *,
    fund: Fund,
    actor,
    date: dt.date,
    kind: str,
    amount: Money,
    purpose: str = "",
    decision: str = "",
    state=None,
    payment: Payment | None = None,
) -> FundMovement:
    """Record the opening balance of a fund (with its source), a contribution
    (by a State, from a payment where there is one), a drawdown (with its
    purpose and the decision behind it), or a transfer in from or out to
    outside the funds. The balance is never typed: it is the ledger."""
    require_staff(actor, fund.convention)
    fund = _locked(fund)
    p = Problems()
    _day(p, date)
    if kind not in RECORDED:
        p.add("kind", _("Choose one of: %s.") % ", ".join(RECORDED))
    money = clean_money(p, "amount", amount, fund.currency, required=True)
    if isinstance(money, Money) and not money.amount:
        p.add("amount", _("Enter an amount above zero."))
    purpose = _text(p, "purpose", purpose)
    decision = _text(p, "decision", decision)
    if kind == Kind.DRAWDOWN and not purpose:
        # Drawing on the buffer fund is an exception the States Parties are told
        # about; what it paid for is part of the record.
        p.add("purpose", _("Say what the drawdown pays for."))
    if kind == Kind.DRAWDOWN and not decision:
        p.add("decision", _("Name the decision that authorised the drawdown."))
    if kind == Kind.OPENING and fund.movements.exists():
        p.add("kind", _("The fund already has movements; record a contribution."))
    _payment(p, fund, payment, state)
    p.raise_if_any()
    if payment is not None and state is None:
        state = payment.state
    return _write(
        fund,
        actor,
        date=date,
        kind=kind,
        amount=money,
        purpose=purpose,
        decision=decision,
        state=state,
        payment=payment,
    )


@transaction.atomic
def fund_transfer(
    *,
    source: Fund,
    target: Fund,
    actor,
    date: dt.date,
    amount: Money,
    purpose: str = "",
    decision: str = "",
) -> tuple[FundMovement, FundMovement]:
    """Move money from one fund of a convention to another: two movements, each
    the other's counterpart, recorded together or not at all."""
    require_staff(actor, source.convention)
    p = Problems()
    if (
        target is None
        or target.pk == source.pk
        or target.convention_id != source.convention_id
    ):
        p.add("target", _("Choose another fund of this convention."))
    elif target.currency != source.currency:
        p.add("target", _("The two funds are kept in different currencies."))
    _day(p, date)
    money = clean_money(p, "amount", amount, source.currency, required=True)
    if isinstance(money, Money) and not money.amount:
        p.add("amount", _("Enter an amount above zero."))
    purpose = _text(p, "purpose", purpose)
    decision = _text(p, "decision", decision)
    p.raise_if_any()
    # Both ledgers locked, in a fixed order, so two opposite transfers cannot
    # wait on each other.
    first, second = sorted([source, target], key=lambda f: f.pk)
    locked = {f.pk: _locked(f) for f in (first, second)}
    fields = {"date": date, "amount": money, "purpose": purpose, "decision": decision}
    out = _write(locked[source.pk], actor, kind=Kind.TRANSFER_OUT, **fields)
    into = _write(
        locked[target.pk], actor, kind=Kind.TRANSFER_IN, counterpart=out, **fields
    )
    out.counterpart = into
    out.save(update_fields=["counterpart"])
    return out, into


@transaction.atomic
def fund_movement_reverse(
    *, movement: FundMovement, actor, date: dt.date, reason: str
) -> FundMovement:
    """Undo a wrong movement by its opposite, dated `date`, with the reason: the
    ledger keeps both. A transfer between funds is reversed on both sides."""
    require_staff(actor, movement.fund.convention)
    movement = FundMovement.objects.select_for_update().get(pk=movement.pk)
    p = Problems()
    _day(p, date)
    reason = _text(p, "reason", reason)
    if not reason:
        p.add("reason", _("Say why the movement is reversed."))
    if movement.kind in FundMovement.REVERSALS:
        p.add("movement", _("A reversal is not reversed; record the movement again."))
    elif FundMovement.objects.filter(reverses=movement).exists():
        p.add("movement", _("This movement is already reversed."))
    p.raise_if_any()
    legs = [movement]
    if movement.counterpart_id:
        legs.append(FundMovement.objects.get(pk=movement.counterpart_id))
    reversals = []
    for leg in legs:
        outflow = leg.kind not in FundMovement.OUTFLOWS
        reversals.append(
            _write(
                _locked(leg.fund),
                actor,
                date=date,
                kind=Kind.REVERSAL_OUT if outflow else Kind.REVERSAL_IN,
                amount=leg.amount,
                purpose=reason,
                state=leg.state,
                reverses=leg,
            )
        )
    return next(r for r in reversals if r.reverses_id == movement.pk)
