"""Forms of the workflow steps on a budget's page, and of creating a budget."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.models import Budget
from ism.access import managed_conventions
from ism.forms import date_field, text_field


class ReturnToDraftForm(forms.Form):
    reason = text_field(
        _("Reason"), rows=2, required=_("Say why the budget goes back to draft.")
    )


class RequestChangesForm(forms.Form):
    comment = text_field(
        _("What should change"), rows=3, required=_("Say what should change.")
    )


class CommentForm(forms.Form):
    text = text_field(_("Comment"), rows=3, required=_("Write the comment first."))


class CirculateForm(forms.Form):
    on = date_field(_("Circulated to States on"))


class AdoptForm(forms.Form):
    on = date_field(_("Adopted on"))
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
