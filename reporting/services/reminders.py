"""Reminders of reports, through the outbox.

One service behind the daily Celery task, the `send_article7_reminders` command
and the board's button. Each report type with reminders on reminds the States
that owe it (reporting.selectors: the parties to its instrument). Each reminder
is an OutgoingMail row under the key "<type's prefix>:<year or 'initial'>:<ISO3>:
<level>" ("art7:APMBC:2024:NOR:due", "report:CCW-pv:2024:NOR:due"), created once
and sent to the State's recipients; the run itself is ism.reminders', shared
with the contribution reminders.

Which level fits a day is reporting.rules.reminder_level: 30 days before the due
date, on it, 30 days after; nothing once the report is submitted.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ism.models import Convention
from ism.reminders import Due, ReminderRun, reminders_run
from ism.translated import text_in
from reporting import rules
from reporting.models import ReportType
from reporting.selectors import (
    Obligation,
    annual_obligations,
    initial_obligations,
    report_types,
    states_parties,
)


def _due_text(day: dt.date, language: str) -> str:
    from reporting.documents import long_date

    return long_date(day, language)


def _message(
    obligation: Obligation, level: rules.ReminderLevel, report_type: ReportType
) -> tuple:
    """(subject, body) in the State's working language for the convention."""
    from ism.reminders import working_language_for

    convention = report_type.convention
    language = working_language_for(obligation.state, convention)
    name = text_in(report_type, "name", language)[0]
    with translation.override(language):
        due = _due_text(obligation.due, language)
        if obligation.kind == "initial":
            what = _("the initial %(report)s of %(state)s under the %(code)s") % {
                "report": name,
                "state": obligation.state.name,
                "code": convention.code,
            }
        else:
            what = _(
                "the %(report)s of %(state)s under the %(code)s covering "
                "calendar year %(year)s"
            ) % {
                "report": name,
                "state": obligation.state.name,
                "code": convention.code,
                "year": obligation.year,
            }
        if level.key == "before":
            subject = _("%(code)s: report due on %(due)s") % {
                "code": convention.code,
                "due": due,
            }
            opening = _("This is a reminder that %(what)s is due on %(due)s.")
        elif level.key == "due":
            subject = _("%(code)s: report due today (%(due)s)") % {
                "code": convention.code,
                "due": due,
            }
            opening = _("%(what)s is due today, %(due)s.")
        else:
            subject = _("%(code)s: report overdue since %(due)s") % {
                "code": convention.code,
                "due": due,
            }
            opening = _("%(what)s was due on %(due)s and has not been received yet.")
        opening = opening % {"what": what, "due": due}
        body = "\n\n".join(
            [
                capfirst(opening),
                _(
                    "Your focal point can fill in the report form by form in ISM "
                    "(Reporting), carry over the forms that have not changed since "
                    "the last report, and submit it there."
                ),
                _(
                    "If the report has been sent by other means, please let the "
                    "Implementation Support Unit know."
                ),
                _("Implementation Support Unit, %(code)s") % {"code": convention.code},
            ]
        )
    return str(subject), body


def _owed(report_type: ReportType, today: dt.date) -> list[Obligation]:
    """Reports of the type not yet submitted for which a reminder level applies
    today, owed by the parties to its instrument only."""
    parties = states_parties(report_type)
    years = [
        year
        for year in range(today.year - 2, today.year + 1)
        if rules.reminder_level(due=rules.annual_due(report_type, year), today=today)
    ]
    rows = []
    for year_rows in annual_obligations(
        report_type, years, today=today, parties=parties
    ).values():
        rows.extend(year_rows)
    rows.extend(initial_obligations(report_type, today=today, parties=parties))
    return [
        row
        for row in rows
        if (row.report is None or row.report.first_submitted_on is None)
        and rules.reminder_level(due=row.due, today=today) is not None
    ]


class Article7Reminders:
    """The Article 7 reminders' kind for ism.reminders.reminders_run."""

    audit_verb = "Article 7 reminders sent"
    summary_text = gettext_noop(
        "%(queued)s reminders queued, %(already)s already sent before, "
        "%(missing)s without an e-mail address."
    )

    def conventions(self, convention: Convention | None):
        return [convention] if convention else list(Convention.objects.all())

    def due(self, convention: Convention, today: dt.date) -> list[Due]:
        planned = []
        for report_type in report_types(convention):
            if not report_type.reminders:
                continue
            for row in _owed(report_type, today):
                level = rules.reminder_level(due=row.due, today=today)
                period = "initial" if row.kind == "initial" else str(row.year)
                key = rules.reminder_key(
                    prefix=report_type.reminder_prefix,
                    period=period,
                    iso3=row.state.iso3,
                    level=level.key,
                )
                label = f"{report_type.reminder_prefix}:{period}:{row.state.iso3}"
                label = label.removeprefix("art7:").removeprefix("report:")
                planned.append(
                    Due(
                        key=key,
                        state=row.state,
                        label=label,
                        about=(row, level, report_type),
                    )
                )
        return planned

    def message(self, due: Due, convention: Convention) -> tuple[str, str]:
        return _message(*due.about)

    def queued(self, due: Due, mail) -> None:
        pass


def reminders_send(
    *, today: dt.date, convention: Convention | None = None, actor=None
) -> ReminderRun:
    """Queue the reminder that fits `today` for every report owed and not
    submitted, unless it is in the outbox already. Safe to run any number of
    times."""
    return reminders_run(
        Article7Reminders(), today=today, convention=convention, actor=actor
    )
