"""Who owes which report, where it stands, the follow-up board and the reporting
rates, in a fixed number of queries whatever the number of States or years.

Everything is per report type (reporting.models.ReportType): a report is owed by
the parties to its type's instrument, on the dates of their membership — the
Convention's parties (their Participation, which the base instrument's membership
mirrors) for the Article 7 report or the CCW's compliance report, Protocol V's
parties for the Protocol V report. A function given a convention reads its first
report type (the Article 7 report of the APMBC and the CCM).

They are built from two lists read once — the parties and the reports of
the years asked for — and the pure rules of reporting.rules, so the board, the
statistics, the API, the reminders and the ISU's annual report count the same
way. Not scoped to a user: these are the convention's obligations; pages check
that the user is the convention's staff (the board) or show public aggregates
(the rates)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from ism.models import (
    Convention,
    InstrumentMembership,
    OutgoingMail,
    Participation,
    State,
)
from ism.reminders import recipients_by_state
from reporting import rules
from reporting.models import Report, ReportType, ReportVersion
from reporting.selectors.owed import owes, report_type_of, states_parties

# --- Who owes what, and the board ---


@dataclass
class Obligation:
    """One report a State Party owes, with where it stands."""

    # A Participation or an InstrumentMembership (states_parties).
    participation: Participation | InstrumentMembership
    kind: str
    year: int  # annual: the year covered; initial: the year of entry into force
    due: dt.date
    report: Report | None
    timeliness: str
    reminders: list[str] = field(default_factory=list)
    has_address: bool = False

    @property
    def state(self) -> State:
        return self.participation.state

    @property
    def status_label(self) -> str:
        if self.report is None:
            return str(_("Not started"))
        return str(self.report.get_status_display())

    @property
    def timeliness_label(self) -> str:
        return str(rules.TIMELINESS_LABELS[self.timeliness])

    @property
    def badge(self) -> str:
        return rules.TIMELINESS_BADGES[self.timeliness]

    @property
    def awaiting_publication(self) -> ReportVersion | None:
        """The latest version when it is submitted and not yet published."""
        report = self.report
        if report is None or report.status != Report.Status.SUBMITTED:
            return None
        versions = list(report.versions.all())
        latest = max(versions, key=lambda v: v.number, default=None)
        return latest if latest is not None and not latest.is_published else None


def _versions() -> Prefetch:
    """A report's versions as the board reads them (which one awaits publication):
    without the frozen snapshot, a JSON document of every form that nothing on
    the board shows (decoding it for each report of a decade was most of the
    statistics page, issue 20)."""
    return Prefetch("versions", ReportVersion.objects.defer("snapshot"))


def annual_obligations(
    what: Convention | ReportType,
    years: list[int],
    *,
    today: dt.date,
    parties: list | None = None,
    with_versions: bool = True,
) -> dict[int, list[Obligation]]:
    """{year: the annual reports of the type owed for it}, in two queries for all
    the years (three `with_versions`: what the board needs to say which version
    awaits publication; a rate needs only the day of the first submission)."""
    report_type = report_type_of(what)
    if report_type is None:
        return {year: [] for year in years}
    parties = states_parties(report_type) if parties is None else parties
    reports = Report.objects.filter(
        report_type=report_type, kind=Report.Kind.ANNUAL, year__in=years
    )
    if with_versions:
        reports = reports.prefetch_related(_versions())
    reports = {(r.state_id, r.year): r for r in reports}
    out: dict[int, list[Obligation]] = {}
    for year in years:
        due = rules.annual_due(report_type, year)
        rows = []
        for participation in parties:
            if not owes(report_type, participation, year):
                continue
            report = reports.get((participation.state_id, year))
            submitted = report.first_submitted_on if report else None
            rows.append(
                Obligation(
                    participation=participation,
                    kind=Report.Kind.ANNUAL,
                    year=year,
                    due=due,
                    report=report,
                    timeliness=rules.timeliness(
                        due=due, submitted_on=submitted, today=today
                    ),
                )
            )
        out[year] = rows
    return out


def initial_obligations(
    what: Convention | ReportType,
    *,
    today: dt.date,
    due_in: tuple[dt.date, dt.date] | None = None,
    parties: list | None = None,
) -> list[Obligation]:
    """Initial reports owed (optionally those due within `due_in`), in one query
    beside the parties."""
    report_type = report_type_of(what)
    if report_type is None or report_type.initial_report_days is None:
        return []
    parties = states_parties(report_type) if parties is None else parties
    reports = {
        r.state_id: r
        for r in Report.objects.filter(
            report_type=report_type, kind=Report.Kind.INITIAL
        ).prefetch_related(_versions())
    }
    rows = []
    for participation in parties:
        due = rules.initial_due(report_type, participation.entry_into_force)
        if due is None:
            continue
        if due_in is not None and not due_in[0] <= due <= due_in[1]:
            continue
        report = reports.get(participation.state_id)
        rows.append(
            Obligation(
                participation=participation,
                kind=Report.Kind.INITIAL,
                year=participation.entry_into_force.year,
                due=due,
                report=report,
                timeliness=rules.timeliness(
                    due=due,
                    submitted_on=report.first_submitted_on if report else None,
                    today=today,
                ),
            )
        )
    return rows


def reminders_sent(report_type: ReportType, period: str) -> dict[str, list[str]]:
    """{iso3: levels already in the outbox} for one report period; a level whose
    send was cut off says it may have been delivered (ism.mail). One query."""
    prefix = f"{report_type.reminder_prefix}:{period}:"
    sent: dict[str, list[str]] = defaultdict(list)
    for mail in OutgoingMail.objects.filter(key__startswith=prefix).only(
        "key", "status", "uncertain_attempts"
    ):
        iso3, level = mail.key.split(":")[3:5]
        uncertain = mail.delivery_uncertain
        sent[iso3].append(f"{level} ({mail.status_text})" if uncertain else level)
    return dict(sent)


@dataclass
class Board:
    convention: Convention
    report_type: ReportType
    year: int
    due: dt.date
    today: dt.date
    rows: list[Obligation]
    initial_rows: list[Obligation]
    rate: rules.Rate

    def count(self, timeliness: str) -> int:
        return sum(1 for row in self.rows if row.timeliness == timeliness)

    @property
    def on_time(self) -> list[Obligation]:
        return [r for r in self.rows if r.timeliness == rules.Timeliness.ON_TIME]

    @property
    def late(self) -> list[Obligation]:
        return [r for r in self.rows if r.timeliness == rules.Timeliness.LATE]

    @property
    def not_submitted(self) -> list[Obligation]:
        return [
            r
            for r in self.rows
            if r.timeliness in (rules.Timeliness.MISSING, rules.Timeliness.NOT_DUE)
        ]

    @property
    def drafts(self) -> int:
        return sum(
            1
            for r in self.not_submitted
            if r.report is not None and r.report.status == Report.Status.DRAFT
        )

    @property
    def awaiting_publication(self) -> list[Obligation]:
        return [r for r in self.rows + self.initial_rows if r.awaiting_publication]

    @property
    def reminder_level(self) -> rules.ReminderLevel | None:
        return rules.reminder_level(due=self.due, today=self.today)


def board(what: Convention | ReportType, year: int, *, today: dt.date) -> Board:
    """The follow-up board of one type's annual reports covering `year`, and its
    initial reports due in the year the annual reports fall due. A fixed number
    of queries. The caller has checked that the user is staff of the convention."""
    report_type = report_type_of(what)
    convention = report_type.convention
    parties = states_parties(report_type)
    rows = annual_obligations(report_type, [year], today=today, parties=parties)[year]
    due = rules.annual_due(report_type, year)
    initial_rows = initial_obligations(
        report_type,
        today=today,
        due_in=(dt.date(due.year, 1, 1), dt.date(due.year, 12, 31)),
        parties=parties,
    )
    addresses = recipients_by_state(convention)
    sent_annual = reminders_sent(report_type, str(year))
    sent_initial = reminders_sent(report_type, "initial")
    for row in rows:
        row.reminders = sent_annual.get(row.state.iso3, [])
        row.has_address = bool(addresses.get(row.state.pk))
    for row in initial_rows:
        row.reminders = sent_initial.get(row.state.iso3, [])
        row.has_address = bool(addresses.get(row.state.pk))
    rate = rules.reporting_rate(
        year=year,
        due=due,
        submissions=[r.report.first_submitted_on if r.report else None for r in rows],
        today=today,
    )
    return Board(
        convention=convention,
        report_type=report_type,
        year=year,
        due=due,
        today=today,
        rows=rows,
        initial_rows=initial_rows,
        rate=rate,
    )


# --- Reporting rates ---


def reporting_rates(
    what: Convention | ReportType, years: list[int], *, today: dt.date
) -> list[rules.Rate]:
    """The rate of each year's annual reports of the type as at `today`, oldest
    year first: of those who owe it only (a party to the Convention but not to
    Protocol V is not counted in the Protocol V rate). Two queries whatever the
    number of years and States (their versions unread)."""
    report_type = report_type_of(what)
    if report_type is None:
        return []
    years = sorted(set(years))
    by_year = annual_obligations(report_type, years, today=today, with_versions=False)
    return [
        rules.reporting_rate(
            year=year,
            due=rules.annual_due(report_type, year),
            submissions=[
                row.report.first_submitted_on if row.report else None
                for row in by_year[year]
            ],
            today=today,
        )
        for year in years
    ]


def default_years(
    what: Convention | ReportType, *, today: dt.date, count: int = 5
) -> list[int]:
    """The last `count` reporting years up to last year (2021–2025 in 2026), from
    the first year ISM holds a report for: years before ISM was used would read as
    "every report missing", which is not what happened. One query."""
    from django.db.models import Min

    last = today.year - 1
    reports = Report.objects.filter(kind=Report.Kind.ANNUAL)
    if isinstance(what, ReportType):
        reports = reports.filter(report_type=what)
    else:
        reports = reports.filter(convention=what)
    first = reports.aggregate(first=Min("year"))["first"]
    start = max(last - count + 1, first if first is not None else last)
    return list(range(min(start, last), last + 1))


def current_reporting_year(today: dt.date) -> int:
    """The year whose annual reports the ISU follows up now: the previous calendar
    year (reports on 2025 are due in 2026)."""
    return today.year - 1


def reports_received(*, convention: Convention | int, year: int, committee=None) -> int:
    """Article 7 reports (initial and annual) first submitted during calendar year
    `year`: the actual of a work plan indicator "reports received". One query."""
    return reports_received_by_year(convention=convention, years=[year])[year]


def reports_received_by_year(
    *, convention: Convention | int, years, committee=None
) -> dict[int, int]:
    """{year: reports received} for every year asked, in one query and in the
    signature of workplans.sources' counters (`committee` is not used: reports
    belong to no committee)."""
    from django.db.models import Count

    years = sorted(set(years))
    convention_id = convention if isinstance(convention, int) else convention.pk
    counts = dict(
        Report.objects.filter(
            convention_id=convention_id, first_submitted_on__year__in=years
        )
        .order_by()
        .values_list("first_submitted_on__year")
        .annotate(n=Count("pk"))
    )
    return {year: counts.get(year, 0) for year in years}
