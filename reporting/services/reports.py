"""Every write to an Article 7 report: open it, fill in its forms, attach documents,
carry forms over, submit (freezing a version), reopen for a correction, publish.

Each service checks who may act, validates, saves, writes the audit event in the
same transaction and schedules side effects (the version's PDF) after commit.
actor=None is ISM itself (the demo loader, a management command); pages and the
API always pass the request's user.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ism.access import can_edit_state_data, require_manage
from ism.audit import audit_record, changes_between
from ism.models import Convention, Participation, State
from reporting import catalogue, rules
from reporting.models import (
    Attachment,
    FormFigure,
    Report,
    ReportForm,
    ReportVersion,
)

EARLIEST_YEAR = 1997  # the APMBC was adopted in 1997; no report covers earlier


def _require_edit(actor, report: Report) -> None:
    """The State's focal point, or the convention's ISU staff recording a report
    the State sent by other means."""
    if actor is not None and not can_edit_state_data(
        actor, report.state_id, report.convention_id
    ):
        raise PermissionDenied(_("Only the State's focal point may change its report."))


def _require_editable(report: Report) -> None:
    if not report.is_editable:
        raise ValidationError(
            {
                "__all__": _(
                    "The report is %(status)s: reopen it for a correction first."
                )
                % {"status": report.get_status_display().lower()}
            }
        )


def _lock(report: Report) -> Report:
    """The report's row, locked until the transaction ends, so two submissions (two
    tabs, a double click) cannot both take version number n + 1 or both freeze."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("convention", "state")
        .get(pk=report.pk)
    )


def _today() -> dt.date:
    return timezone.localdate()


# --- Opening a report ---


@transaction.atomic
def report_start(
    *,
    convention: Convention,
    state: State,
    kind: str = Report.Kind.ANNUAL,
    year: int | None = None,
    actor,
    today: dt.date | None = None,
    carry_over: bool = True,
    illustrative: bool = False,
) -> Report:
    """Open the State's report (every form "not yet marked"); with `carry_over`,
    forms of the previous report are carried over as "unchanged since <year>"."""
    today = today or _today()
    if actor is not None and not can_edit_state_data(actor, state, convention):
        raise PermissionDenied(_("Only the State's focal point may open its report."))
    participation = Participation.objects.filter(
        state=state, convention=convention, status=Participation.Status.PARTY
    ).first()
    if participation is None:
        raise ValidationError(
            _("%(state)s is not a State Party to the %(code)s.")
            % {"state": state, "code": convention.code}
        )
    if not catalogue.forms_for(convention.code):
        raise ValidationError(
            _("ISM has no reporting forms for the %(code)s.")
            % {"code": convention.code}
        )
    entry_into_force = None
    if kind == Report.Kind.INITIAL:
        if convention.initial_report_days is None:
            raise ValidationError(
                _("The %(code)s has no initial report.") % {"code": convention.code}
            )
        if participation.entry_into_force is None:
            raise ValidationError(
                _(
                    "The date the convention entered into force for %(state)s is not "
                    "recorded; the ISU records it before the initial report opens."
                )
                % {"state": state}
            )
        entry_into_force = participation.entry_into_force
        year = entry_into_force.year
        exists = Report.objects.filter(
            convention=convention, state=state, kind=kind
        ).exists()
    else:
        if year is None or not EARLIEST_YEAR <= year <= today.year:
            raise ValidationError(
                {
                    "year": _("Choose a year between %(first)s and %(last)s.")
                    % {"first": EARLIEST_YEAR, "last": today.year}
                }
            )
        exists = Report.objects.filter(
            convention=convention, state=state, kind=kind, year=year
        ).exists()
    if exists:
        raise ValidationError(_("This report is already open."), code="exists")

    report = Report.objects.create(
        convention=convention,
        state=state,
        kind=kind,
        year=year,
        entry_into_force=entry_into_force,
        illustrative=illustrative,
    )
    ReportForm.objects.bulk_create(
        ReportForm(report=report, code=spec.code)
        for spec in catalogue.forms_for(convention.code)
    )
    audit_record(
        actor=actor,
        verb="report opened",
        obj=report,
        changes={"kind": [None, kind], "year": [None, year]},
    )
    if carry_over and kind == Report.Kind.ANNUAL:
        from reporting.selectors import previous_version

        if previous_version(report) is not None:
            report_forms_carry_over(report=report, actor=actor, only_unmarked=True)
    return report


# --- Filling in a form ---


