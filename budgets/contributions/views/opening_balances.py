"""Arrears brought forward (budgets.contributions.services.opening_balances):
the list, read by whoever reads the convention's accounts; for its staff, one
balance typed on the page or a CSV file uploaded, previewed, then confirmed."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from djmoney.money import Money

from budgets.contributions import services
from budgets.contributions.forms import BankImportForm, DecimalText
from budgets.contributions.services.opening_balances import COLUMNS, brought_forward
from budgets.contributions.views.status import reading_convention
from ism.access import can_manage, require_manage
from ism.forms import (
    date_field,
    save_posted,
    upload_confirmed,
    upload_previewed,
)
from ism.models import State


class OpeningBalanceForm(forms.Form):
    state = forms.ModelChoiceField(
        label=gettext_lazy("State"), queryset=State.objects.none()
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=1990, max_value=2200
    )
    amount = DecimalText(label=gettext_lazy("Amount outstanding"))
    as_of = date_field(gettext_lazy("Outstanding on"))
    source = forms.CharField(
        label=gettext_lazy("Source"), max_length=300, required=False
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = State.objects.filter(
            participations__convention=convention
        ).order_by("name")


class OpeningBalancesUpload(BankImportForm):
    file = forms.FileField(
        label=gettext_lazy("Opening balances (CSV)"),
        help_text=gettext_lazy("Columns: %s (a header row first).")
        % ", ".join(COLUMNS),
    )


def _recorded(done) -> str:
    new, same = done
    return _("%(new)d balance(s) recorded; %(same)d already in ISM.") % {
        "new": new,
        "same": same,
    }


@require_http_methods(["GET", "POST"])
def opening_balances(request, code: str):
    convention = reading_convention(request.user, code)
    manage = can_manage(request.user, convention)
    action = request.POST.get("action")
    context = {"convention": convention, "can_manage": manage}
    status = 200
    if manage:
        data = request.POST if action == "record" else None
        context["form"] = OpeningBalanceForm(data, convention=convention)
        context["upload"] = OpeningBalancesUpload()
    if request.method == "POST":
        require_manage(request.user, convention)
        status = 400
        if action == "preview":
            status = upload_previewed(
                OpeningBalancesUpload(request.POST, request.FILES),
                lambda text: services.opening_balances_read(
                    convention=convention, csv_text=text
                ),
                context,
            )
        elif action == "confirm":
            done = upload_confirmed(
                request,
                context["upload"],
                lambda text: services.opening_balances_import(
                    convention=convention, csv_text=text, actor=request.user
                ),
                _recorded,
            )
            if done is not None:
                return redirect("budgets:opening-balances", convention.code)
        elif save_posted(
            request,
            context["form"],
            lambda d: services.opening_balance_record(
                convention=convention,
                state=d["state"],
                year=d["year"],
                amount=Money(d["amount"], convention.currency),
                as_of=d["as_of"],
                source=d["source"],
                actor=request.user,
            ),
            success=_("The balance is recorded."),
        ):
            return redirect("budgets:opening-balances", convention.code)
    context["balances"] = brought_forward(convention)
    return render(
        request, "budgets/contributions/opening_balances.html", context, status=status
    )
