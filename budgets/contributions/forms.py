"""Forms of the contribution pages: they turn what staff type into the services'
arguments (Money, a share, a date); the rules that hold for every caller live in
budgets.services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money

from budgets.forms.fields import AmountInput, _parse_number
from budgets.models import Assessment, Invoice, ScaleTable
from ism.forms import TextUploadForm, date_field
from ism.models import Participation, State
from ism.money import format_amount

CENT = Decimal("0.01")


class DecimalText(forms.Field):
    """A number typed as text ("1,362,200.20", "1'000"), refused with a reason."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Enter a number, e.g. 12500.00 or 12,500.00."),
        "places": _("Use at most %(places)d decimal places."),
        "positive": _("Enter a number above zero."),
    }

    def __init__(self, *, places: int = 2, **kwargs):
        self.places = places
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            number = value
        else:
            number = _parse_number(str(value))
            if number is None:
                raise forms.ValidationError(self.error_messages["invalid"])
        if number <= 0:
            raise forms.ValidationError(self.error_messages["positive"])
        if number != number.quantize(Decimal(1).scaleb(-self.places)):
            raise forms.ValidationError(
                self.error_messages["places"] % {"places": self.places}
            )
        return number


def _rate(label, help_text):
    """An exchange rate: to eight decimal places, as rates are stored."""
    return DecimalText(label=label, places=8, required=False, help_text=help_text)


