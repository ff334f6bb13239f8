"""A convention's funds: the list (balance, target and coverage as at a day) and
each fund's ledger with its chart. The ISU staff of the convention create funds
and record movements here; its committees and auditors read (ism.access.
can_read_funds, can_keep_funds). Another convention's fund is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from djmoney.money import Money

from budgets import services
from budgets.contributions.views.status import as_at
from budgets.forms.funds import FundForm, MovementForm, ReverseForm, TransferForm
from budgets.fund_chart import balance_chart
from budgets.models import Fund, FundMovement
from budgets.selectors import annual_expenditure, fund_ledger, fund_statuses
from ism import params
from ism.access import can_keep_funds, require_manage, require_read_funds
from ism.forms import save_posted
from ism.models import Convention


def _convention(user, code: str) -> Convention:
    convention = get_object_or_404(Convention, code=code.upper())
    require_read_funds(user, convention)
    return convention


def _statuses(convention, shown, as_of, funds=None):
    return fund_statuses(
        convention=convention,
        on=as_of,
        expenditure=annual_expenditure(convention, shown.year),
        funds=funds,
    )


@require_http_methods(["GET", "POST"])
def fund_list(request, code: str):
    convention = _convention(request.user, code)
    keep = can_keep_funds(request.user, convention)
    as_of, shown = as_at(request)
    form = FundForm(request.POST or None) if keep else None
    if request.method == "POST":
        require_manage(request.user, convention)

        def create(data):
            amount = data.get("target_amount")
            return services.fund_create(
                convention=convention,
                actor=request.user,
                kind=data["kind"],
                name=data["name"],
                target_years=data["target_years"],
                target_amount=Money(amount, convention.currency) if amount else None,
                rule=data.get("rule") or "",
            )

        fund = save_posted(request, form, create, success=_("The fund is created."))
        if fund:
            return redirect("budgets:fund-detail", convention.code, fund.pk)
    return render(
        request,
        "budgets/funds/list.html",
        {
            "convention": convention,
            "funds": _statuses(convention, shown, as_of),
            "as_of": as_of,
            "shown_on": shown,
            "form": form,
            "can_manage": keep,
        },
        status=400 if request.method == "POST" else 200,
    )


def _post(request, fund: Fund, forms: dict):
    """The posted form (`action`: movement, transfer or reverse), through its
    service; the saved movement, or None with the form's errors."""
    action = request.POST.get("action")
    form = forms.get(action)
    if form is None:
        return None

    def said(data) -> dict:
        return {
            "actor": request.user,
            "date": data["date"],
            "amount": Money(data["amount"], fund.currency),
            "purpose": data["purpose"],
            "decision": data["decision"],
        }

    if action == "movement":

        def save(data):
            return services.fund_movement_record(
                fund=fund,
                kind=data["kind"],
                state=data["state"],
                payment=data["payment"],
                **said(data),
            )

    elif action == "transfer":

        def save(data):
            return services.fund_transfer(
                source=fund, target=data["target"], **said(data)
            )

    else:
        movement = get_object_or_404(
            FundMovement,
            fund=fund,
            pk=params.id_or_none(request.POST.get("movement")) or 0,
        )

        def save(data):
            return services.fund_movement_reverse(
                movement=movement,
                actor=request.user,
                date=data["date"],
                reason=data["reason"],
            )

    return save_posted(request, form, save, success=_("The ledger is updated."))


@require_http_methods(["GET", "POST"])
def fund_detail(request, code: str, pk: int):
    convention = _convention(request.user, code)
    fund = get_object_or_404(Fund, pk=pk, convention=convention)
    keep = can_keep_funds(request.user, convention)
    as_of, shown = as_at(request)
    forms = {}
    if keep:
        data = request.POST if request.method == "POST" else None
        action = request.POST.get("action") if data else None
        today = {"date": timezone.localdate()}

        def bound(name):
            return data if action == name else None

        # Three forms on one page: each field's id says its form (the names
        # stay as posted; "action" says which form was sent).
        forms = {
            name: form_class(bound(name), initial=today, auto_id=f"{name}-%s", **kw)
            for name, form_class, kw in [
                ("movement", MovementForm, {"fund": fund}),
                ("transfer", TransferForm, {"fund": fund}),
                ("reverse", ReverseForm, {}),
            ]
        }
    if request.method == "POST":
        require_manage(request.user, convention)
        if _post(request, fund, forms):
            return redirect("budgets:fund-detail", convention.code, fund.pk)
    [status] = _statuses(convention, shown, as_of, funds=[fund])
    ledger = fund_ledger(fund, user=request.user, until=as_of)
    chart = balance_chart(
        [(row.movement.date, row.balance.amount) for row in ledger],
        until=shown,
        target=status.target.amount if status.target else None,
    )
    return render(
        request,
        "budgets/funds/detail.html",
        {
            "convention": convention,
            "fund": fund,
            "status": status,
            "ledger": ledger,
            "chart": chart,
            "as_of": as_of,
            "shown_on": shown,
            "forms": forms,
            "can_manage": keep,
        },
        status=400 if request.method == "POST" else 200,
    )
