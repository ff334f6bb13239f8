"""The decade world's Article 7 reports: published annual reports of the APMBC's
and the CCM's States Parties for every finished year of the decade.

A State reports a year with a probability of REPORTING_SHARE (steady per
State, convention and year: reporting rates of about half, as the conventions
see), Norway to the APMBC every year (its focal point's State page then holds
a decade). Each report goes the way a focal point and the ISU take it, through
the services: `report_start` (carrying forms over from the State's previous
report), `report_form_save` for Form A's new text, the figures of the form
that has them (mines or submunitions destroyed, area cleared) and every form
still unmarked, `report_submit` (no PDF queued) and `report_version_publish`.
As reporting/demo.py does, the invented submission and publication days are
then written on the rows that record them (the audit trail keeps the build's
real time). Reports the demo already has (2024, this cycle's) are left as
they are. Building runs in bench/world.py's process.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

REPORTING_SHARE = 47  # percent
CONVENTIONS = ("APMBC", "CCM")
ALWAYS = {("APMBC", "NOR")}
TEXT = (
    "Bench text: what the State reports on this form for {year}, long enough "
    "to look like a paragraph of a real report on national measures."
)
# The form each convention keeps its destruction figures on.
FIGURES = {
    "APMBC": (
        "G",
        ("stockpiled_mines_destroyed", "mines_destroyed_clearance", "area_cleared_m2"),
    ),
    "CCM": ("F", ("area_contaminated_m2", "area_cleared_m2")),
}


def reports(code: str, iso3: str, year: int) -> bool:
    if (code, iso3) in ALWAYS:
        return True
    return zlib.crc32(f"{code}:{iso3}:{year}".encode()) % 100 < REPORTING_SHARE


def _mark(seed: int, code: str) -> str:
    from reporting.models import ReportForm

    statuses = (
        ReportForm.Status.CHANGED,
        ReportForm.Status.UNCHANGED,
        ReportForm.Status.NOT_APPLICABLE,
    )
    return statuses[zlib.crc32(f"{seed}:{code}".encode()) % 3]


def _fill(report, seed: int) -> None:
    """Form A and the figures form changed; every form left unmarked marked."""
    from ism.concurrency import LATEST
    from reporting.models import ReportForm
    from reporting.services import report_form_save

    figures_form, keys = FIGURES[report.convention.code]
    for form in report.forms.all():
        form.report = report
        values = {"status": form.status, "text": form.text, "unchanged_since": None}
        if form.code in ("A", figures_form):
            values["status"] = ReportForm.Status.CHANGED
            values["text"] = TEXT.format(year=report.year)
        elif form.status == ReportForm.Status.TODO:
            values["status"] = _mark(seed, form.code)
            if values["status"] == ReportForm.Status.NOT_APPLICABLE:
                values["text"] = ""
            else:
                values["text"] = TEXT.format(year=report.year)
        else:
            continue  # carried over as it was
        if values["status"] == ReportForm.Status.UNCHANGED:
            values["unchanged_since"] = form.unchanged_since or report.year - 1
        figures = None
        if form.code == figures_form:
            figures = {
                key: Decimal(seed % (1000 + 97 * n)) for n, key in enumerate(keys)
            }
        report_form_save(
            version=LATEST, form=form, figures=figures, actor=None, **values
        )


def _at(day: dt.date, hour: int):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def publish(convention, state, year: int) -> bool:
    from reporting.models import Report, ReportVersion
    from reporting.services import report_start, report_submit, report_version_publish

    if Report.objects.filter(
        convention=convention, state=state, kind=Report.Kind.ANNUAL, year=year
    ).exists():
        return False
    seed = zlib.crc32(f"{convention.code}:{state.iso3}:{year}:day".encode())
    submitted_on = dt.date(year + 1, 1, 15) + dt.timedelta(days=seed % 170)
    report = report_start(
        convention=convention,
        state=state,
        year=year,
        actor=None,
        today=submitted_on,
        carry_over=True,
        illustrative=True,
    )
    _fill(report, seed)
    version = report_submit(report=report, actor=None, today=submitted_on, render=False)
    report_version_publish(version=version, actor=None)
    ReportVersion.objects.filter(pk=version.pk).update(
        submitted_at=_at(submitted_on, 11),
        published_at=_at(submitted_on + dt.timedelta(days=7), 15),
    )
    Report.objects.filter(pk=report.pk).update(last_submitted_at=_at(submitted_on, 11))
    return True


def build(convention, states: list, years: range) -> int:
    """The published reports of `states` to `convention` covering `years`."""
    from django.db import transaction

    made = 0
    for year in years:
        with transaction.atomic():
            for state in states:
                if reports(convention.code, state.iso3, year):
                    made += publish(convention, state, year)
    return made