def clean_form_data(
    report: Report,
    spec: catalogue.FormSpec,
    *,
    status: str,
    unchanged_since: int | None,
    text: str,
    figures: dict[str, Decimal | None],
) -> dict:
    """The form's values checked against the rules; ValidationError names the field.

    * "unchanged since" names the year of an earlier report (an initial report has
      none to be unchanged since);
    * figures are checked by kind: counts are whole numbers, areas have at most two
      decimals, none is negative.
    """
    errors: dict[str, str] = {}
    if status not in ReportForm.Status.values:
        errors["status"] = _("Choose changed, unchanged or not applicable.")
    if status == ReportForm.Status.UNCHANGED:
        if report.kind == Report.Kind.INITIAL:
            errors["status"] = _(
                "An initial report has no earlier report to be unchanged since."
            )
        elif unchanged_since is None:
            errors["unchanged_since"] = _("Say since which year it is unchanged.")
        elif not EARLIEST_YEAR <= unchanged_since < report.year:
            errors["unchanged_since"] = _(
                "Give the year of an earlier report: between %(first)s and %(last)s."
            ) % {"first": EARLIEST_YEAR, "last": report.year - 1}
    else:
        unchanged_since = None
    known = {figure.key: figure for figure in spec.figures}
    clean_figures: dict[str, Decimal | None] = {}
    for key, value in figures.items():
        figure = known.get(key)
        if figure is None:
            errors[f"figure_{key}"] = _("This form has no such figure.")
            continue
        if value is not None:
            problem = figure.check(Decimal(value))
            if problem:
                errors[f"figure_{key}"] = problem
                continue
        clean_figures[key] = value
    if errors:
        raise ValidationError(errors)
    return {
        "status": status,
        "unchanged_since": unchanged_since,
        "text": (text or "").strip(),
        "figures": clean_figures,
    }


def _form_state(form: ReportForm) -> dict:
    state = {
        "status": form.status,
        "unchanged_since": form.unchanged_since,
        "text": form.text,
    }
    for figure in form.figures.all():
        state[f"figure:{figure.key}"] = figure.value
    return state


def _write_form(form: ReportForm, values: dict, actor) -> None:
    form.status = values["status"]
    form.unchanged_since = values["unchanged_since"]
    form.text = values["text"]
    form.updated_by = actor if actor is not None and actor.is_authenticated else None
    form.save()
    for key, value in values["figures"].items():
        if value is None:
            FormFigure.objects.filter(form=form, key=key).delete()
        else:
            FormFigure.objects.update_or_create(
                form=form, key=key, defaults={"value": Decimal(value)}
            )
    if hasattr(form, "_prefetched_objects_cache"):
        form._prefetched_objects_cache.clear()


@transaction.atomic
def report_form_save(
    *,
    form: ReportForm,
    status: str,
    unchanged_since: int | None = None,
    text: str = "",
    figures: dict[str, Decimal | None] | None = None,
    actor,
) -> ReportForm:
    """Save one form of the working copy (a draft: nothing is frozen)."""
    report = _lock(form.report)
    _require_edit(actor, report)
    _require_editable(report)
    spec = catalogue.form_spec(report.convention.code, form.code)
    values = clean_form_data(
        report,
        spec,
        status=status,
        unchanged_since=unchanged_since,
        text=text,
        figures=figures or {},
    )
    form = ReportForm.objects.select_for_update().get(pk=form.pk)
    before = _form_state(form)
    _write_form(form, values, actor)
    form.report = report
    changes = changes_between(before, _form_state(form))
    if changes:
        audit_record(
            actor=actor,
            verb=f"form {form.code} saved",
            obj=report,
            changes=changes,
        )
        Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return form


# --- Carrying forms over from the previous report ---


def _carried_since(previous: ReportVersion, entry: dict) -> int | None:
    """A form unchanged since X stays unchanged since X; one with new information in
    the previous report is unchanged since that report's year."""
    if entry["status"] == ReportForm.Status.UNCHANGED:
        return entry["unchanged_since"]
    if entry["status"] == ReportForm.Status.CHANGED:
        return previous.report.year
    return None


