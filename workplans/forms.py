"""Forms of the work plan pages. They read and check what was typed; the rules of
the chain live in the services, whose ValidationErrors are put back beside the
fields (ism.forms.add_service_errors)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ism.concurrency import VersionedModelForm, version_field
from ism.forms import date_field, text_field
from workplans.models import Indicator, Level, WorkPlan

NOT_LINKED = ""


def _year_field(label, required=True):
    return forms.IntegerField(
        label=label, min_value=2000, max_value=2100, required=required
    )


def _title_field():
    """The plan's own title; without one, the plan is named by its convention
    and years (WorkPlan.display_title)."""
    return forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Leave empty to name the plan by its convention and years."),
    )


class WorkPlanCreateForm(forms.Form):
    convention = forms.ChoiceField(label=_("Convention"))
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkPlan.Kind.choices)
    start_year = _year_field(_("Year (first year of a multi-year plan)"))
    end_year = _year_field(_("Last year (multi-year plans)"), required=False)
    title = _title_field()

    def __init__(self, *args, conventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.conventions = {str(c.pk): c for c in conventions}
        self.fields["convention"].choices = [
            (str(c.pk), f"{c.code} — {c.short_name}") for c in conventions
        ]

    def clean(self):
        data = super().clean()
        kind, start, end = (
            data.get("kind"),
            data.get("start_year"),
            data.get("end_year"),
        )
        if kind == WorkPlan.Kind.MULTI_YEAR and start and not end:
            self.add_error("end_year", _("A multi-year plan needs its last year."))
        if kind == WorkPlan.Kind.MULTI_YEAR and start and end and end <= start:
            self.add_error(
                "end_year", _("A multi-year plan ends after its first year.")
            )
        if data.get("convention") in self.conventions:
            data["convention"] = self.conventions[data["convention"]]
        return data


def _narrative_field(label, help_text):
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


class WorkPlanSettingsForm(forms.Form):
    title = _title_field()
    action_plan = forms.ChoiceField(
        label=_("Action plan"),
        required=False,
        help_text=_("The action plan whose actions the activities carry out."),
    )
    numbering = forms.ChoiceField(
        label=_("Numbering"), choices=WorkPlan.Numbering.choices
    )
    meeting = forms.CharField(
        label=_("Meeting"),
        required=False,
        max_length=200,
        help_text=_("The meeting the plan is submitted to, as its title block says."),
    )
    agenda_item = forms.CharField(label=_("Agenda item"), required=False, max_length=40)
    document_symbol = forms.CharField(
        label=_("Document symbol"), required=False, max_length=60
    )
    document_date = date_field(_("Document date"), required=False)
    objectives = _narrative_field(
        _("Objectives"),
        _("Printed after the title block; blank lines part paragraphs."),
    )
    expected_results = _narrative_field(
        _("Expected results"), _("Printed after the objectives.")
    )
    budget = forms.ChoiceField(
        label=_("Budget"),
        required=False,
        help_text=_("Linking the budget shows what each result costs."),
    )

    def __init__(self, *args, budgets, action_plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_plan"].choices = [("", _("— none —"))] + [
            (name, name) for name in action_plans
        ]
        self.budgets = {str(b.pk): b for b in budgets}
        self.fields["budget"].choices = [("", _("— none —"))] + [
            (str(b.pk), f"{b} — {b.get_status_display()}") for b in budgets
        ]

    def clean_budget(self):
        value = self.cleaned_data.get("budget")
        return self.budgets.get(value) if value else None


class AreaForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the thematic area"),
        max_length=300,
        error_messages={"required": _("An area needs a title.")},
    )


class ResultAddForm(forms.Form):
    """A new statement of a level, and the result it contributes to (none for an
    impact, the top of the chain)."""

    text = text_field(
        _("Statement"), rows=3, required=_("A statement cannot be empty.")
    )
    parent = forms.ChoiceField(label=_("Contributes to"), required=False)

    def __init__(self, *args, parents, level, **kwargs):
        super().__init__(*args, **kwargs)
        self.level = level
        self.fields["parent"].choices = [(NOT_LINKED, _("— nothing (unlinked) —"))] + [
            (str(pk), label) for pk, label in parents
        ]
        if level == Level.IMPACT:
            del self.fields["parent"]


class ResultForm(ResultAddForm):
    """Reword a statement, link it, move it to another area, its actions and lines."""

    area = forms.ChoiceField(label=_("Thematic area"))
    action_refs = forms.CharField(
        label=_("Action-plan actions"),
        required=False,
        max_length=200,
        help_text=_("Action numbers separated by commas, e.g. #12, #31."),
    )
    budget_lines = forms.MultipleChoiceField(
        label=_("Paid from budget lines"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = version_field()

    def __init__(self, *args, parents, areas, lines, level, **kwargs):
        super().__init__(*args, parents=parents, level=level, **kwargs)
        self.fields["area"].choices = [(str(pk), label) for pk, label in areas]
        if lines:
            self.fields["budget_lines"].choices = [
                (str(pk), label) for pk, label in lines
            ]
        else:
            del self.fields["budget_lines"]


class IndicatorForm(VersionedModelForm, forms.ModelForm):
    version_fields = Indicator.DEFINITION_FIELDS

    class Meta:
        model = Indicator
        fields = Indicator.DEFINITION_FIELDS
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"qualifier": _("Target is"), "target": _("Target value")}

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_committee"].queryset = committees
        self.fields["source_committee"].required = False

    def _post_clean(self):
        # The model's rules run in the service (indicator_add / indicator_update),
        # whose errors add_service_errors puts beside the fields; validating here too
        # would need the result the form does not know.
        pass


class ActualForm(forms.Form):
    period_start = date_field(_("Period from"))
    period_end = date_field(_("to"))
    value = forms.DecimalField(label=_("Actual"), max_digits=12, decimal_places=2)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figure comes from, e.g. the committees' minutes."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Write a comment.")},
    )


class ReplyForm(CommentForm):
    text = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        error_messages={"required": _("Write an answer.")},
    )


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the Coordinating Committee"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestChangesForm(forms.Form):
    note = text_field(
        _("What should change"), rows=3, required=_("Say what should change.")
    )


class AdoptForm(forms.Form):
    adopted_on = date_field(_("Adopted on"))
    adopted_by = forms.CharField(
        label=_("Adopted by"),
        max_length=200,
        help_text=_("The meeting that adopted the plan, by its full title."),
    )
    decision = forms.CharField(label=_("Decision"), required=False, max_length=200)

    def clean_adopted_on(self):
        value = self.cleaned_data["adopted_on"]
        if value > timezone.localdate() + dt.timedelta(days=1):
            raise ValidationError(_("An adoption cannot be in the future."))
        return value
