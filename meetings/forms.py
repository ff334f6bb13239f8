from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ism.concurrency import VersionedModelForm, version_field
from ism.models import Committee, State
from meetings.models import (
    UN_LANGUAGES,
    AgendaItem,
    Meeting,
    MeetingDocument,
    MeetingKind,
    Participant,
    SponsorshipApplication,
)
from meetings.services.documents import DOCUMENT_FIELDS
from meetings.services.meetings import MEETING_FIELDS
from meetings.services.participants import PARTICIPANT_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _typed(fields: list[str]) -> list[str]:
    """What a page's form offers of the fields a service takes: all but the demo
    loader's `illustrative` flag."""
    return [name for name in fields if name != "illustrative"]


class MeetingForm(VersionedModelForm, forms.ModelForm):
    version_fields = MEETING_FIELDS

    class Meta:
        model = Meeting
        fields = _typed(MEETING_FIELDS)
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "registration_deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _(
                "Leave empty and the kind's title is written for you, in each "
                "language: for a numbered meeting, e.g. “Twenty-Sixth Meeting of "
                "the High Contracting Parties”."
            ),
            "end": _("Leave empty for a one-day meeting."),
            "status": _(
                "Leave “Planned” and the dates do the rest: in session from the "
                "first day, held after the last. Choose cancelled or postponed when "
                "the meeting will not take place on these dates."
            ),
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(
            convention=convention
        )
        # The convention's own kinds of meeting, in its words (MeetingKind).
        self.fields["kind"] = forms.ChoiceField(
            label=self.fields["kind"].label,
            choices=[
                (kind.code, kind.label)
                for kind in MeetingKind.objects.filter(convention=convention)
            ],
        )
        self.fields["title"].required = False
        self.fields["end"].required = False


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["number", "title"]
        widgets = {"number": forms.TextInput(attrs={"placeholder": "9(h)(i)"})}


class DocumentForm(forms.ModelForm):
    class Meta:
        model = MeetingDocument
        fields = _typed(DOCUMENT_FIELDS)
        widgets = {"date": DateInput()}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(
            meeting=meeting
        ).order_by("sort_key")


class DocumentFileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=UN_LANGUAGES)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx) or Excel (.xlsx). Checked before it is stored."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,application/pdf"}
        ),
    )


class DelegationForm(forms.Form):
    """ISU staff register a State's or an organisation's delegation."""

    state = forms.ModelChoiceField(
        label=_("State"), queryset=State.objects.all(), required=False
    )
    organisation = forms.CharField(label=_("or organisation"), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("state")) == bool((data.get("organisation") or "").strip()):
            raise forms.ValidationError(_("Choose a State, or name an organisation."))
        return data


class ParticipantForm(VersionedModelForm, forms.ModelForm):
    version_fields = PARTICIPANT_FIELDS

    class Meta:
        model = Participant
        fields = _typed(PARTICIPANT_FIELDS)


class ApplicationForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Delegate"), queryset=Participant.objects.none()
    )
    needs_travel = forms.BooleanField(label=_("Travel (air ticket)"), required=False)
    travel_amount = forms.DecimalField(
        label=_("Travel, estimated cost"), min_value=0, decimal_places=2, initial=0
    )
    hotel_nights = forms.IntegerField(
        label=_("Hotel nights"), min_value=0, max_value=30, initial=0
    )
    hotel_amount = forms.DecimalField(
        label=_("Hotel, estimated cost"), min_value=0, decimal_places=2, initial=0
    )
    allowance_days = forms.IntegerField(
        label=_("Days of daily allowance"), min_value=0, max_value=30, initial=0
    )
    allowance_amount = forms.DecimalField(
        label=_("Daily allowance, total"), min_value=0, decimal_places=2, initial=0
    )
    motivation = forms.CharField(
        label=_("The delegate's role in implementing the convention"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, participants, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants
        self.fields["participant"].label_from_instance = lambda p: (
            f"{p.full_name} — {p.delegation.state.name}, {p.delegation.meeting.title}"
        )
        for name in ("travel_amount", "hotel_amount", "allowance_amount"):
            self.fields[name].label = f"{self.fields[name].label} ({currency})"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision of the donors' group"),
        choices=[(s.value, s.label) for s in SponsorshipApplication.DECISIONS],
        widget=forms.RadioSelect,
    )
    amount_approved = forms.DecimalField(
        label=_("Amount approved"),
        min_value=0,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to approve the amount requested."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when declining."),
    )
    version = version_field()


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    meetings = forms.ModelMultipleChoiceField(
        label=_("Meetings it funds"),
        queryset=Meeting.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    budget = forms.DecimalField(label=_("Budget"), min_value=0, decimal_places=2)
    target_delegates = forms.IntegerField(
        label=_("Target number of sponsored delegates"), min_value=1, max_value=1000
    )
    open_for_applications = forms.BooleanField(
        label=_("Open for applications"), required=False, initial=True
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meetings"].queryset = Meeting.objects.filter(
            convention=convention, kind_row__public=True
        ).order_by("-start")
        self.fields[
            "budget"
        ].label = f"{self.fields['budget'].label} ({convention.currency})"