@transaction.atomic
def report_forms_carry_over(
    *,
    report: Report,
    actor,
    codes: list[str] | None = None,
    only_unmarked: bool = False,
) -> list[str]:
    """Copy forms from the previous report's latest submitted version: a form with
    information becomes "unchanged since <year>" with that information; a form
    that was not applicable stays so. Returns the codes carried over.

    `only_unmarked` leaves alone the forms the State has already marked (what
    "carry over the rest" does); `codes` names forms to carry over explicitly."""
    from reporting.selectors import previous_version

    report = _lock(report)
    _require_edit(actor, report)
    _require_editable(report)
    if report.kind == Report.Kind.INITIAL:
        raise ValidationError(_("An initial report has no earlier report to carry."))
    previous = previous_version(report)
    if previous is None:
        raise ValidationError(
            _("There is no earlier submitted report to carry forms over from.")
        )
    entries = {entry["code"]: entry for entry in previous.snapshot["forms"]}
    forms = {
        form.code: form
        for form in ReportForm.objects.select_for_update()
        .filter(report=report)
        .prefetch_related("figures")
    }
    carried = []
    for spec in report.form_specs:
        form, entry = forms.get(spec.code), entries.get(spec.code)
        if form is None or entry is None:
            continue
        if codes is not None and spec.code not in codes:
            continue
        if only_unmarked and form.status != ReportForm.Status.TODO:
            continue
        since = _carried_since(previous, entry)
        if since is not None and since >= report.year:
            continue  # cannot be unchanged since a year not before this report's
        status = (
            ReportForm.Status.UNCHANGED
            if since is not None
            else ReportForm.Status.NOT_APPLICABLE
        )
        figures = {key: None for key in (f.key for f in spec.figures)}
        for figure in entry.get("figures", []):
            if figure["key"] in figures and figure["value"] is not None:
                figures[figure["key"]] = Decimal(figure["value"])
        _write_form(
            form,
            {
                "status": status,
                "unchanged_since": since,
                "text": entry.get("text", ""),
                "figures": figures,
            },
            actor,
        )
        carried.append(spec.code)
    if carried:
        audit_record(
            actor=actor,
            verb="forms carried over",
            obj=report,
            changes={
                "forms": [None, ", ".join(carried)],
                "from": [None, f"{previous.report.year} v{previous.number}"],
            },
        )
    return carried


# --- Attachments ---


