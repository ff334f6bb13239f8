"""Forms of the fund pages: what staff type, turned into the fund services'
arguments (budgets.services.funds judges them)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.contributions.forms import DecimalText
from budgets.models import Fund, FundMovement, Payment
from budgets.services.funds import RECORDED
from ism.forms import date_field
from ism.models import State

TEXT = {"max_length": 300, "required": False}


class FundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Fund.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    target_years = DecimalText(
        label=_("Target (years of expenditure)"), places=2, initial="1"
    )
    target_amount = DecimalText(
        label=_("Fixed target"),
        required=False,
        help_text=_("Only when the parties set an amount."),
    )
    rule = forms.CharField(
        label=_("Rule and its source"), required=False, widget=forms.Textarea
    )


class MovementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    date = date_field(_("Date"))
    amount = DecimalText(label=_("Amount"))
    state = forms.ModelChoiceField(
        label=_("State"), queryset=State.objects.none(), required=False
    )
    payment = forms.ModelChoiceField(
        label=_("Payment"), queryset=Payment.objects.none(), required=False
    )
    purpose = forms.CharField(label=_("Purpose"), **TEXT)
    decision = forms.CharField(label=_("Decision or source"), **TEXT)

    def __init__(self, *args, fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k, FundMovement.Kind(k).label) for k in RECORDED
        ]
        self.fields["state"].queryset = State.objects.filter(
            participations__convention_id=fund.convention_id
        ).order_by("name")
        self.fields["payment"].queryset = (
            Payment.objects.filter(convention_id=fund.convention_id)
            .select_related("state")
            .order_by("-date", "-pk")
        )


class TransferForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("To the fund"), queryset=Fund.objects.none()
    )
    date = date_field(_("Date"))
    amount = DecimalText(label=_("Amount"))
    purpose = forms.CharField(label=_("Purpose"), **TEXT)
    decision = forms.CharField(label=_("Decision or source"), **TEXT)

    def __init__(self, *args, fund: Fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Fund.objects.filter(
            convention_id=fund.convention_id
        ).exclude(pk=fund.pk)


class ReverseForm(forms.Form):
    date = date_field(_("Date"))
    reason = forms.CharField(label=_("Reason"), max_length=300)
