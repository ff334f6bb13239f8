"""Reports opened, filled in and submitted through the services, as a focal
point would, on given days (every rule takes `today`)."""

from __future__ import annotations

import datetime as dt

from reporting import services
from reporting.models import Report, ReportForm
from tests.factories import ParticipationFactory, StateFactory

# Days the tests act on: reports covering 2024 are due by 30 April 2025.
BEFORE_DUE = dt.date(2025, 3, 14)
DUE = dt.date(2025, 4, 30)
AFTER_DUE = dt.date(2025, 6, 2)


def open_report(state, convention, *, year=2024, actor=None, today=BEFORE_DUE):
    return services.report_start(
        convention=convention,
        state=state,
        year=year,
        actor=actor,
        today=today,
        carry_over=False,
    )


def mark_all(
    report: Report,
    *,
    status=ReportForm.Status.NOT_APPLICABLE,
    text="",
    actor=None,
    except_codes=(),
) -> None:
    codes = report.forms.exclude(code__in=except_codes).values_list("code", flat=True)
    entries = {code: {"status": status, "text": text} for code in codes}
    services.report_forms_save(report=report, entries=entries, actor=actor)


def form_of(report: Report, code: str) -> ReportForm:
    form = ReportForm.objects.select_related("report__convention").get(
        report=report, code=code
    )
    return form


def submitted_report(state, convention, *, year=2024, on=BEFORE_DUE, actor=None):
    """A report with every form marked not applicable, submitted on `on`."""
    report = open_report(state, convention, year=year, actor=actor, today=on)
    mark_all(report, actor=actor)
    version = services.report_submit(report=report, actor=actor, today=on)
    report.refresh_from_db()
    return report, version


def party(convention, *, name=None, eif=dt.date(2000, 7, 1), status="party"):
    state = StateFactory(**({"name": name} if name else {}))
    ParticipationFactory(
        state=state,
        convention=convention,
        status=status,
        consent_date=eif - dt.timedelta(days=180) if eif else None,
        entry_into_force=eif,
    )
    return state