def _offer_currencies(field: forms.ChoiceField, convention) -> None:
    """Money may arrive in any of ISM's currencies; the convention's comes first
    to hand."""
    field.choices = [(c, c) for c in settings.CURRENCIES]
    field.initial = convention.currency


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2200)
    amount = DecimalText(
        label=_("Amount to assess"),
        error_messages={"required": _("Enter the amount to assess.")},
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[
            (Assessment.Method.ASSESSED, Assessment.Method.ASSESSED.label),
            (Assessment.Method.MIXED, Assessment.Method.MIXED.label),
        ],
    )
    scale = forms.ModelChoiceField(
        label=_("Scale of assessment"), queryset=ScaleTable.objects.all()
    )
    floor = DecimalText(
        label=_("Minimum contribution"),
        required=False,
        help_text=_("Optional: no State pays less."),
    )
    ceiling = DecimalText(
        label=_("Maximum share (%)"),
        places=3,
        required=False,
        help_text=_("Optional: no State pays more than this share, e.g. 22."),
    )
    issue_date = date_field(_("Issue date"), required=False)
    due_date = date_field(
        _("Due date"),
        required=False,
        help_text=_("Empty: the issue date plus the convention's days to pay."),
    )

    def __init__(self, *args, convention, **kwargs):
        self.convention = convention
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = _("In %(c)s.") % {"c": convention.currency}

    def clean_ceiling(self):
        value = self.cleaned_data.get("ceiling")
        if value is not None and value > 100:
            raise forms.ValidationError(_("A share of at most 100%."))
        return value

    def clean(self):
        data = super().clean()
        issue, due = data.get("issue_date"), data.get("due_date")
        if issue and due and due < issue:
            self.add_error("due_date", _("The due date is before the issue date."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        currency = self.convention.currency
        return {
            "convention": self.convention,
            "year": data["year"],
            "amount": Money(data["amount"], currency),
            "method": data["method"],
            "scale": data["scale"],
            "floor": Money(data["floor"], currency) if data.get("floor") else None,
            "ceiling": (data["ceiling"] / 100).normalize()
            if data.get("ceiling")
            else None,
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the invoice is cancelled.")},
    )
    reissue = forms.BooleanField(
        label=_("Issue a corrected invoice in its place"), required=False
    )
    reissue_amount = DecimalText(
        label=_("Amount of the corrected invoice"), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("reissue") and not data.get("reissue_amount"):
            self.add_error("reissue_amount", _("Enter the corrected amount."))
        return data


class PaymentForm(forms.Form):
    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.none())
    invoice = forms.ModelChoiceField(
        label=_("Invoice"),
        queryset=Invoice.objects.none(),
        required=False,
        help_text=_("Empty: the payment becomes the State's credit."),
    )
    date = date_field(_("Date received"))
    amount = DecimalText(label=_("Amount received"))
    currency = forms.ChoiceField(label=_("Currency"))
    rate = _rate(
        _("Exchange rate used"),
        _("Only for another currency: units of the convention's currency for one."),
    )
    reference = forms.CharField(
        label=_("Bank reference"), max_length=200, required=False
    )

    def __init__(self, *args, convention, **kwargs):
        self.convention = convention
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = State.objects.filter(
            participations__convention=convention,
            participations__status=Participation.Status.PARTY,
        ).order_by("name")
        # With JavaScript, choosing a State fetches the page again for it and
        # swaps in its invoices (htmx); without, the page's "show" button.
        self.fields["state"].widget.attrs.update(
            {
                "data-hx-get": reverse("budgets:payment-new", args=[convention.code]),
                "data-hx-trigger": "change",
                "data-hx-target": "#id_invoice",
                "data-hx-select": "#id_invoice",
                "data-hx-swap": "outerHTML",
            }
        )
        self._offer_invoices(self._chosen("state"))
        _offer_currencies(self.fields["currency"], convention)

    def _chosen(self, name: str) -> str:
        """The value of field `name` as posted, or as the page was opened with."""
        if self.is_bound:
            return self.data.get(name) or ""
        value = self.initial.get(name)
        return str(getattr(value, "pk", value) or "")

    def _offer_invoices(self, state: str) -> None:
        """Only the chosen State's invoices still owed, each with what it still
        asks; none until a State is chosen (the page asks for them again when the
        State changes, budgets/contributions/payment_form.html)."""
        from budgets.contributions.selectors.settled import (
            LIVE,
            outstanding_annotation,
            settled_annotation,
        )

        field = self.fields["invoice"]
        if not state.isdigit():
            field.help_text = _("Choose the State first to see its open invoices.")
            return
        field.queryset = (
            Invoice.objects.filter(LIVE, convention=self.convention, state_id=state)
            .annotate(settled=settled_annotation())
            .annotate(outstanding=outstanding_annotation())
            .filter(outstanding__gt=0)
            .order_by("-year", "sequence")
        )
        field.label_from_instance = lambda i: (
            _("%(number)s — %(currency)s %(amount)s outstanding")
            % {
                "number": i.number,
                "currency": i.amount.currency,
                "amount": format_amount(i.outstanding, places=2),
            }
        )

    def clean(self):
        data = super().clean()
        invoice, state = data.get("invoice"), data.get("state")
        if invoice is not None and state is not None and invoice.state_id != state.pk:
            self.add_error(
                "invoice",
                _("Invoice %(n)s is %(other)s's, not %(state)s's.")
                % {"n": invoice.number, "other": invoice.state, "state": state},
            )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "convention": self.convention,
            "state": data["state"],
            "invoice": data.get("invoice"),
            "date": data["date"],
            "amount": Money(data["amount"], data["currency"]),
            "rate": data.get("rate"),
            "reference": data.get("reference") or "",
        }


class BankImportForm(TextUploadForm):
    file = forms.FileField(
        label=_("Bank statement"),
        help_text=_(
            "As the bank sends it: ISO 20022 camt.053 or camt.054 (XML), or SWIFT "
            "MT940. Or CSV with the columns state, invoice, date, amount, "
            "currency, reference (a header row first)."
        ),
    )


class PledgeForm(forms.Form):
    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.none())
    year = forms.IntegerField(label=_("For the year"), min_value=1990, max_value=2200)
    date = date_field(_("Pledged on"))
    amount = DecimalText(label=_("Amount pledged"))
    currency = forms.ChoiceField(label=_("Currency"))
    rate = _rate(
        _("Exchange rate"),
        _(
            "Only for another currency: units of the convention's currency for one, "
            "as stored for reporting."
        ),
    )
    rate_date = date_field(_("Rate of (date)"), required=False)
    rate_source = forms.CharField(
        label=_("Rate source"),
        max_length=200,
        required=False,
        initial=_("UN operational rate of exchange"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, convention, **kwargs):
        self.convention = convention
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = State.objects.filter(
            participations__convention=convention
        ).order_by("name")
        _offer_currencies(self.fields["currency"], convention)

    def clean(self):
        data = super().clean()
        other = data.get("currency") and data["currency"] != self.convention.currency
        if other and not data.get("rate"):
            self.add_error(
                "rate",
                _("The pledge is in %(from)s: give the rate to %(to)s.")
                % {"from": data["currency"], "to": self.convention.currency},
            )
        if other and not (data.get("rate_source") or "").strip():
            self.add_error("rate_source", _("Say where the rate comes from."))
        return data
