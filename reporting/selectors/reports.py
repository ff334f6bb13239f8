"""Reads of reports shared by pages, API and PDFs, scoped by ism.access and
prefetched so the number of queries does not grow with the number of forms,
versions or reports."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from ism.access import visible
from ism.models import Convention, State
from ism.selectors import filter_given
from reporting.models import Attachment, Report, ReportForm, ReportVersion

# --- Reports ---


def report_list(
    *,
    user,
    convention: Convention | None = None,
    state: State | None = None,
    year: int | None = None,
    kind: str | None = None,
    report_type=None,
) -> QuerySet[Report]:
    qs = visible(
        user,
        Report.objects.select_related(
            "convention", "report_type", "state", "published_version"
        ),
    )
    qs = filter_given(
        qs, convention=convention, report_type=report_type, state=state, year=year
    )
    # An empty ?kind= means any kind, as no kind does.
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def report_detail_queryset(*, user) -> QuerySet[Report]:
    """Reports with their working copy, attachments and versions, in a fixed number
    of queries."""
    return report_list(user=user).prefetch_related(
        Prefetch("forms", ReportForm.objects.prefetch_related("figures")),
        Prefetch("attachments", Attachment.objects.filter(detached=False)),
        Prefetch(
            "versions",
            ReportVersion.objects.select_related("submitted_by", "published_by"),
        ),
    )


def version_queryset(*, user) -> QuerySet[ReportVersion]:
    return visible(
        user,
        ReportVersion.objects.select_related(
            "report",
            "report__convention",
            "report__report_type",
            "report__state",
            "report__published_version",
        ),
    ).prefetch_related("attachments")


def forms_in_order(report: Report) -> list[ReportForm]:
    """The working copy's forms in the convention's order (prefetched)."""
    by_code = {form.code: form for form in report.forms.all()}
    return [by_code[spec.code] for spec in report.form_specs if spec.code in by_code]


def previous_version(report: Report) -> ReportVersion | None:
    """The latest submitted version of the State's most recent earlier report:
    what "carry over from last year" copies."""
    return (
        ReportVersion.objects.filter(
            report__report_type_id=report.report_type_id,
            report__state_id=report.state_id,
            report__year__lt=report.year,
        )
        .exclude(report_id=report.pk)
        .select_related("report")
        .order_by("-report__year", "-number")
        .first()
    )


def state_history(
    *, user, state: State, convention: Convention, report_type=None
) -> QuerySet[Report]:
    """The State's reports under a convention (of one type, or all), newest
    first, with their versions."""
    return (
        report_list(
            user=user, convention=convention, state=state, report_type=report_type
        )
        .prefetch_related(
            Prefetch("versions", ReportVersion.objects.order_by("-number"))
        )
        .order_by("-year", "kind")
    )


def published_reports(
    *,
    user,
    convention: Convention | None = None,
    state: State | None = None,
    year: int | None = None,
    form: str | None = None,
    report_type=None,
) -> QuerySet[Report]:
    """The public database: each report's latest published version, of one report
    type or all. `form` keeps reports whose published version has new information
    in that form."""
    qs = report_list(
        user=user,
        convention=convention,
        state=state,
        year=year,
        report_type=report_type,
    ).filter(published_version__isnull=False)
    if form:
        qs = qs.filter(published_version__changed_forms__contains=f",{form},")
    return qs.order_by(
        "-year", "state__name", "convention__code", "report_type__order", "kind"
    )


def published_years(*, user) -> list[int]:
    return sorted(
        set(
            visible(user, Report.objects.filter(published_version__isnull=False))
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )
