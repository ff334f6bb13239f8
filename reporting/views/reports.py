"""The focal point's pages: the State's reporting history, a report form by form,
attachments, carrying forms over, submitting and correcting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ism.access import (
    can_edit_state_data,
    state_page_or_404,
)
from ism.forms import service_errors_on, service_errors_to_messages
from ism.selectors import history_visible
from reporting import catalogue, rules, selectors, services
from reporting.forms import AttachmentForm, ReportFormEdit, StartForm, SubmitForm
from reporting.models import Attachment, Report, ReportForm
from reporting.views.common import (
    back_to_state,
    editable_report_or_404,
    today,
    type_of_page,
    working_copy_or_404,
)


def _open_years(existing: set[int], day) -> list[int]:
    """Reporting years a focal point may open: the last five finished years."""
    return [y for y in range(day.year - 1, day.year - 6, -1) if y not in existing]


def state_reports(request, iso3: str, code: str):
    """A State's reporting history under a convention, for each report type it
    owes (the types of the instruments it is party to), and what it owes now."""
    participation = state_page_or_404(request.user, iso3, code)
    state, convention = participation.state, participation.convention
    owed, (report_type, party) = type_of_page(participation, request.GET.get("type"))
    day = today()
    reports = list(
        selectors.state_history(
            user=request.user,
            state=state,
            convention=convention,
            report_type=report_type,
        )
    )
    annual = [r for r in reports if r.kind == Report.Kind.ANNUAL]
    initial = next((r for r in reports if r.kind == Report.Kind.INITIAL), None)
    initial_due = rules.initial_due(report_type, party.entry_into_force)
    current_year = selectors.current_reporting_year(day)
    current = next((r for r in annual if r.year == current_year), None)
    can_edit = can_edit_state_data(request.user, state, convention)
    open_years = _open_years({r.year for r in annual}, day)
    current_state = rules.timeliness(
        due=rules.annual_due(report_type, current_year),
        submitted_on=current.first_submitted_on if current else None,
        today=day,
    )
    rows = [
        {
            "report": r,
            "due": r.due_date,
            "timeliness": r.timeliness(day),
            "label": rules.TIMELINESS_LABELS[r.timeliness(day)],
            "badge": rules.TIMELINESS_BADGES[r.timeliness(day)],
        }
        for r in annual
    ]
    return render(
        request,
        "reporting/state_reports.html",
        {
            "state": state,
            "convention": convention,
            "participation": party,
            "report_type": report_type,
            "report_types": [t for t, _party in owed],
            "rows": rows,
            "initial": initial,
            "initial_due": initial_due,
            "initial_timeliness": rules.TIMELINESS_LABELS[
                rules.timeliness(
                    due=initial_due,
                    submitted_on=initial.first_submitted_on if initial else None,
                    today=day,
                )
            ]
            if initial_due
            else "",
            "current_year": current_year,
            "current_due": rules.annual_due(report_type, current_year),
            "current": current,
            "current_timeliness": rules.TIMELINESS_LABELS[current_state],
            "current_badge": rules.TIMELINESS_BADGES[current_state],
            "can_edit": can_edit,
            "start_form": StartForm(years=open_years, initial={"year": current_year}),
            "open_years": open_years,
            "has_forms": bool(report_type.form_specs),
        },
    )


@require_POST
def report_start(request, iso3: str, code: str):
    participation = state_page_or_404(request.user, iso3, code)
    state, convention = participation.state, participation.convention
    _owed, (report_type, _party) = type_of_page(participation, request.POST.get("type"))
    if not can_edit_state_data(request.user, state, convention):
        raise PermissionDenied
    kind = request.POST.get("kind", Report.Kind.ANNUAL)
    if kind not in Report.Kind.values:
        kind = Report.Kind.ANNUAL
    day = today()  # once: the years offered and the start agree across midnight
    year = None
    if kind == Report.Kind.ANNUAL:
        existing = set(
            Report.objects.filter(
                state=state, report_type=report_type, kind=kind
            ).values_list("year", flat=True)
        )
        form = StartForm(request.POST, years=_open_years(existing, day))
        if not form.is_valid():
            messages.error(request, _("Choose one of the years offered."))
            return back_to_state(state, convention, report_type)
        year = form.cleaned_data["year"]
    with service_errors_to_messages(request):
        report = services.report_start(
            report_type=report_type,
            state=state,
            kind=kind,
            year=year,
            actor=request.user,
            today=day,
        )
        return _opened(request, report)
    return back_to_state(state, convention, report_type)


def _opened(request, report: Report):
    carried = report.forms.exclude(status=ReportForm.Status.TODO).count()
    if carried:
        messages.success(
            request,
            _(
                "Report opened. %(count)s forms were carried over from the last "
                "report as unchanged; change any that is no longer right."
            )
            % {"count": carried},
        )
    else:
        messages.success(request, _("Report opened. Fill in its forms one by one."))
    return redirect(report.get_absolute_url())


def report_detail(request, pk: int):
    """The working copy: every form with how it is marked, the versions submitted,
    the history."""
    report = working_copy_or_404(request, pk)
    day = today()
    forms = selectors.forms_in_order(report)
    attachments = list(report.attachments.all())
    by_form: dict[str, list[Attachment]] = {}
    for attachment in attachments:
        by_form.setdefault(attachment.form_code, []).append(attachment)
    previous = (
        selectors.previous_version(report)
        if report.is_editable and report.kind == Report.Kind.ANNUAL
        else None
    )
    rows = []
    for form in forms:
        spec = catalogue.form_spec(report.report_type.form_set, form.code)
        rows.append(
            {
                "form": form,
                "spec": spec,
                "figures": [
                    (figure, value)
                    for figure, value in _figure_values(form, spec)
                    if value is not None
                ],
                "attachments": by_form.get(form.code, []),
            }
        )
    versions = sorted(report.versions.all(), key=lambda v: -v.number)
    unmarked = [f.code for f in forms if f.status == ReportForm.Status.TODO]
    can_edit = can_edit_state_data(request.user, report.state, report.convention)
    timeliness = report.timeliness(day)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "rows": rows,
            "versions": versions,
            "previous": previous,
            "unmarked": unmarked,
            "can_edit": can_edit and report.is_editable,
            "can_correct": can_edit
            and report.status in (Report.Status.SUBMITTED, Report.Status.PUBLISHED),
            "submit_form": SubmitForm(report=report),
            "year_over": report.kind == Report.Kind.INITIAL or day.year > report.year,
            "timeliness": timeliness,
            "timeliness_label": rules.TIMELINESS_LABELS[timeliness],
            "timeliness_badge": rules.TIMELINESS_BADGES[timeliness],
            "history": history_visible(user=request.user, obj=report)[:50],
        },
    )


def _form_or_404(report: Report, code: str) -> tuple[ReportForm, catalogue.FormSpec]:
    spec = catalogue.form_spec(report.report_type.form_set, code)
    form = next((f for f in report.forms.all() if f.code == code), None)
    if spec is None or form is None:
        raise Http404("No such form.")
    form.report = report
    return form, spec


def _figure_values(form: ReportForm, spec: catalogue.FormSpec) -> list[tuple]:
    """(figure, value or None) in the form's order."""
    values = {figure.key: figure.value for figure in form.figures.all()}
    return [(figure, values.get(figure.key)) for figure in spec.figures]


