"""Voluntary pledges of a convention: the list (staff and auditors) and, for
staff, the form that records one — in another currency with the dated rate it is
converted at, stored with its source."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from djmoney.money import Money

from budgets.contributions import services
from budgets.contributions.forms import PledgeForm
from budgets.contributions.views.status import reading_convention
from budgets.models import Pledge
from ism.access import can_manage, require_manage, visible
from ism.forms import save_posted


@require_http_methods(["GET", "POST"])
def pledge_list(request, code: str):
    convention = reading_convention(request.user, code)
    manage = can_manage(request.user, convention)
    form = None
    status = 200
    if manage:
        today = timezone.localdate()
        form = PledgeForm(
            request.POST if request.method == "POST" else None,
            convention=convention,
            initial={
                "year": today.year,
                "date": today,
                "currency": convention.currency,
            },
        )
    if request.method == "POST":
        require_manage(request.user, convention)
        status = 400
        pledge = save_posted(
            request, form, lambda data: _record(request, convention, data)
        )
        if pledge:
            messages.success(
                request,
                _("%(state)s's pledge of %(amount)s recorded.")
                % {"state": pledge.state, "amount": pledge.amount},
            )
            return redirect("budgets:pledge-list", code=convention.code)
    pledges = visible(
        request.user,
        Pledge.objects.filter(convention=convention).select_related(
            "state", "exchange_rate"
        ),
    )
    return render(
        request,
        "budgets/contributions/pledges.html",
        {
            "convention": convention,
            "pledges": pledges,
            "form": form,
            "can_manage": manage,
        },
        status=status,
    )


def _record(request, convention, data) -> Pledge:
    """The rate (found or recorded) and the pledge, together or not at all."""
    amount = Money(data["amount"], data["currency"])
    with transaction.atomic():
        rate = None
        if data["currency"] != convention.currency:
            rate = services.exchange_rate_record(
                from_currency=data["currency"],
                to_currency=convention.currency,
                rate=data["rate"],
                date=data.get("rate_date") or data["date"],
                source=data["rate_source"],
                actor=request.user,
            )
        return services.pledge_record(
            convention=convention,
            state=data["state"],
            year=data["year"],
            date=data["date"],
            amount=amount,
            exchange_rate=rate,
            note=data.get("note") or "",
            actor=request.user,
        )
