"""The edit page's forms: the title block and staff-cost inputs of the budget, and
one formset per section (positions, lines, mission plan, notes). They turn what is
typed into the rows budget_save takes; its rules hold for every caller."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.forms.fields import AmountField, FTEField, MoneyTextField, PercentField
from budgets.models import Budget, BudgetLine, BudgetNote, Mission
from budgets.services.content import title_problem
from budgets.services.earmarked import FIELDS as EARMARKED_FIELDS
from budgets.services.earmarked import earmarked_of
from ism.concurrency import version_field
from ism.forms import date_field
from ism.formset_rows import TemplateFormSet


def _text(label: str, *, max_length: int, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs=attrs),
    )


def _choice(label: str, choices, **kwargs) -> forms.ChoiceField:
    """A select whose label is also what a screen reader says in the row."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.Select(attrs={"aria-label": label}),
        **kwargs,
    )


class BudgetHeaderForm(forms.Form):
    """The title block and the staff-cost inputs that sit on the budget itself."""

    title = _text(_("Title"), max_length=300)
    meeting = _text(_("Meeting"), max_length=200)
    agenda_item = _text(_("Agenda item"), max_length=40)
    document_symbol = _text(_("Document symbol"), max_length=60)
    document_date = date_field(_("Document date"), required=False)
    salaries_note = _text(_("Note on salaries"), max_length=300)
    social_security_note = _text(_("Note on social security"), max_length=300)
    # What the page was loaded from (ism.concurrency), for budgets.services.
    version = version_field()

    def __init__(self, *args, budget: Budget, **kwargs):
        from budgets.services import budget_version

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
                    "salaries_note",
                    "social_security_note",
                )
            }
            | {"version": budget_version(budget)},
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
    # Fields a row cannot do without, and what to say when one is left empty.
    required_messages: dict[str, str] = {}

    def __init__(self, *args, currency: str, **kwargs):
        self.currency = currency
        super().__init__(*args, **kwargs)

    def add_field(self, name: str, field: forms.Field) -> None:
        """A field made per form (it needs the currency); its label is also what a
        screen reader says in the row, where the column header is not read."""
        field.widget.attrs["aria-label"] = field.label
        self.fields[name] = field

    def clean(self):
        data = super().clean()
        for name, message in self.required_messages.items():
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data

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
        self.add_field("fte", FTEField(label=_("FTE")))
        self.add_field(
            "salary", AmountField(currency=self.currency, label=_("Annual salary cost"))
        )

    def clean(self):
        data = super().clean()
        if "title" not in self.errors:
            has_salary = data.get("salary") is not None
            problem = title_problem(data.get("title", ""), has_salary)
            if problem:
                self.add_error("title", problem)
        return data


class LineForm(RowForm):
    section = "lines"
    required_messages = {"label": _("Enter a label for the line.")}
    category = _choice(
        _("Category"), BudgetLine.Category.choices, initial=BudgetLine.Category.OTHER
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
        self.add_field("amount", AmountField(currency=self.currency, label=_("Amount")))
        self.order_fields(["category", "label", "amount", "from_missions", "note"])

    def clean(self):
        data = super().clean()
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
    required_messages = {"purpose": _("Enter the purpose of the missions.")}
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
    haul = _choice(_("Haul"), [("", "—"), *Mission.Haul.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cost = AmountField(currency=self.currency, label=_("Cost per mission"))
        self.add_field("unit_cost", cost)


class NoteForm(RowForm):
    section = "notes"
    required_messages = {"text": _("Enter the text of the note, or delete it.")}
    kind = _choice(_("Kind"), BudgetNote.Kind.choices, initial=BudgetNote.Kind.NOTE)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "aria-label": _("Text of the note")}),
    )


class InKindForm(RowForm):
    """Support from the host outside the total (CCM: GICHD, office rent ...)."""

    section = "in_kind"
    required_messages = {
        "provider": _("Enter who provides the support."),
        "covers": _("Enter what the support covers."),
    }
    provider = _text(_("Provider"), max_length=200, **{"aria-label": _("Provider")})
    covers = _text(_("Covers"), max_length=1000, **{"aria-label": _("Covers")})
    valuation_note = _text(
        _("Valuation"), max_length=300, **{"aria-label": _("Valuation")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = AmountField(currency=self.currency, label=_("Estimated value"))
        self.add_field("estimated_value", value)
        self.order_fields(["provider", "covers", "estimated_value", "valuation_note"])


def _year(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "aria-label": label}),
        error_messages={"invalid": _("Enter a year, e.g. 2025.")},
    )


class EarmarkedForm(RowForm):
    """A donor's multi-year project outside the total, in its own currency. It
    belongs to the convention: the hidden id says which stored project it is."""

    section = "earmarked"
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = _text(_("Project"), max_length=300, **{"aria-label": _("Project")})
    donor = _text(_("Donor"), max_length=200, **{"aria-label": _("Donor")})
    instrument = _text(
        _("Instrument"), max_length=200, **{"aria-label": _("Instrument")}
    )
    amount = MoneyTextField(label=_("Amount"), widget=forms.TextInput())
    start_year = _year(_("From"))
    end_year = _year(_("To"))
    covers = _text(_("Covers"), max_length=1000, **{"aria-label": _("Covers")})


def _formset(form):
    return forms.formset_factory(
        form, formset=TemplateFormSet, extra=0, can_delete=True
    )


PositionFormSet = _formset(PositionForm)
LineFormSet = _formset(LineForm)
MissionFormSet = _formset(MissionForm)
NoteFormSet = _formset(NoteForm)
InKindFormSet = _formset(InKindForm)
EarmarkedFormSet = _formset(EarmarkedForm)

SECTIONS = {
    "positions": (PositionFormSet, ("title", "grade", "fte", "salary")),
    "lines": (LineFormSet, ("category", "label", "amount", "from_missions", "note")),
    "missions": (MissionFormSet, ("purpose", "count", "haul", "unit_cost")),
    "notes": (NoteFormSet, ("kind", "text")),
    "in_kind": (
        InKindFormSet,
        ("provider", "covers", "estimated_value", "valuation_note"),
    ),
    "earmarked": (
        EarmarkedFormSet,
        ("id", *EARMARKED_FIELDS),
    ),
}


def budget_formsets(budget: Budget, data=None) -> dict[str, forms.BaseFormSet]:
    """The formsets of the edit page, filled from the budget's (prefetched)
    rows, or bound to what was posted."""
    rows = {
        section: earmarked_of(budget)
        if section == "earmarked"
        else getattr(budget, section).all()
        for section in SECTIONS
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
