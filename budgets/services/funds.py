"""The buffer fund / working capital fund as a ledger of movements."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.models import Budget, Fund, FundMovement
from budgets.selectors import fund_balance
from budgets.services.base import record_change
from budgets.services.values import Problems, clean_money
from ism.audit import actor_or_none, audit_record, plain
from ism.workflow import require_staff

Kind = FundMovement.Kind
# Budgets whose document still shows the fund as it is now. A circulated or adopted
# document states the balance on the day it was published and is not re-issued.
LIVE_DOCUMENTS = [Budget.Status.DRAFT, Budget.Status.SUBMITTED, Budget.Status.APPROVED]


@transaction.atomic
def fund_movement_record(
    *, fund: Fund, actor, date: dt.date, kind: str, amount: Money, purpose: str = ""
) -> FundMovement:
    """Record a contribution, drawdown (with its purpose), transfer in or out, or
    the opening balance of a fund. The balance is never typed: it is the ledger."""
    require_staff(actor, fund.convention)
    # One movement at a time per fund, so two drawdowns cannot both pass the
    # balance check below.
    fund = Fund.objects.select_for_update().select_related("convention").get(pk=fund.pk)
    p = Problems()
    if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
        p.add("date", _("Enter a date."))
    if kind not in Kind.values:
        p.add("kind", _("Choose one of: %s.") % ", ".join(Kind.values))
    money = clean_money(p, "amount", amount, fund.currency, required=True)
    if isinstance(money, Money) and not money.amount:
        p.add("amount", _("Enter an amount above zero."))
    purpose = (purpose or "").strip() if isinstance(purpose, str | None) else purpose
    if not isinstance(purpose, str):
        p.add("purpose", _("Enter text."))
    elif len(purpose) > 300:
        p.add("purpose", _("At most 300 characters."))
    elif kind == Kind.DRAWDOWN and not purpose:
        # Drawing on the buffer fund is an exception the States Parties are told
        # about; what it paid for is part of the record.
        p.add("purpose", _("Say what the drawdown pays for."))
    if kind == Kind.OPENING and fund.movements.exists():
        p.add("kind", _("The fund already has movements; record a contribution."))
    p.raise_if_any()

    before = fund_balance(fund)
    if kind in FundMovement.OUTFLOWS and money > before:
        raise ValidationError(
            {
                "amount": _("The fund holds only %(balance)s.")
                % {"balance": before.amount}
            }
        )
    movement = FundMovement.objects.create(
        fund=fund,
        date=date,
        kind=kind,
        amount=money,
        purpose=purpose,
        recorded_by=actor_or_none(actor),
    )
    after = fund_balance(fund)
    audit_record(
        actor=actor,
        verb=f"{movement.get_kind_display().lower()} recorded",
        obj=fund,
        changes={
            "balance": [plain(before), plain(after)],
            "movement": [
                None,
                f"{date.isoformat()} {kind} {plain(money)} {fund.currency}"
                + (f": {purpose}" if purpose else ""),
            ],
        },
    )
    # The budget documents in preparation show the fund's balance and coverage.
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
