"""Forms of the budget pages. They check what a person types and turn it into the
values the services take (Money in the budget's currency, a rate as a share);
the rules that hold for every caller live in budgets.services."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money
from moneyed import CURRENCIES

from budgets.models import Budget, BudgetLine, BudgetNote, Mission
from ism.access import managed_conventions

# Grouping people type: 50,000 / 50'000 / 50’000 / 50 000 (also no-break spaces).
# Grouping must be in threes, so "1,5" (a decimal comma) is refused, not read as 15.
_GROUPED = re.compile(r"\d{1,3}(?:([,'’\u00a0\u202f ])\d{3})?(?:\1\d{3})*")
_PLAIN = re.compile(r"\d+")
_CODE = re.compile(r"^([A-Za-z]{3})\s*(.*)$|^(.*?)\s*([A-Za-z]{3})$")


def _parse_number(text: str) -> Decimal | None:
    """A non-negative or negative decimal with a point, optional grouping; None if
    it is not a number."""
    text = text.strip()
    sign = ""
    if text[:1] in "-−":  # a typed minus sign is a minus too
        sign, text = "-", text[1:].strip()
    whole, _point, fraction = text.partition(".")
    if _point and not fraction.isdigit():
        return None
    if not (_PLAIN.fullmatch(whole) or _GROUPED.fullmatch(whole)):
        return None
    digits = re.sub(r"[,'’\u00a0\u202f ]", "", whole)
    try:
        return Decimal(f"{sign}{digits}.{fraction or '0'}")
    except InvalidOperation:
        return None


def plain_decimal(value: Decimal) -> str:
    """568386.00 → "568386", 0.60 → "0.6": what a person would type."""
    value = value.normalize()
    return format(value, "f")


class AmountInput(forms.TextInput):
    """A text input for an amount: inputmode keeps the numeric keypad on phones,
    and a text field lets the page say *why* "fifty" or "EUR 2,700" is refused."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "class": "amount", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Money):
            value = value.amount
        if isinstance(value, Decimal):
            return plain_decimal(value)
        return super().format_value(value)


