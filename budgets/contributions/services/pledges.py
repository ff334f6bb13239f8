"""Voluntary pledges and the dated exchange rates they are converted at."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.contributions.services.common import CENT, clean_amount
from budgets.models import (
    ExchangeRate,
    Pledge,
)
from budgets.services.values import Problems
from ism.audit import actor_or_none, audit_record, create_and_record, plain
from ism.concurrency import insert_or_refuse
from ism.models import Convention, State
from ism.validators import date_problem
from ism.workflow import require_staff

# --- Pledges and exchange rates ---------------------------------------------------


@transaction.atomic
def exchange_rate_record(
    *,
    from_currency: str,
    to_currency: str,
    rate: Decimal,
    date: dt.date,
    source: str,
    actor,
) -> ExchangeRate:
    """A dated rate from a named source. Any convention's staff may record one.
    Recording the same rate again returns the stored row (a form sent twice); a
    different rate for the same day and source is refused: correct it in a new
    row from another source, never by overwriting one a payment may have used."""
    from django.conf import settings

    from ism.access import require_manage_shared

    if actor is not None:
        require_manage_shared(actor, _("Only ISU staff record exchange rates."))
    p = Problems()
    for key, code in (("from_currency", from_currency), ("to_currency", to_currency)):
        if code not in settings.CURRENCIES:
            p.add(key, _("Choose one of: %s.") % ", ".join(settings.CURRENCIES))
    if from_currency == to_currency:
        p.add("to_currency", _("Choose two different currencies."))
    if not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0:
        p.add("rate", _("Enter a rate above zero."))
    elif rate != rate.quantize(Decimal("1e-8")):
        p.add("rate", _("At most eight decimal places."))
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        p.add("date", _("Enter a date."))
    elif problem := date_problem(date):
        p.add("date", problem)
    source = (source or "").strip()[:200]
    if not source:
        p.add("source", _("Say where the rate comes from."))
    p.raise_if_any()
    stored = ExchangeRate.objects.filter(
        from_currency=from_currency, to_currency=to_currency, date=date, source=source
    ).first()
    if stored is not None and stored.rate == rate:
        return stored
    row = ExchangeRate(
        from_currency=from_currency,
        to_currency=to_currency,
        rate=rate,
        date=date,
        source=source[:200],
        recorded_by=actor_or_none(actor),
    )
    insert_or_refuse(
        row, {"date": _("A rate from this source for this day is recorded already.")}
    )
    audit_record(
        actor=actor,
        verb="exchange rate recorded",
        obj=row,
        changes={"rate": [None, str(row)]},
    )
    return row


def convert(amount: Money, rate: Decimal, currency: str) -> Money:
    """`amount` in `currency` at `rate`, rounded half-up to the cent."""
    from ism.money import round_half_up

    return Money(round_half_up(amount.amount * rate, CENT), currency)


def stored_rate(
    exchange_rate: ExchangeRate, money: Money, base: str, *, key: str
) -> Decimal:
    """The stored rate `money` is converted at, when it goes from its currency to
    the convention's `base` (a refusal under `key` otherwise)."""
    if (exchange_rate.from_currency, exchange_rate.to_currency) != (
        str(money.currency),
        base,
    ):
        raise ValidationError(
            {
                key: _("This rate is not from %(from)s to %(to)s.")
                % {"from": money.currency, "to": base}
            }
        )
    return exchange_rate.rate


@transaction.atomic
def pledge_record(
    *,
    convention: Convention,
    state: State,
    year: int,
    date: dt.date,
    amount: Money,
    exchange_rate: ExchangeRate | None = None,
    note: str = "",
    actor,
) -> Pledge:
    """A voluntary contribution announced by a State, in any currency. One in
    another currency than the convention's is converted at a stored, dated rate,
    copied onto the pledge."""
    from django.conf import settings

    require_staff(actor, convention)
    p = Problems()
    money = clean_amount(p, "amount", amount)
    if money is not None and str(money.currency) not in settings.CURRENCIES:
        p.add("amount", _("Unknown currency."))
    if not isinstance(year, int) or not (1990 <= year <= 2200):
        p.add("year", _("Enter a year."))
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        p.add("date", _("Enter a date."))
    elif problem := date_problem(date):
        p.add("date", problem)
    p.raise_if_any()
    base = convention.currency
    rate, base_amount = _in_base_currency(money, exchange_rate, base)
    return create_and_record(
        Pledge,
        actor=actor,
        verb="pledge recorded",
        changes={
            "amount": [None, f"{plain(money)} {money.currency}"],
            "base_amount": [None, f"{plain(base_amount)} {base}"],
            "rate": [None, plain(rate)],
        },
        convention=convention,
        state=state,
        year=year,
        date=date,
        amount=money,
        exchange_rate=exchange_rate,
        rate=rate,
        base_amount=base_amount,
        note=(note or "").strip()[:300],
        recorded_by=actor_or_none(actor),
    )


def _in_base_currency(money: Money, exchange_rate: ExchangeRate | None, base: str):
    """(rate, amount in the convention's currency): a pledge in another currency
    is converted at the chosen stored rate, which must go from its currency to
    the convention's; one in the convention's currency takes no rate."""
    rate = None
    if str(money.currency) == base:
        if exchange_rate is not None:
            raise ValidationError(
                {"exchange_rate": _("The pledge is in %(c)s already.") % {"c": base}}
            )
        base_amount = money
    else:
        if exchange_rate is None:
            raise ValidationError(
                {
                    "exchange_rate": _(
                        "Choose the rate from %(from)s to %(to)s to convert it at."
                    )
                    % {"from": money.currency, "to": base}
                }
            )
        rate = stored_rate(exchange_rate, money, base, key="exchange_rate")
        base_amount = convert(money, rate, base)
    return rate, base_amount
