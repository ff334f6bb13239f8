"""Submitting (freezing a version with its PDF), reopening for a correction (the
next version), and publishing (public and immutable from then on)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ism.access import require_manage
from ism.audit import actor_or_none
from ism.workflow import move_to
from reporting import rules
from reporting.models import Attachment, Report, ReportForm, ReportVersion
from reporting.services.base import (
    edit_begin,
    local_today,
    lock,
    require_edit,
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
        "report_type": report.report_type.code,
        "form_set": report.report_type.form_set,
        "publication_consent": report.publication_consent,
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
    publication_consent: bool | None = None,
) -> ReportVersion:
    """Freeze the working copy as a new version and queue its PDF.

    The first submission fixes the date timeliness is judged on; a correction is a
    later version and does not move it. render=False (the demo loader) leaves the
    PDF to be rendered on its first download. A type that asks the State's
    consent to publication (ReportType.asks_publication_consent) needs the
    answer, given here or with an earlier version; the answer is the report's
    own, and each version records it."""
    today = today or local_today()
    report = edit_begin(report, actor)
    consent_before = report.publication_consent
    _take_consent(report, publication_consent)
    forms = _forms_ready(report, today)
    version = _freeze_version(report, forms, actor=actor, note=note, today=today)
    first = report.first_submitted_on is None
    if first:
        report.first_submitted_on = today
    report.last_submitted_at = version.submitted_at
    move_to(
        report,
        Report.Status.SUBMITTED,
        actor=actor,
        verb="report submitted" if first else "correction submitted",
        also=["first_submitted_on", "last_submitted_at", "publication_consent"],
        changes={
            "version": [None, version.number],
            **(
                {"publication_consent": [consent_before, report.publication_consent]}
                if consent_before != report.publication_consent
                else {}
            ),
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


def _take_consent(report: Report, consent: bool | None) -> None:
    """The State's answer on publication, where its report type asks it."""
    if not report.report_type.asks_publication_consent:
        return
    if consent is not None:
        report.publication_consent = consent
    if report.publication_consent is None:
        raise ValidationError(
            {
                "publication_consent": _(
                    "Say whether %(state)s agrees to the publication of this report."
                )
                % {"state": report.state}
            }
        )


def _forms_ready(report: Report, today: dt.date) -> list[ReportForm]:
    """The report's forms, once the year is over and every form is marked."""
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
    return forms


def _freeze_version(
    report: Report, forms, *, actor, note: str, today: dt.date
) -> ReportVersion:
    """The working copy frozen as the next version, with its attachments."""
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
        submitted_by=actor_or_none(actor),
        changed_forms="," + ",".join(changed) + "," if changed else "",
    )
    version.attachments.set(attachments)
    return version


def _queue_render(version_id: int) -> None:
    from reporting.tasks import report_version_render_pdf

    report_version_render_pdf.delay(version_id)


@transaction.atomic
def report_correct(*, report: Report, actor) -> Report:
    """Reopen a submitted report for a correction. The submitted versions stay as
    they are; the correction becomes the next version when submitted."""
    report = lock(report)
    require_edit(actor, report)
    if report.status not in (Report.Status.SUBMITTED, Report.Status.PUBLISHED):
        raise ValidationError(_("Only a submitted report can be corrected."))
    move_to(
        report, Report.Status.CORRECTING, actor=actor, verb="reopened for a correction"
    )
    return report


@transaction.atomic
def report_version_publish(*, version: ReportVersion, actor) -> ReportVersion:
    """Publish a submitted version: from now on it is public and never changes.
    Only the latest version is published (an older one has been corrected)."""
    report = lock(version.report)
    if actor is not None:
        require_manage(actor, report.convention)
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise ValidationError(_("This version is already published."))
    if report.consent_missing:
        raise ValidationError(
            _(
                "%(state)s has not agreed to the publication of this report: it "
                "stays with the ISU and the State."
            )
            % {"state": report.state}
        )
    latest = ReportVersion.objects.filter(report=report).aggregate(n=Max("number"))["n"]
    if version.number != latest:
        raise ValidationError(
            _("Version %(number)s has been corrected: publish the latest version.")
            % {"number": version.number}
        )
    now = timezone.now()
    ReportVersion.objects.filter(pk=version.pk).update(
        published_at=now,
        published_by=actor_or_none(actor),
    )
    version.refresh_from_db()
    version.attachments.update(published=True)
    report.published_version = version
    move_to(
        report,
        # A version published while a correction is in progress leaves it so.
        Report.Status.PUBLISHED
        if report.status == Report.Status.SUBMITTED
        else report.status,
        actor=actor,
        verb="report published",
        also=["published_version"],
        changes={"version": [None, version.number]},
    )
    return version