def _initial_values(form: ReportForm) -> dict:
    values = {
        "status": form.status,
        "unchanged_since": form.unchanged_since,
        "text": form.text,
        "version": services.form_version(form),
    }
    for figure in form.figures.all():
        values[f"figure_{figure.key}"] = figure.value
    return values


def _neighbours(report: Report, code: str) -> tuple:
    """The forms before and after `code` in the catalogue's order (or None)."""
    specs = list(report.form_specs)
    index = next(i for i, s in enumerate(specs) if s.code == code)
    return (
        specs[index - 1] if index > 0 else None,
        specs[index + 1] if index + 1 < len(specs) else None,
    )


def _form_page(request, report: Report, form_row: ReportForm, spec, **context):
    """The form page, as first shown and as shown again with an error beside the
    field concerned: `form`, `can_edit`, `attachment_form`, any error and the
    status are the caller's."""
    status = context.pop("status", 200)
    previous_spec, next_spec = _neighbours(report, spec.code)
    previous = (
        selectors.previous_version(report)
        if report.kind == Report.Kind.ANNUAL
        else None
    )
    return render(
        request,
        "reporting/form_edit.html",
        {
            "report": report,
            "form_row": form_row,
            "spec": spec,
            "attachments": [
                a for a in report.attachments.all() if a.form_code == spec.code
            ],
            "previous_spec": previous_spec,
            "next_spec": next_spec,
            "previous": previous,
            "figure_values": _figure_values(form_row, spec),
            **context,
        },
        status=status,
    )


