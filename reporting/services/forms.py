"""Filling in a report's forms: marking each form, its text and figures, one form
at a time (the edit page) or several at once (the demo, a report recorded whole),
and carrying forms over from the previous report as "unchanged since".

Each service checks who may act, validates, saves and writes the audit event in
the same transaction. actor=None is ISM itself (the demo loader, a management
command); pages and the API always pass the request's user.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.audit import (
    actor_or_none,
    audit_event,
    audit_record,
    audit_record_many,
    changes_between,
)
from ism.concurrency import require_unchanged, version_of
from reporting import catalogue
from reporting.models import FormFigure, Report, ReportForm, ReportVersion
from reporting.services.base import EARLIEST_YEAR, edit_begin

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
        # 120, not 120.00: the history reads as the focal point typed it.
        state[f"figure:{figure.key}"] = format(figure.value.normalize(), "f")
    return state


def form_version(form: ReportForm) -> str:
    """The version an edit page carries for this form (ism.concurrency)."""
    return version_of(_form_state(form))


# What a save writes on the form's own row (its figures are rows of their own).
FORM_COLUMNS = ["status", "unchanged_since", "text", "updated_by", "updated_at"]


def _set_form(form: ReportForm, values: dict, actor) -> None:
    form.status = values["status"]
    form.unchanged_since = values["unchanged_since"]
    form.text = values["text"]
    form.updated_by = actor_or_none(actor)


def _write_form(form: ReportForm, values: dict, actor) -> None:
    _set_form(form, values, actor)
    form.save()
    _write_figures(form, values)


def _write_figures(form: ReportForm, values: dict) -> None:
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
    version,
    actor,
) -> ReportForm:
    """Save one form of the working copy (a draft: nothing is frozen), unless it
    changed since `version` (form_version, as the page loaded it): then
    EditConflict with what changed, and nothing is written."""
    report = edit_begin(form.report, actor)
    spec = catalogue.form_spec(report.report_type.form_set, form.code)
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
    require_unchanged(version, before)
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


@transaction.atomic
def report_forms_save(
    *, report: Report, entries: dict[str, dict], actor
) -> list[ReportForm]:
    """Several forms of one report saved at once, each checked as report_form_save
    checks one and recorded the same way (an audit event "form X saved" for each
    form that changed), in a number of queries that does not grow with the forms
    (figures aside: each is a row of its own). For writers that hold no page's
    version of the forms — the demo, which fills 40 reports of 17 forms each time
    it loads, and a whole report recorded at once — so no edit conflict is
    checked: each form's save is report_form_save's with version=LATEST.

    `entries`: {form code: {"status", "unchanged_since", "text", "figures"}}, the
    keyword arguments of report_form_save. A form the report lacks or a value the
    rules refuse raises ValidationError naming the form; nothing is written."""
    report = edit_begin(report, actor)
    form_set = report.report_type.form_set
    forms = {
        form.code: form
        for form in ReportForm.objects.select_for_update()
        .filter(report=report, code__in=list(entries))
        .prefetch_related("figures")
    }
    missing = sorted(set(entries) - set(forms))
    if missing:
        raise ValidationError(
            {
                "__all__": _("The report has no form %(codes)s.")
                % {"codes": ", ".join(missing)}
            }
        )
    now = timezone.now()
    events, written = [], []
    for code, entry in entries.items():
        form = forms[code]
        try:
            values = clean_form_data(
                report,
                catalogue.form_spec(form_set, code),
                status=entry.get("status", ""),
                unchanged_since=entry.get("unchanged_since"),
                text=entry.get("text", ""),
                figures=entry.get("figures") or {},
            )
        except ValidationError as error:
            raise ValidationError(
                {f"{code}.{field}": m for field, m in error.message_dict.items()}
            ) from error
        before = _form_state(form)
        _set_form(form, values, actor)
        form.updated_at = now
        if values["figures"]:
            _write_figures(form, values)
        form.report = report
        changes = changes_between(before, _form_state(form))
        if changes:
            events.append(
                audit_event(
                    actor=actor, verb=f"form {code} saved", obj=report, changes=changes
                )
            )
        written.append(form)
    ReportForm.objects.bulk_update(written, FORM_COLUMNS)
    if events:
        audit_record_many(events)
        Report.objects.filter(pk=report.pk).update(updated_at=now)
    return written


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

    report = edit_begin(report, actor)
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
