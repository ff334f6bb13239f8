"""Pages anyone may open: the reporting overview, the public database of published
reports, the reporting-rate statistics, a published version and its documents.
The access policy decides what each user sees: the public sees published
versions only; a State's focal point and the ISU also see what is not public."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ism.access import (
    can_manage,
    can_see_state_data,
    focal_points_of,
    get_visible_or_404,
)
from ism.models import Convention, Participation, State
from ism.selectors import convention_list
from ism.stored_documents import row_document_view
from ism.uploads import serve_upload
from reporting import rules, selectors
from reporting.charts import rates_chart
from reporting.documents import version_context, version_stored
from reporting.forms import PublicFilterForm
from reporting.models import Attachment, Report, ReportType
from reporting.views.common import today

PAGE_SIZE = 25


def _focal_reports(focal_points, year: int, day) -> list[dict]:
    """The focal point's current report of each type its States owe (the types of
    the instruments each State is party to)."""
    participations = Participation.objects.select_related("state", "convention").filter(
        state_id__in={state for state, _convention in focal_points},
        convention_id__in={c for _state, c in focal_points},
    )
    reports = {
        (r.state_id, r.report_type_id): r
        for r in Report.objects.filter(
            state_id__in={state for state, _convention in focal_points},
            kind=Report.Kind.ANNUAL,
            year=year,
        )
    }
    participations = [
        p for p in participations if (p.state_id, p.convention_id) in focal_points
    ]
    owed = selectors.types_owed((p.state_id, p.convention_id) for p in participations)
    focal = []
    for p in participations:
        for report_type, _party in owed[(p.state_id, p.convention_id)]:
            report = reports.get((p.state_id, report_type.pk))
            due = rules.annual_due(report_type, year)
            state = rules.timeliness(
                due=due,
                submitted_on=report.first_submitted_on if report else None,
                today=day,
            )
            focal.append(
                {
                    "participation": p,
                    "report_type": report_type,
                    "report": report,
                    "due": due,
                    "timeliness": rules.TIMELINESS_LABELS[state],
                    "badge": rules.TIMELINESS_BADGES[state],
                }
            )
    return focal


@login_not_required
def index(request):
    """Where each user starts: the focal point's State pages and current report,
    the ISU's follow-up boards, and the public database and statistics."""
    focal_points = focal_points_of(request.user)
    day = today()
    year = selectors.current_reporting_year(day)
    focal = _focal_reports(focal_points, year, day) if focal_points else []
    managed = [c for c in Convention.objects.all() if can_manage(request.user, c)]
    return render(
        request,
        "reporting/index.html",
        {"focal": focal, "managed": managed, "year": year},
    )


def _public_filters(request):
    conventions = list(convention_list(user=request.user))
    states = State.objects.filter(
        pk__in=selectors.published_reports(user=request.user).values("state_id")
    ).order_by("name")
    years = selectors.published_years(user=request.user)
    types = list(
        ReportType.objects.select_related("convention").order_by(
            "convention__code", "order", "code"
        )
    )
    form = PublicFilterForm(
        request.GET or None,
        conventions=conventions,
        states=states,
        years=years,
        report_types=types,
    )
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["convention"]:
            filters["convention"] = next(
                c for c in conventions if c.code == data["convention"]
            )
        if data["state"]:
            filters["state"] = states.get(iso3=data["state"])
        if data["year"]:
            filters["year"] = data["year"]
        if data["report_type"]:
            filters["report_type"] = next(
                t for t in types if form.type_value(t) == data["report_type"]
            )
        if data["form"]:
            filters["form"] = data["form"]
    return form, filters


@login_not_required
def public_list(request):
    """The public database: every published report, searchable by State, year and
    the form that holds new information."""
    form, filters = _public_filters(request)
    reports = selectors.published_reports(user=request.user, **filters)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(
        [(k, v) for k, v in request.GET.items() if k != "page" and v], doseq=False
    )
    return render(
        request,
        "reporting/public_list.html",
        {
            "filter_form": form,
            "page": page,
            "query": query,
            "filtered": bool(filters),
            "form_filter": filters.get("form"),
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@login_not_required
def statistics(request):
    """Reporting rates per year: by the due date, late, missing, as a share of the
    States Parties that owe the report, with a chart drawn on the server."""
    conventions = list(convention_list(user=request.user))
    code = (request.GET.get("convention") or "APMBC").upper()
    convention = next((c for c in conventions if c.code == code), None)
    if convention is None and conventions:
        convention = conventions[0]
    day = today()
    types = selectors.report_types(convention) if convention else []
    chosen = request.GET.get("type")
    # A rate counts only those who owe the report type (its instrument's parties).
    report_type = next((t for t in types if t.code == chosen), None) or (
        types[0] if types else None
    )
    rates = (
        selectors.reporting_rates(
            report_type, selectors.default_years(report_type, today=day), today=day
        )
        if report_type
        else []
    )
    return render(
        request,
        "reporting/statistics.html",
        {
            "conventions": conventions,
            "convention": convention,
            "report_types": types,
            "report_type": report_type,
            "rates": rates,
            "chart": rates_chart(rates),
            "today": day,
        },
    )


@login_not_required
def version_detail(request, pk: int):
    """A submitted version as it was frozen. The public sees published versions
    only; the State and the ISU also see submitted ones awaiting publication."""
    version = get_visible_or_404(
        request.user, selectors.version_queryset(user=request.user), pk=pk
    )
    report = version.report
    context = version_context(version)
    latest = report.published_version
    attachments = {a.pk: a for a in version.attachments.all()}
    for form in context["forms"]:
        form["files"] = [
            attachments[item["id"]]
            for item in form["attachments"]
            if item["id"] in attachments
        ]
    can_publish = (
        can_manage(request.user, report.convention)
        and not version.is_published
        and version.number == max(v.number for v in report.versions.all())
    )
    other_versions = [
        v
        for v in selectors.version_queryset(user=request.user).filter(report=report)
        if v.pk != version.pk
    ]
    return render(
        request,
        "reporting/version_detail.html",
        {
            **context,
            "can_publish": can_publish,
            "is_owner_view": can_see_state_data(
                request.user, report.state, report.convention
            ),
            "superseded": latest is not None
            and version.is_published
            and latest.number > version.number,
            "other_versions": sorted(other_versions, key=lambda v: -v.number),
        },
    )


# The version's PDF, as submitted. Rendered by a worker once; until then a page
# that says so and asks again.
version_pdf = login_not_required(
    row_document_view(
        selectors.version_queryset,
        version_stored,
        what=_("The document"),
        back_label=_("Back to the report"),
    )
)


@login_not_required
def attachment_download(request, pk: int):
    """An attachment, to whoever may see it: the State and the ISU while it is in a
    draft or an unpublished version, anyone once a published version holds it."""
    attachment = get_visible_or_404(
        request.user, Attachment.objects.select_related("report"), pk=pk
    )
    return serve_upload(attachment, public=attachment.published)