def form_edit(request, pk: int, code: str):
    """One form: mark it, write its information, give its figures, attach
    documents. Saving keeps the report a draft."""
    report = working_copy_or_404(request, pk)
    form_row, spec = _form_or_404(report, code)
    can_edit = report.is_editable and can_edit_state_data(
        request.user, report.state, report.convention
    )
    next_spec = _neighbours(report, code)[1]
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ReportFormEdit(request.POST, report=report, spec=spec)
        if form.is_valid():
            with service_errors_on(form):
                services.report_form_save(
                    form=form_row, actor=request.user, **form.service_arguments()
                )
                messages.success(
                    request,
                    _("%(form)s saved as part of the draft.") % {"form": spec.label},
                )
                if "save_next" in request.POST and next_spec is not None:
                    return redirect("reporting:form", pk=report.pk, code=next_spec.code)
                if "save_next" in request.POST:
                    return redirect(report.get_absolute_url())
                return redirect("reporting:form", pk=report.pk, code=spec.code)
        status = 409 if getattr(form, "conflict", None) else 400
    else:
        form = ReportFormEdit(
            initial=_initial_values(form_row), report=report, spec=spec
        )
    return _form_page(
        request,
        report,
        form_row,
        spec,
        form=form,
        can_edit=can_edit,
        attachment_form=AttachmentForm(),
        status=status,
    )


@require_POST
def attachment_add(request, pk: int, code: str):
    report = editable_report_or_404(request, pk)
    form_row, spec = _form_or_404(report, code)
    upload_form = AttachmentForm(request.POST, request.FILES)
    error = None
    if upload_form.is_valid():
        try:
            services.report_attachment_add(
                form=form_row,
                upload=upload_form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(m for ms in upload_form.errors.values() for m in ms)
    if error:
        # Shown on the form page itself, beside the upload field, with a 400 and
        # what was typed in the form kept (nothing was posted from it).
        return _form_page(
            request,
            report,
            form_row,
            spec,
            form=ReportFormEdit(
                initial=_initial_values(form_row), report=report, spec=spec
            ),
            can_edit=True,
            attachment_form=AttachmentForm(),
            attachment_error=error,
            status=400,
        )
    messages.success(
        request, _("Document attached to %(form)s.") % {"form": spec.label}
    )
    return redirect("reporting:form", pk=report.pk, code=code)


@require_POST
def attachment_remove(request, pk: int):
    attachment = get_object_or_404(
        Attachment.objects.select_related("report"), pk=pk, detached=False
    )
    report = editable_report_or_404(request, attachment.report_id)
    with service_errors_to_messages(request):
        services.report_attachment_remove(attachment=attachment, actor=request.user)
        messages.success(
            request, _("“%(name)s” removed.") % {"name": attachment.original_name}
        )
    return redirect("reporting:form", pk=report.pk, code=attachment.form_code)


@require_POST
def carry_over(request, pk: int):
    """Carry forms over from the previous report: one (code=X) or every form not
    yet marked."""
    report = editable_report_or_404(request, pk)
    code = request.POST.get("code") or None
    with service_errors_to_messages(request):
        carried = services.report_forms_carry_over(
            report=report,
            actor=request.user,
            codes=[code] if code else None,
            only_unmarked=code is None,
        )
        if carried:
            messages.success(
                request,
                _("Carried over as unchanged: %(forms)s.")
                % {"forms": ", ".join(carried)},
            )
        else:
            messages.warning(request, _("No form was left to carry over."))
    if code:
        return redirect("reporting:form", pk=report.pk, code=code)
    return redirect(report.get_absolute_url())


@require_POST
def submit(request, pk: int):
    report = editable_report_or_404(request, pk)
    form = SubmitForm(request.POST, report=report)
    data = form.cleaned_data if form.is_valid() else {}
    with service_errors_to_messages(request):
        version = services.report_submit(
            report=report,
            actor=request.user,
            note=data.get("note", ""),
            publication_consent=data.get("publication_consent"),
            today=today(),
        )
        messages.success(
            request,
            _(
                "Version %(number)s submitted. The ISU publishes it after a check; "
                "its PDF is being prepared."
            )
            % {"number": version.number},
        )
    return redirect(report.get_absolute_url())


@require_POST
def correct(request, pk: int):
    report = editable_report_or_404(request, pk)
    with service_errors_to_messages(request):
        services.report_correct(report=report, actor=request.user)
        messages.success(
            request,
            _(
                "The report is open for a correction. Submitted versions stay as "
                "they are; the correction becomes the next version."
            ),
        )
    return redirect(report.get_absolute_url())
