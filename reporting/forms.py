"""Forms of the reporting pages. The rules themselves live in the services
(reporting.services.forms.clean_form_data); these forms parse what was typed and
carry the services' messages back beside the fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ism.concurrency import version_field
from ism.translated import text_in
from reporting import catalogue
from reporting.models import Report, ReportForm

MARK_CHOICES = [
    (ReportForm.Status.CHANGED, _("Changed: new information in this report")),
    (ReportForm.Status.UNCHANGED, _("Unchanged since an earlier report")),
    (ReportForm.Status.NOT_APPLICABLE, _("Not applicable")),
    (ReportForm.Status.TODO, _("Not yet marked (keep as draft)")),
]


class ReportFormEdit(forms.Form):
    """One Article 7 form: how it is marked, its information and its figures."""

    status = forms.ChoiceField(
        label=_("This form is"), choices=MARK_CHOICES, widget=forms.RadioSelect
    )
    unchanged_since = forms.IntegerField(
        label=_("Unchanged since (year)"),
        required=False,
        min_value=1997,
        max_value=2200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    text = forms.CharField(
        label=_("Information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=100_000,
    )
    version = version_field()

    def __init__(self, *args, report: Report, spec: catalogue.FormSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.report, self.spec = report, spec
        if report.kind == Report.Kind.INITIAL:
            self.fields["status"].choices = [
                c for c in MARK_CHOICES if c[0] != ReportForm.Status.UNCHANGED
            ]
            del self.fields["unchanged_since"]
        else:
            self.fields["unchanged_since"].max_value = report.year - 1
            self.fields["unchanged_since"].widget.attrs["max"] = report.year - 1
        for figure in spec.figures:
            self.fields[f"figure_{figure.key}"] = forms.DecimalField(
                label=figure.label,
                required=False,
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=figure.places,
                widget=forms.NumberInput(
                    attrs={"step": figure.step, "min": "0", "inputmode": "decimal"}
                ),
            )
            self.fields[f"figure_{figure.key}"].unit = figure.unit

    @property
    def figure_fields(self):
        return [self[f"figure_{figure.key}"] for figure in self.spec.figures]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "unchanged_since": data.get("unchanged_since"),
            "text": data.get("text", ""),
            "version": data.get("version"),
            "figures": {
                figure.key: data.get(f"figure_{figure.key}")
                for figure in self.spec.figures
            },
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a document"),
        help_text=_("PDF, Word (.docx) or Excel (.xlsx), up to 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.xlsx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml."
                "document,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet"
            }
        ),
    )


class StartForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Calendar year covered"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("What this version corrects"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    # Only where the report type asks it (ReportType.asks_publication_consent).
    publication_consent = forms.TypedChoiceField(
        label=_("Publication"),
        choices=[
            ("yes", _("The State agrees to the publication of this report")),
            ("no", _("The State does not agree to its publication")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        asks = report is not None and report.report_type.asks_publication_consent
        if not asks:
            del self.fields["publication_consent"]
        elif report.publication_consent is not None:
            self.initial.setdefault(
                "publication_consent", "yes" if report.publication_consent else "no"
            )


class PublicFilterForm(forms.Form):
    convention = forms.ChoiceField(label=_("Convention"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    year = forms.TypedChoiceField(
        label=_("Year covered"), required=False, coerce=int, empty_value=None
    )
    report_type = forms.ChoiceField(label=_("Report"), required=False)
    form = forms.ChoiceField(label=_("New information in form"), required=False)

    def __init__(self, *args, conventions, states, years, report_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        all_ = [("", _("All"))]
        self.fields["convention"].choices = all_ + [
            (c.code, c.code) for c in conventions
        ]
        self.fields["report_type"].choices = all_ + [
            (self.type_value(t), f"{t.convention.code} — {text_in_language(t)}")
            for t in report_types
        ]
        self.fields["state"].choices = all_ + [(s.iso3, s.name) for s in states]
        self.fields["year"].choices = all_ + [(y, y) for y in years]
        self.fields["form"].choices = all_ + [
            (code, code) for code in catalogue.all_form_codes()
        ]

    @staticmethod
    def type_value(report_type) -> str:
        """A report type in the query string: "CCW:pv"."""
        return f"{report_type.convention.code}:{report_type.code}"


def text_in_language(report_type) -> str:
    """The type's name in the page's language (ism.translated)."""
    return text_in(report_type, "name", get_language())[0]


class IsuReportForm(forms.Form):
    convention = forms.ChoiceField(label=_("Convention"))
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    finance_as_of = forms.DateField(
        label=_("Financial figures as at"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, conventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.conventions = {c.code: c for c in conventions}
        self.fields["convention"].choices = [(c.code, c.code) for c in conventions]

    def clean_convention(self):
        """The Convention itself, one of those offered (the choice checked it)."""
        return self.conventions[self.cleaned_data["convention"]]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The period cannot end before it starts."))
            elif end - start > dt.timedelta(days=366 * 5):
                self.add_error("end", _("Choose a period of at most five years."))
        return data
