"""Transparency reports: a report per State, report type (reporting.models.types:
the Article 7 report, a CCW protocol's report) and year, its
forms (the working copy the focal point edits), the versions frozen on
submission, attachments, and the ISU's own annual report documents.

A report that has never been opened is "not started": it has no row. Due dates,
"late" and "missing" are not stored; they follow from the convention's rules and
the first submission date (reporting.rules), so they cannot go stale when a
convention's settings change.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ism.constraints import not_negative, ordered, unique
from ism.fields import (
    convention_fk,
    illustrative_flag,
    optional_fk,
    part_of,
    state_fk,
    user_fk,
)
from ism.file_kinds import CONTENT_TYPES, FileKind
from ism.models.common import (
    FrozenVersion,
    HasPage,
    Timestamped,
    version_constraints,
)
from reporting import catalogue, rules
from reporting.models.types import ARTICLE7, ReportType

FIGURE = {"max_digits": 16, "decimal_places": 2}


class Report(HasPage, Timestamped):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial report")
        ANNUAL = "annual", _("Annual report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        # Reopened after a submission: the submitted (or published) versions stand
        # until the correction is submitted as a new version.
        CORRECTING = "correcting", _("Correction in progress")

    convention = convention_fk(related_name="article7_reports")
    # Of the same convention (reporting.services.report_start opens it so).
    report_type = models.ForeignKey(
        ReportType,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("report type"),
    )
    state = state_fk(related_name="article7_reports")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.ANNUAL)
    # Annual: the calendar year the report covers. Initial: the year of entry into
    # force (the report describes the State's situation at that date).
    year = models.PositiveSmallIntegerField(_("reporting year"))
    # Initial reports only: the entry into force their due date runs from.
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Timeliness is judged on the first submission; a correction does not move it.
    first_submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(null=True, blank=True)
    # The latest published version: what the public database shows. A report with
    # one is public; its later corrections stay private until published too.
    published_version = optional_fk("ReportVersion")
    # Asked on each report of a type that asks it (ReportType.
    # asks_publication_consent): None not answered yet, else the State's answer.
    # Without consent the report is submitted but never published.
    publication_consent = models.BooleanField(
        _("the State agrees to the publication of this report"),
        null=True,
        blank=True,
    )
    illustrative = illustrative_flag(
        _("Demo data whose dates or contents are invented.")
    )

    class Meta:
        ordering = ["convention__code", "-year", "state__name"]
        constraints = [
            unique(
                ["report_type", "state", "kind", "year"], name="report_unique_per_year"
            ),
            # One initial report per State and report type, whatever its year.
            unique(
                ["report_type", "state"],
                condition=Q(kind="initial"),
                name="report_one_initial",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1997, year__lte=2200),
                name="report_year_plausible",
            ),
            models.CheckConstraint(
                condition=~Q(kind="initial") | Q(entry_into_force__isnull=False),
                name="report_initial_has_entry_into_force",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", first_submitted_on__isnull=True)
                | (~Q(status="draft") & Q(first_submitted_on__isnull=False)),
                name="report_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_version__isnull=False),
                name="report_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        # The Article 7 report reads as it always has; another type by its name.
        what = self.convention.code
        if self.report_type.code != ARTICLE7:
            what = f"{what} {self.report_type.name}"
        if self.kind == self.Kind.INITIAL:
            return f"{self.state} — {what} initial report"
        return f"{self.state} — {what} report {self.year}"

    page_url_name = "reporting:report"

    @property
    def due_date(self):
        if self.kind == self.Kind.INITIAL:
            return rules.initial_due(self.due_rule, self.entry_into_force)
        return rules.annual_due(self.due_rule, self.year)

    @property
    def due_rule(self):
        """The type's own dates, or its convention's: the report's own convention
        (loaded with it), so a list of reports reads no convention per row."""
        return self.report_type if self.report_type.own_dates else self.convention

    def timeliness(self, today) -> str:
        return rules.timeliness(
            due=self.due_date, submitted_on=self.first_submitted_on, today=today
        )

    @property
    def period_label(self) -> str:
        if self.kind == self.Kind.INITIAL:
            return str(_("initial report"))
        return str(_("calendar year %(year)s") % {"year": self.year})

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CORRECTING)

    @property
    def period_key(self) -> str:
        """The period in outbox keys and file names: "2024" or "initial"."""
        return "initial" if self.kind == self.Kind.INITIAL else str(self.year)

    @property
    def form_specs(self) -> tuple[catalogue.FormSpec, ...]:
        return self.report_type.form_specs

    @property
    def consent_missing(self) -> bool:
        """The type asks the State's consent to publication and it is not given."""
        return (
            self.report_type.asks_publication_consent
            and self.publication_consent is not True
        )


