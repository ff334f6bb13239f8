"""Opening a report: its type, the period it covers, its forms (carried over
from the previous report where it has one: reporting.services.forms, which says
what every report service does alike)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ism.access import can_edit_state_data
from ism.audit import create_and_record
from ism.models import Convention, State
from reporting.models import Report, ReportForm, ReportType
from reporting.services.base import EARLIEST_YEAR, local_today
from reporting.services.forms import report_forms_carry_over

# --- Opening a report ---


def _report_type(
    convention: Convention | None, report_type: ReportType | None
) -> ReportType:
    from reporting.selectors import report_type_of

    chosen = report_type or (report_type_of(convention) if convention else None)
    if chosen is None or (convention is not None and chosen.convention != convention):
        raise ValidationError(
            _("ISM has no reporting forms for the %(code)s.")
            % {"code": convention.code if convention else "?"}
        )
    return chosen


def _party_of(report_type: ReportType, state: State):
    """The State's membership of the type's instrument, refused if it is none."""
    from reporting.selectors import states_parties

    party = next(
        (p for p in states_parties(report_type) if p.state_id == state.pk), None
    )
    if party is None:
        instrument = report_type.instrument
        raise ValidationError(
            _("%(state)s is not party to the %(code)s.")
            % {
                "state": state,
                "code": report_type.convention.code
                if instrument.is_base
                else f"{report_type.convention.code} {instrument.name}",
            }
        )
    return party


@transaction.atomic
def report_start(
    *,
    convention: Convention | None = None,
    report_type: ReportType | None = None,
    state: State,
    kind: str = Report.Kind.ANNUAL,
    year: int | None = None,
    actor,
    today: dt.date | None = None,
    carry_over: bool = True,
    illustrative: bool = False,
) -> Report:
    """Open the State's report of `report_type` (or of the convention's first
    type: its Article 7 report), every form "not yet marked"; only a party to the
    type's instrument may. With `carry_over`, forms of the previous report are
    carried over as "unchanged since <year>"."""
    today = today or local_today()
    report_type = _report_type(convention, report_type)
    convention = report_type.convention
    if actor is not None and not can_edit_state_data(actor, state, convention):
        raise PermissionDenied(_("Only the State's focal point may open its report."))
    participation = _party_of(report_type, state)
    if not report_type.form_specs:
        raise ValidationError(
            _("ISM has no reporting forms for the %(code)s.")
            % {"code": convention.code}
        )
    entry_into_force, year = _period_to_open(
        report_type=report_type,
        state=state,
        participation=participation,
        kind=kind,
        year=year,
        today=today,
    )

    report = create_and_record(
        Report,
        actor=actor,
        verb="report opened",
        changes={"kind": [None, kind], "year": [None, year]},
        convention=convention,
        report_type=report_type,
        state=state,
        kind=kind,
        year=year,
        entry_into_force=entry_into_force,
        illustrative=illustrative,
    )
    ReportForm.objects.bulk_create(
        ReportForm(report=report, code=spec.code) for spec in report_type.form_specs
    )
    if carry_over and kind == Report.Kind.ANNUAL:
        from reporting.selectors import previous_version

        if previous_version(report) is not None:
            report_forms_carry_over(report=report, actor=actor, only_unmarked=True)
    return report


def _period_to_open(
    *, report_type, state, participation, kind: str, year: int | None, today: dt.date
) -> tuple[dt.date | None, int | None]:
    """The entry into force and the year the new report covers (an initial report
    covers the year the convention entered into force for the State), refusing a
    report that is already open."""
    entry_into_force = None
    convention = report_type.convention
    if kind == Report.Kind.INITIAL:
        if report_type.initial_report_days is None:
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
            report_type=report_type, state=state, kind=kind
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
            report_type=report_type, state=state, kind=kind, year=year
        ).exists()
    if exists:
        raise ValidationError(_("This report is already open."), code="exists")
    return entry_into_force, year