@transaction.atomic
def report_attachment_add(*, form: ReportForm, upload, actor) -> Attachment:
    """Attach a document to a form after checking what it really is (PDF, DOCX or
    XLSX by content, not by name) and its size."""
    from reporting.uploads import check_upload

    report = _lock(form.report)
    _require_edit(actor, report)
    _require_editable(report)
    inspected = check_upload(upload)
    attachment = Attachment(
        report=report,
        form_code=form.code,
        original_name=(upload.name or "attachment")[-200:],
        kind=inspected.kind,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    upload.seek(0)
    # Stored before the row: a file without a row is harmless (private, unlisted);
    # a row without its file would be a broken download.
    attachment.file.save(
        upload.name or f"attachment.{inspected.kind}", upload, save=False
    )
    stored = attachment.file
    try:
        attachment.save()
    except Exception:
        stored.storage.delete(stored.name)
        raise
    audit_record(
        actor=actor,
        verb=f"attachment added to form {form.code}",
        obj=report,
        changes={"attachment": [None, attachment.original_name]},
    )
    return attachment


@transaction.atomic
def report_attachment_remove(*, attachment: Attachment, actor) -> None:
    """Take an attachment out of the working copy. One that a submitted version
    refers to is kept (that version must stay as it was); otherwise it is deleted."""
    report = _lock(attachment.report)
    _require_edit(actor, report)
    _require_editable(report)
    frozen = ReportVersion.attachments.through.objects.filter(
        attachment_id=attachment.pk
    ).exists()
    name = attachment.original_name
    if frozen:
        Attachment.objects.filter(pk=attachment.pk).update(detached=True)
    else:
        stored = attachment.file
        attachment.delete()
        transaction.on_commit(lambda: stored.storage.delete(stored.name))
    audit_record(
        actor=actor,
        verb=f"attachment removed from form {attachment.form_code}",
        obj=report,
        changes={"attachment": [name, None]},
    )


# --- Submitting, correcting, publishing ---


def build_snapshot(report: Report, forms: list[ReportForm], attachments) -> dict:
    """What a version freezes: every form with its status, text, figures and the
    attachments' identities, in the convention's order. Titles in English, as
    submitted (the catalogue may be reworded later)."""
    by_form: dict[str, list[dict]] = {}
    for attachment in attachments:
        by_form.setdefault(attachment.form_code, []).append(
            {
                "id": attachment.pk,
                "name": attachment.original_name,
                "kind": attachment.kind,
                "size": attachment.size,
                "sha256": attachment.sha256,
            }
        )
    by_code = {form.code: form for form in forms}
    entries = []
    with translation.override("en"):
        for spec in report.form_specs:
            form = by_code[spec.code]
            values = {figure.key: figure.value for figure in form.figures.all()}
            entries.append(
                {
                    "code": spec.code,
                    "title": str(spec.title),
                    "status": form.status,
                    "unchanged_since": form.unchanged_since,
                    "text": form.text,
                    "figures": [
                        {
                            "key": figure.key,
                            "label": str(figure.label),
                            "kind": figure.kind,
                            "value": None
                            if values.get(figure.key) is None
                            else format(values[figure.key].normalize(), "f"),
                        }
                        for figure in spec.figures
                    ],
                    "attachments": by_form.get(spec.code, []),
                }
            )
    return {
        "convention": report.convention.code,
        "state": {"iso3": report.state.iso3, "name": report.state.name},
        "kind": report.kind,
        "year": report.year,
        "due": report.due_date.isoformat() if report.due_date else None,
        "forms": entries,
    }


@transaction.atomic
def report_submit(
    *,
    report: Report,
    actor,
    note: str = "",
    today: dt.date | None = None,
    render: bool = True,
) -> ReportVersion:
    """Freeze the working copy as a new version and queue its PDF.

    The first submission fixes the date timeliness is judged on; a correction is a
    later version and does not move it. render=False (the demo loader) leaves the
    PDF to be rendered on its first download."""
    today = today or _today()
    report = _lock(report)
    _require_edit(actor, report)
    _require_editable(report)
    if report.kind == Report.Kind.ANNUAL and today.year <= report.year:
        raise ValidationError(
            _("The report covers %(year)s: it can be submitted once the year is over.")
            % {"year": report.year}
        )
    forms = list(ReportForm.objects.filter(report=report).prefetch_related("figures"))
    unmarked = [f.code for f in forms if f.status == ReportForm.Status.TODO]
    if unmarked:
        raise ValidationError(
            _(
                "Mark every form as changed, unchanged or not applicable before "
                "submitting; not yet marked: %(forms)s."
            )
            % {"forms": ", ".join(unmarked)}
        )
    attachments = list(Attachment.objects.filter(report=report, detached=False))
    number = (
        ReportVersion.objects.filter(report=report).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    now = timezone.now()
    snapshot = build_snapshot(report, forms, attachments)
    snapshot["version"] = number
    snapshot["submitted_on"] = today.isoformat()
    changed = [f["code"] for f in snapshot["forms"] if f["status"] == "changed"]
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        snapshot=snapshot,
        note=(note or "").strip(),
        submitted_at=now,
        submitted_on=today,
        submitted_by=actor if actor is not None and actor.is_authenticated else None,
        changed_forms="," + ",".join(changed) + "," if changed else "",
    )
    version.attachments.set(attachments)
    before = report.status
    first = report.first_submitted_on is None
    if first:
        report.first_submitted_on = today
    report.status = Report.Status.SUBMITTED
    report.last_submitted_at = now
    report.save(
        update_fields=[
            "status",
            "first_submitted_on",
            "last_submitted_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        verb="report submitted" if first else "correction submitted",
        obj=report,
        changes={
            "status": [before, report.status],
            "version": [None, number],
            "timeliness": [
                None,
                rules.timeliness(
                    due=report.due_date,
                    submitted_on=report.first_submitted_on,
                    today=today,
                ),
            ],
        },
    )
    if render:
        transaction.on_commit(lambda: _queue_render(version.pk))
    return version


def _queue_render(version_id: int) -> None:
    from reporting.tasks import report_version_render_pdf

    report_version_render_pdf.delay(version_id)


@transaction.atomic
def report_correct(*, report: Report, actor) -> Report:
    """Reopen a submitted report for a correction. The submitted versions stay as
    they are; the correction becomes the next version when submitted."""
    report = _lock(report)
    _require_edit(actor, report)
    if report.status not in (Report.Status.SUBMITTED, Report.Status.PUBLISHED):
        raise ValidationError(_("Only a submitted report can be corrected."))
    before = report.status
    report.status = Report.Status.CORRECTING
    report.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb="reopened for a correction",
        obj=report,
        changes={"status": [before, report.status]},
    )
    return report


@transaction.atomic
def report_version_publish(*, version: ReportVersion, actor) -> ReportVersion:
    """Publish a submitted version: from now on it is public and never changes.
    Only the latest version is published (an older one has been corrected)."""
    report = _lock(version.report)
    if actor is not None:
        require_manage(actor, report.convention)
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("This version is already published."))
    latest = ReportVersion.objects.filter(report=report).aggregate(n=Max("number"))["n"]
    if version.number != latest:
        raise ValidationError(
            _("Version %(number)s has been corrected: publish the latest version.")
            % {"number": version.number}
        )
    now = timezone.now()
    ReportVersion.objects.filter(pk=version.pk).update(
        published_at=now,
        published_by=actor if actor is not None and actor.is_authenticated else None,
    )
    version.refresh_from_db()
    version.attachments.update(published=True)
    before = report.status
    report.published_version = version
    if report.status == Report.Status.SUBMITTED:
        report.status = Report.Status.PUBLISHED
    report.save(update_fields=["published_version", "status", "updated_at"])
    audit_record(
        actor=actor,
        verb="report published",
        obj=report,
        changes={"status": [before, report.status], "version": [None, version.number]},
    )
    return version