class ReportForm(models.Model):
    """One form of a report's working copy."""

    class Status(models.TextChoices):
        # A form is marked before the report can be submitted.
        TODO = "", _("Not yet marked")
        CHANGED = "changed", _("Changed")
        UNCHANGED = "unchanged", _("Unchanged")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    report = part_of(Report, related_name="forms")
    code = models.CharField(_("form"), max_length=10)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.TODO, blank=True
    )
    # "Unchanged since <year>": the year of the report whose content still holds.
    unchanged_since = models.PositiveSmallIntegerField(
        _("unchanged since"), null=True, blank=True
    )
    text = models.TextField(_("information"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = user_fk(on_delete=models.SET_NULL)

    class Meta:
        # By the report's id, not its ordering: the forms are always read one
        # report's at a time, and "report" joined the report, its convention and
        # its State into every such query to sort rows that all share one report.
        ordering = ["report_id", "pk"]
        constraints = [
            unique(["report", "code"], name="form_unique"),
            models.CheckConstraint(
                condition=Q(status="unchanged", unchanged_since__isnull=False)
                | (~Q(status="unchanged") & Q(unchanged_since__isnull=True)),
                name="form_unchanged_names_its_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: form {self.code}"

    @property
    def spec(self) -> catalogue.FormSpec | None:
        return catalogue.form_spec(self.report.report_type.form_set, self.code)

    @property
    def status_label(self) -> str:
        if self.status == self.Status.UNCHANGED:
            return str(_("Unchanged since %(year)s") % {"year": self.unchanged_since})
        return str(self.get_status_display())


class FormFigure(models.Model):
    """A number that matters on a form (mines retained, area cleared in m²)."""

    form = part_of(ReportForm, related_name="figures")
    key = models.CharField(max_length=60)
    value = models.DecimalField(**FIGURE)

    class Meta:
        # One form's at a time, as ReportForm's: "form" joined four tables.
        ordering = ["form_id", "pk"]
        constraints = [
            unique(["form", "key"], name="figure_unique"),
            not_negative("value", name="figure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.key} = {self.value}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: the user's file name never reaches the file system.
    suffix = PurePath(filename).suffix.lower()
    return f"reporting/attachments/{instance.report_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A document attached to a form, checked by content before it is stored.
    Stored privately; served only through reporting.views.attachment_download."""

    Kind = FileKind
    CONTENT_TYPES = CONTENT_TYPES

    report = part_of(Report, related_name="attachments")
    form_code = models.CharField(_("form"), max_length=10)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Taken out of the working copy but kept: a frozen version refers to it.
    detached = models.BooleanField(default=False)
    # Part of a published version: public from then on, and never deleted.
    published = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = user_fk(on_delete=models.SET_NULL)

    class Meta:
        ordering = ["form_code", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.kind]

    @property
    def download_name(self) -> str:
        stem = PurePath(self.original_name).stem or "attachment"
        return f"{stem}.{self.kind}"


def version_pdf_path(instance: ReportVersion, filename: str) -> str:
    return f"reporting/versions/{instance.report_id}/v{instance.number}/{filename}"


class ReportVersion(HasPage, FrozenVersion):
    """What was submitted, frozen: the forms, figures and attachments as they were.
    A correction is a new version; a published version never changes."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="versions"
    )
    note = models.TextField(_("what this version corrects"), blank=True)
    submitted_at = models.DateTimeField()
    submitted_on = models.DateField()
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="+")
    # ",A,C,G,": the forms with new information in this version, so the public
    # database can search by form on every database engine.
    changed_forms = models.CharField(max_length=200, blank=True)
    pdf = models.FileField(upload_to=version_pdf_path, blank=True, max_length=300)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = user_fk()

    class Meta:
        ordering = ["report", "-number"]
        constraints = version_constraints(
            "report", unique="version_unique_number", positive="version_number_positive"
        )

    def __str__(self) -> str:
        return f"{self.report}, version {self.number}"

    page_url_name = "reporting:version"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def changed_form_codes(self) -> list[str]:
        return [code for code in self.changed_forms.split(",") if code]

    @property
    def filename(self) -> str:
        report = self.report
        code = report.report_type.code
        kind = "Article7" if code == ARTICLE7 else code
        return (
            f"{report.convention.code}-{kind}-{report.state.iso3}-"
            f"{report.period_key}-v{self.number}.pdf"
        )


class IsuReportDocument(models.Model):
    """A rendering of the ISU's annual report for a period, kept so the PDF is made
    once by a worker and downloaded as often as needed."""

    convention = convention_fk()
    period_start = models.DateField()
    period_end = models.DateField()
    # The day its financial figures are as at, when not the period's end.
    finance_as_of = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=7, default="en")  # zh-hans
    pdf = models.FileField(upload_to="reporting/isu-reports/", blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = user_fk(on_delete=models.SET_NULL)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            ordered("period_start", "period_end", name="isu_report_period_ordered"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.convention.code} ISU annual report "
            f"{self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"
        )

    @property
    def filename(self) -> str:
        if (
            self.period_start.month == 1
            and self.period_start.day == 1
            and self.period_end.month == 12
            and self.period_end.day == 31
            and self.period_start.year == self.period_end.year
        ):
            period = str(self.period_start.year)
        else:
            period = f"{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}"
        return f"{self.convention.code}-ISU-annual-report-{period}.pdf"


# --- Access scopes ---
from ism.access import EVERY_ROW, Scope, register  # noqa: E402

# A State's report is its own (its focal points) and its convention's (staff,
# auditors); once a version is published the report is public — pages and the API
# then show the published version only, never the working copy.
register(Report, Scope(state="state", public=Q(published_version__isnull=False)))
register(
    ReportVersion,
    Scope(
        convention="report__convention",
        state="report__state",
        public=Q(published_at__isnull=False),
    ),
)
register(ReportForm, Scope(convention="report__convention", state="report__state"))
register(
    FormFigure,
    Scope(convention="form__report__convention", state="form__report__state"),
)
register(
    Attachment,
    Scope(
        convention="report__convention",
        state="report__state",
        public=Q(published=True),
    ),
)
register(IsuReportDocument, Scope())
# What a convention's States owe is public, as the treaties are.
register(ReportType, Scope(public=EVERY_ROW))