class AmountField(forms.Field):
    """An amount in the budget's currency, as Money. A currency code typed with
    it must be the budget's: amounts are never converted silently."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Enter a number, e.g. 50000 or 50,000."),
        "negative": _("An amount cannot be negative."),
        "currency": _(
            "Amounts are in %(currency)s, the budget's currency: "
            "%(typed)s cannot be entered here."
        ),
        "places": _("Use at most two decimal places."),
        "too_large": _("This amount is too large."),
    }

    def __init__(self, *, currency: str, **kwargs):
        self.currency = currency
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Money):
            return value
        text = str(value).strip()
        match = _CODE.match(text)
        if match:
            code = (match.group(1) or match.group(4)).upper()
            rest = match.group(2) if match.group(1) else match.group(3)
            if rest and code in CURRENCIES:
                if code != self.currency:
                    raise forms.ValidationError(
                        self.error_messages["currency"],
                        code="currency",
                        params={"currency": self.currency, "typed": code},
                    )
                text = rest
        number = _parse_number(text)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if number < 0:
            raise forms.ValidationError(
                self.error_messages["negative"], code="negative"
            )
        if -number.as_tuple().exponent > 2:
            raise forms.ValidationError(self.error_messages["places"], code="places")
        if number >= Decimal("1e12"):
            raise forms.ValidationError(
                self.error_messages["too_large"], code="too_large"
            )
        return Money(number, self.currency)

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial) != self.to_python(data)
        except forms.ValidationError:
            return True


class DecimalTextField(forms.Field):
    """A decimal typed as text ("0.6", "19.5 %"), refused with a plain message."""

    widget = AmountInput
    default_error_messages = {"invalid": _("Enter a number, e.g. 0.6.")}

    def __init__(self, *, places: int, **kwargs):
        self.places = places
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean_text(self, text: str) -> str:
        return text

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        number = _parse_number(self.clean_text(str(value)))
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if -number.as_tuple().exponent > self.places:
            raise forms.ValidationError(
                _("Use at most %(places)d decimal places."),
                code="places",
                params={"places": self.places},
            )
        return number

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial) != self.to_python(data)
        except forms.ValidationError:
            return True


class FTEField(DecimalTextField):
    default_error_messages = {"invalid": _("Enter the FTE as a number, e.g. 0.6.")}

    def __init__(self, **kwargs):
        super().__init__(places=2, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and not (0 < value <= 1):
            raise forms.ValidationError(
                _("FTE must be more than 0 and at most 1."), code="range"
            )


class PercentField(DecimalTextField):
    """A rate typed in percent (19.5) and returned as the share the budget stores
    (0.195)."""

    default_error_messages = {"invalid": _("Enter the rate in percent, e.g. 19.5.")}

    def __init__(self, **kwargs):
        # The budget stores the share with five places: three in percent.
        super().__init__(places=3, **kwargs)

    def clean_text(self, text: str) -> str:
        return text.strip().removesuffix("%").strip()

    def prepare_value(self, value):
        # The stored share is shown in percent; a typed (bound) string is kept.
        if isinstance(value, Decimal):
            return plain_decimal(value * 100)
        return value

    def has_changed(self, initial, data):
        try:
            typed = self.to_python(data)
        except forms.ValidationError:
            return True
        return (initial * 100 if initial is not None else None) != typed

    def validate(self, value):
        super().validate(value)
        if value is not None and not (0 <= value <= 100):
            raise forms.ValidationError(
                _("Enter a rate between 0% and 100%."), code="range"
            )

    def clean(self, value):
        percent = super().clean(value)
        return None if percent is None else percent / 100


def _text(label: str, *, max_length: int, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs=attrs),
    )


class BudgetHeaderForm(forms.Form):
    """The title block and the staff-cost inputs that sit on the budget itself."""

    title = _text(_("Title"), max_length=300)
    meeting = _text(_("Meeting"), max_length=200)
    agenda_item = _text(_("Agenda item"), max_length=40)
    document_symbol = _text(_("Document symbol"), max_length=60)
    document_date = forms.DateField(
        label=_("Document date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, e.g. 2025-10-08.")},
    )

    def __init__(self, *args, budget: Budget, **kwargs):
        self.currency = budget.currency
        kwargs.setdefault(
            "initial",
            {
                name: getattr(budget, name)
                for name in (
                    "title",
                    "meeting",
                    "agenda_item",
                    "document_symbol",
                    "document_date",
                    "salaries_total",
                    "social_security_rate",
                    "social_security_amount",
                )
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["salaries_total"] = AmountField(
            currency=self.currency,
            label=_("Salaries (published total)"),
            help_text=_(
                "Only where the document publishes a total instead of each "
                "position's salary; it then wins over the positions' salaries."
            ),
        )
        self.fields["social_security_rate"] = PercentField(
            label=_("Social security rate (%)"),
            help_text=_("In percent of salaries, e.g. 19.5; rounded to whole units."),
        )
        self.fields["social_security_amount"] = AmountField(
            currency=self.currency,
            label=_("Social security (explicit amount)"),
            help_text=_("Where the published figure is an estimate; it wins."),
        )


class RowForm(forms.Form):
    """One row of a formset on the edit page (a position, line, mission, note)."""

    section: str = ""

    def __init__(self, *args, currency: str, **kwargs):
        self.currency = currency
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        """The row as the service takes it."""
        return {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in ("DELETE", "ORDER")
        }


class PositionForm(RowForm):
    section = "positions"
    title = _text(_("Title"), max_length=200, **{"aria-label": _("Position title")})
    grade = _text(_("Grade"), max_length=40, **{"aria-label": _("Grade")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fte"] = FTEField(label=_("FTE"))
        self.fields["fte"].widget.attrs["aria-label"] = _("FTE")
        self.fields["salary"] = AmountField(
            currency=self.currency, label=_("Annual salary cost")
        )
        self.fields["salary"].widget.attrs["aria-label"] = _("Annual salary cost")

    def clean(self):
        data = super().clean()
        if not data.get("title") and "title" not in self.errors:
            if data.get("salary") is not None:
                self.add_error("title", _("A salary needs a position title."))
            else:
                self.add_error("title", _("Enter the position's title."))
        if data.get("fte") is None and "fte" not in self.errors:
            self.add_error("fte", _("Enter the FTE, e.g. 1 or 0.6."))
        return data


class LineForm(RowForm):
    section = "lines"
    category = forms.ChoiceField(
        label=_("Category"),
        choices=BudgetLine.Category.choices,
        initial=BudgetLine.Category.OTHER,
        widget=forms.Select(attrs={"aria-label": _("Category")}),
    )
    label = _text(_("Label"), max_length=200, **{"aria-label": _("Line label")})
    from_missions = forms.BooleanField(
        label=_("From missions"),
        required=False,
        widget=forms.CheckboxInput(
            attrs={"aria-label": _("Computed from the mission plan")}
        ),
    )
    note = forms.CharField(
        label=_("What it covers"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "aria-label": _("What it covers"),
                "placeholder": _("What it covers"),
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"] = AmountField(currency=self.currency, label=_("Amount"))
        self.fields["amount"].widget.attrs["aria-label"] = _("Amount")
        self.order_fields(["category", "label", "amount", "from_missions", "note"])

    def clean(self):
        data = super().clean()
        if not data.get("label") and "label" not in self.errors:
            self.add_error("label", _("Enter a label for the line."))
        if (
            data.get("amount") is None
            and not data.get("from_missions")
            and "amount" not in self.errors
        ):
            self.add_error(
                "amount",
                _("Enter an amount, or compute the line from the mission plan."),
            )
        return data


class MissionForm(RowForm):
    section = "missions"
    purpose = _text(_("Purpose"), max_length=300, **{"aria-label": _("Purpose")})
    count = forms.IntegerField(
        label=_("Number of missions"),
        min_value=1,
        max_value=32767,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "aria-label": _("Number of missions")}
        ),
        error_messages={
            "invalid": _("Enter a whole number of missions, e.g. 10."),
            "required": _("Enter the number of missions."),
            "min_value": _("Enter a number of missions from 1."),
        },
    )
    haul = forms.ChoiceField(
        label=_("Haul"),
        required=False,
        choices=[("", "—"), *Mission.Haul.choices],
        widget=forms.Select(attrs={"aria-label": _("Haul")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_cost"] = AmountField(
            currency=self.currency, label=_("Cost per mission")
        )
        self.fields["unit_cost"].widget.attrs["aria-label"] = _("Cost per mission")

    def clean(self):
        data = super().clean()
        if not data.get("purpose") and "purpose" not in self.errors:
            self.add_error("purpose", _("Enter the purpose of the missions."))
        return data


class NoteForm(RowForm):
    section = "notes"
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=BudgetNote.Kind.choices,
        initial=BudgetNote.Kind.NOTE,
        widget=forms.Select(attrs={"aria-label": _("Kind")}),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "aria-label": _("Text of the note")}),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", _("Enter the text of the note, or delete it."))
        return data


def _formset(form):
    return forms.formset_factory(form, extra=0, can_delete=True)


PositionFormSet = _formset(PositionForm)
LineFormSet = _formset(LineForm)
MissionFormSet = _formset(MissionForm)
NoteFormSet = _formset(NoteForm)

SECTIONS = {
    "positions": (PositionFormSet, ("title", "grade", "fte", "salary")),
    "lines": (LineFormSet, ("category", "label", "amount", "from_missions", "note")),
    "missions": (MissionFormSet, ("purpose", "count", "haul", "unit_cost")),
    "notes": (NoteFormSet, ("kind", "text")),
}


def budget_formsets(budget: Budget, data=None) -> dict[str, forms.BaseFormSet]:
    """The four formsets of the edit page, filled from the budget's (prefetched)
    rows, or bound to what was posted."""
    rows = {
        "positions": budget.positions.all(),
        "lines": budget.lines.all(),
        "missions": budget.missions.all(),
        "notes": budget.notes.all(),
    }
    formsets = {}
    for section, (formset_class, fields) in SECTIONS.items():
        initial = [
            {name: getattr(row, name) for name in fields} for row in rows[section]
        ]
        formsets[section] = formset_class(
            data,
            initial=initial,
            prefix=section,
            form_kwargs={"currency": budget.currency},
        )
    return formsets


# --- The detail page's workflow forms ---------------------------------------------


class ReturnToDraftForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the budget goes back to draft.")},
    )


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what should change.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the comment first.")},
    )


def _date_field(label):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Enter a date, e.g. 2025-10-08."),
            "required": _("Enter the date."),
        },
    )


class CirculateForm(forms.Form):
    on = _date_field(_("Circulated to States on"))


class AdoptForm(forms.Form):
    on = _date_field(_("Adopted on"))
    meeting = forms.CharField(
        label=_("Adopted by (meeting)"),
        max_length=200,
        error_messages={"required": _("Enter the meeting that adopted the budget.")},
    )
    decision = forms.CharField(
        label=_("Decision"),
        max_length=200,
        error_messages={"required": _("Enter the decision (e.g. its paragraph).")},
    )
    document_symbol = forms.CharField(
        label=_("Document symbol"),
        max_length=60,
        error_messages={"required": _("Enter the document symbol.")},
    )


# --- Creating a budget -----------------------------------------------------------


class BudgetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        version = f" v{obj.version}" if obj.version > 1 else ""
        return f"{obj.convention.code} {obj.year}{version} — {obj.get_status_display()}"


class BudgetCreateForm(forms.Form):
    convention = forms.ModelChoiceField(
        label=_("Convention"), queryset=None, empty_label=None
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1990,
        max_value=2100,
        error_messages={"invalid": _("Enter a year, e.g. 2027.")},
    )
    copy_from = BudgetChoiceField(
        label=_("Start from"),
        queryset=None,
        required=False,
        empty_label=_("an empty budget"),
        help_text=_(
            "Copying takes the positions, lines, mission plan, notes and in-kind "
            "support; not the workflow or the document's date and symbol."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        conventions = managed_conventions(user)
        self.fields["convention"].queryset = conventions
        self.fields["copy_from"].queryset = (
            Budget.objects.filter(convention__in=conventions)
            .select_related("convention")
            .order_by("convention__code", "-year", "-version")
        )

    def clean(self):
        data = super().clean()
        source, convention = data.get("copy_from"), data.get("convention")
        if (
            source is not None
            and convention is not None
            and source.convention_id != convention.pk
        ):
            self.add_error("copy_from", _("Copy a budget of the same convention."))
        return data


def next_budget_defaults(conventions) -> dict:
    """Next year's budget, copying the latest one, for the first convention."""
    convention = next(iter(conventions), None)
    if convention is None:
        return {}
    latest = (
        Budget.objects.filter(convention=convention).order_by("-year", "-version")
    ).first()
    return {
        "convention": convention,
        "year": latest.year + 1 if latest else timezone.localdate().year + 1,
        "copy_from": latest,
    }
