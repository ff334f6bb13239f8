"""The ISU's pages: the follow-up board (on time, late, not yet submitted),
reminders, publication, and the ISU's own annual report."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ism.access import (
    get_visible_or_404,
    managed_convention_or_404,
    managed_conventions,
    require_manage,
)
from ism.document_languages import requested_language
from ism.forms import service_errors_to_messages
from ism.models import Convention
from ism.pages import download
from ism.stored_documents import serve_or_preparing
from ism.word import DOCX_CONTENT_TYPE
from reporting import rules, selectors, services
from reporting.documents import (
    isu_report_context,
    isu_report_docx,
    isu_report_stored,
)
from reporting.forms import IsuReportForm
from reporting.isu_report import build_isu_report
from reporting.models import IsuReportDocument
from reporting.views.common import today

SHOW = {
    "all": None,
    "on_time": (rules.Timeliness.ON_TIME,),
    "late": (rules.Timeliness.LATE,),
    "not_submitted": (rules.Timeliness.MISSING, rules.Timeliness.NOT_DUE),
}


def board_default(request, code: str):
    """The board of the reports the ISU follows up now (last year's)."""
    convention = managed_convention_or_404(request.user, code)
    return redirect(
        "reporting:board",
        code=convention.code,
        year=selectors.current_reporting_year(today()),
    )


def _report_type_or_404(request, convention: Convention):
    """The report type a page is about (?type=, else the convention's first) and
    all of them; a convention with no report type has nothing to follow up."""
    types = selectors.report_types(convention)
    chosen = request.GET.get("type")
    if chosen:
        report_type = next((t for t in types if t.code == chosen), None)
    else:
        report_type = types[0] if types else None
    if report_type is None:
        raise Http404("No such report type.")
    return report_type, types


def board(request, code: str, year: int):
    """The follow-up board of one convention's reports of one type covering
    `year`."""
    convention = managed_convention_or_404(request.user, code)
    day = today()
    if not 1997 <= year <= day.year:
        raise Http404("No reports for that year.")
    report_type, types = _report_type_or_404(request, convention)
    data = selectors.board(report_type, year, today=day)
    show = request.GET.get("show", "all")
    wanted = SHOW.get(show)
    rows = (
        data.rows
        if wanted is None
        else [r for r in data.rows if r.timeliness in wanted]
    )
    level = data.reminder_level
    return render(
        request,
        "reporting/board.html",
        {
            "convention": convention,
            "year": year,
            "board": data,
            "rows": rows,
            "show": show if show in SHOW else "all",
            "counts": {
                "on_time": data.count(rules.Timeliness.ON_TIME),
                "late": data.count(rules.Timeliness.LATE),
                "missing": data.count(rules.Timeliness.MISSING),
                "not_due": data.count(rules.Timeliness.NOT_DUE),
                "not_submitted": len(data.not_submitted),
                "drafts": data.drafts,
                "awaiting": len(data.awaiting_publication),
            },
            "level": level,
            "report_types": types,
            "type_q": urlencode({"type": report_type.code}) + "&",
            "years": list(range(day.year - 1, day.year - 8, -1)),
            "managed": managed_conventions(request.user),
        },
    )


@require_POST
def remind(request, code: str, year: int):
    """Queue the reminder that fits today for every State that has not submitted;
    a State already reminded at this level is not mailed again."""
    convention = managed_convention_or_404(request.user, code)
    run = services.reminders_send(
        today=today(), convention=convention, actor=request.user
    )
    if run.queued:
        messages.success(request, run.summary())
    else:
        messages.warning(
            request,
            _("No reminder was due to be sent today. %(summary)s")
            % {"summary": run.summary()},
        )
    report_type, _types = _report_type_or_404(request, convention)
    url = reverse("reporting:board", args=[convention.code, year])
    return redirect(f"{url}?{urlencode({'type': report_type.code})}")


@require_POST
def version_publish(request, pk: int):
    version = get_visible_or_404(
        request.user, selectors.version_queryset(user=request.user), pk=pk
    )
    require_manage(request.user, version.report.convention)
    with service_errors_to_messages(request):
        services.report_version_publish(version=version, actor=request.user)
        messages.success(
            request,
            _("%(version)s is published: it is public from now on.")
            % {"version": version},
        )
    back = request.POST.get("next")
    if back and back.startswith("/reporting/") and "//" not in back:
        return redirect(back)
    return redirect(version.get_absolute_url())


# --- The ISU's annual report ---


def _last_year(day: dt.date) -> tuple[dt.date, dt.date]:
    year = day.year - 1
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _isu_form(request, day: dt.date):
    conventions = list(managed_conventions(request.user))
    if not conventions:
        raise Http404("You are not ISU staff of any convention.")
    start, end = _last_year(day)
    data = request.GET if "convention" in request.GET else None
    form = IsuReportForm(
        data,
        conventions=conventions,
        initial={"convention": conventions[0].code, "start": start, "end": end},
    )
    if data is None:
        return form, conventions[0], start, end, None
    if not form.is_valid():
        return form, None, None, None, None
    data = form.cleaned_data
    return form, data["convention"], data["start"], data["end"], data["finance_as_of"]


def _asked_report(request):
    """The form choosing the period (last calendar year until one is asked for)
    and the report for the period it names, or None when the form is invalid:
    what the page shows and the Word file holds, built the same way for both."""
    day = today()  # once: the period offered and the figures as at agree
    form, convention, start, end, finance = _isu_form(request, day)
    if convention is None:
        return form, None, None
    report = build_isu_report(
        convention=convention,
        start=start,
        end=end,
        user=request.user,
        today=day,
        finance_as_of=finance,
    )
    return form, report, finance


def isu_report(request):
    """Choose a period; see the report as it stands; download it for Word or ask
    for the PDF."""
    form, report, finance = _asked_report(request)
    context = {"form": form}
    status = 200
    if report is None:
        status = 400
    else:
        convention = report.convention
        context.update(isu_report_context(report))
        query = {
            "convention": convention.code,
            "start": report.start,
            "end": report.end,
        }
        context["query"] = urlencode(
            {**query, "finance_as_of": finance} if finance else query
        )
        context["documents"] = IsuReportDocument.objects.filter(
            convention=convention
        ).select_related("requested_by")[:5]
    return render(request, "reporting/isu_report.html", context, status=status)


def isu_report_word(request):
    """The report as a Word document (.docx): its headings, paragraphs and tables,
    ready for the ISU to edit before circulating it."""
    _form, report, _finance = _asked_report(request)
    if report is None:
        return HttpResponse(
            _("Choose a valid period."), status=400, content_type="text/plain"
        )
    name = f"{report.convention.code}-ISU-annual-report-{report.period_label}.docx"
    language = requested_language(request, request.LANGUAGE_CODE)
    return download(isu_report_docx(report, language), name, DOCX_CONTENT_TYPE)


@require_POST
def isu_report_pdf(request):
    conventions = list(managed_conventions(request.user))
    form = IsuReportForm(request.POST, conventions=conventions)
    if not form.is_valid():
        messages.error(request, _("Choose a convention and a valid period."))
        return redirect("reporting:isu-report")
    with service_errors_to_messages(request):
        document = services.isu_report_request(
            convention=form.cleaned_data["convention"],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            finance_as_of=form.cleaned_data["finance_as_of"],
            # ?lang= one of the six; else the page's language.
            language=requested_language(request, request.LANGUAGE_CODE),
            actor=request.user,
        )
        return redirect("reporting:isu-report-document", pk=document.pk)
    return redirect("reporting:isu-report")


def isu_report_document(request, pk: int):
    document = get_visible_or_404(
        request.user,
        IsuReportDocument.objects.select_related("convention"),
        pk=pk,
    )
    require_manage(request.user, document.convention)
    # The page stays when the PDF is ready: it is downloaded from its link.
    return serve_or_preparing(
        request,
        isu_report_stored(document),
        title=str(document),
        what=_("The document"),
        back_url=reverse("reporting:isu-report"),
        back_label=_("Back to the ISU annual report"),
        on_request=True,
    )
