"""Demo Article 7 reports, loaded by `load_demo`: idempotent and honest.

The fact: the APMBC Committee on the Enhancement of Cooperation and Assistance
based its 2025 observations on the reports of the 40 States Parties listed in
ism/reference/apmbc-2025-cooperation-committee.json — the annual reports covering
2024, due by 30 April 2025. The demo gives each of them a published 2024 report.

Invented, and flagged illustrative on every page and PDF: the submission and
publication dates (spread over the months before the due date) and the forms'
contents (a placeholder text; how each form is marked varies by a fixed pattern,
so the public database's search by form has something to find). No figure is
invented: the structured figures stay empty.

Norway's focal point (focal.norway) also finds a draft of the report covering
2025, carried over from 2024, with Form A changed and Form G left to fill in.

The current cycle, relative to the day the demo is loaded (`today`): the reports
due this year (covering last year) of the same 40 States, other than Norway's.
Each State has an invented day between mid-January and early July on which it
submits, one in five never does; only days already past have happened. So before
30 April some reports are in and the rest not yet due; after it, the rest are
missing (late) and those that come later are late. Two in three submitted reports
are published a week later; the rest wait for the ISU's review.
"""

from __future__ import annotations

import datetime as dt
import zlib

from django.db import transaction
from django.utils import timezone

from ism.concurrency import LATEST
from ism.demo import reference, state_by_name
from ism.models import Convention, State
from reporting import catalogue, services
from reporting.models import Report, ReportForm, ReportVersion

YEAR = 2024
PLACEHOLDER = (
    "Illustrative demo text: ISM's demo does not reproduce the State's report. "
    "The report the State submitted is published on the convention's website."
)
DRAFT_TEXT = (
    "Illustrative draft: the national implementation measures adopted in 2025 "
    "would be described here."
)


def reporting_states() -> list[str]:
    data = reference("apmbc-2025-cooperation-committee.json")["article7_reporting"]
    return data["preliminary_observations_based_on_reports_of"]


def _invented_date(name: str) -> dt.date:
    """A fixed, invented submission date between 15 January and 30 April 2025."""
    offset = zlib.crc32(name.encode()) % 106
    return dt.date(2025, 1, 15) + dt.timedelta(days=offset)


def _mark(name: str, code: str) -> str:
    if code in ("A", "J"):
        return ReportForm.Status.CHANGED
    pick = zlib.crc32(f"{name}:{code}".encode()) % 3
    return [
        ReportForm.Status.CHANGED,
        ReportForm.Status.UNCHANGED,
        ReportForm.Status.NOT_APPLICABLE,
    ][pick]


def _at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@transaction.atomic
def _published_report(
    apmbc: Convention,
    state: State,
    name: str,
    *,
    year: int = YEAR,
    submitted_on: dt.date | None = None,
    publish: bool = True,
) -> bool:
    if Report.objects.filter(
        convention=apmbc, state=state, kind=Report.Kind.ANNUAL, year=year
    ).exists():
        return False
    submitted_on = submitted_on or _invented_date(name)
    report = services.report_start(
        convention=apmbc,
        state=state,
        year=year,
        actor=None,
        today=submitted_on,
        carry_over=False,
        illustrative=True,
    )
    entries = {}
    for code in report.forms.values_list("code", flat=True):
        status = _mark(name, code)
        entries[code] = {
            "status": status,
            "unchanged_since": year - 1
            if status == ReportForm.Status.UNCHANGED
            else None,
            "text": "" if status == ReportForm.Status.NOT_APPLICABLE else PLACEHOLDER,
        }
    services.report_forms_save(report=report, entries=entries, actor=None)
    version = services.report_submit(
        report=report, actor=None, today=submitted_on, render=False
    )
    # The dates the demo invents, on the rows that record them (the audit trail
    # keeps the real time the demo was loaded).
    ReportVersion.objects.filter(pk=version.pk).update(submitted_at=_at(submitted_on))
    if publish:
        services.report_version_publish(version=version, actor=None)
        ReportVersion.objects.filter(pk=version.pk).update(
            published_at=_at(submitted_on + dt.timedelta(days=7), 15)
        )
    Report.objects.filter(pk=report.pk).update(last_submitted_at=_at(submitted_on))
    return True


@transaction.atomic
def _norway_draft(apmbc: Convention, today: dt.date) -> bool:
    norway = State.objects.get(iso3="NOR")
    if Report.objects.filter(
        convention=apmbc, state=norway, kind=Report.Kind.ANNUAL, year=YEAR + 1
    ).exists():
        return False
    report = services.report_start(
        convention=apmbc,
        state=norway,
        year=YEAR + 1,
        actor=None,
        today=max(today, dt.date(YEAR + 2, 1, 1)),
        carry_over=True,
        illustrative=True,
    )
    forms = {form.code: form for form in report.forms.all()}
    for form in forms.values():
        form.report = report
    services.report_form_save(
        version=LATEST,
        form=forms["A"],
        status=ReportForm.Status.CHANGED,
        text=DRAFT_TEXT,
        actor=None,
    )
    # Left for the focal point: Form G's figures (mines destroyed, area cleared).
    services.report_form_save(
        version=LATEST,
        form=forms["G"],
        status=ReportForm.Status.TODO,
        text="",
        actor=None,
    )
    return True


def _cycle_reports(apmbc: Convention, today: dt.date) -> int:
    """This year's reports (covering last year), as far as `today` has come."""
    year = today.year - 1
    if year <= YEAR:
        return 0
    created = 0
    for name in reporting_states():
        state = state_by_name(name)
        if state.iso3 == "NOR":
            continue  # Norway's focal point has this report to write
        spread = zlib.crc32(f"{name}:{year}".encode())
        if spread % 5 == 0:
            continue  # never submitted: missing once 30 April has passed
        submitted_on = dt.date(year + 1, 1, 15) + dt.timedelta(days=spread % 170)
        if submitted_on >= today:
            continue  # not yet
        published_on = submitted_on + dt.timedelta(days=7)
        created += _published_report(
            apmbc,
            state,
            name,
            year=year,
            submitted_on=submitted_on,
            publish=spread % 3 != 0 and published_on < today,
        )
    return created


def load(*, with_draft: bool = True, today: dt.date | None = None) -> dict[str, int]:
    """with_draft=False leaves Norway's 2025 report unopened (a journey that
    starts it). `today` (default: the one clock's day) is how far the current
    cycle has come."""
    today = today or timezone.localdate()
    apmbc = Convention.objects.get(code="APMBC")
    if not catalogue.forms_for(apmbc.code):
        return {"reports_created": 0, "drafts_created": 0, "cycle_reports_created": 0}
    created = 0
    for name in reporting_states():
        created += _published_report(apmbc, state_by_name(name), name)
    drafts = int(_norway_draft(apmbc, today)) if with_draft else 0
    return {
        "reports_created": created,
        "drafts_created": drafts,
        "cycle_reports_created": _cycle_reports(apmbc, today),
    }
