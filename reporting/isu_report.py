"""The ISU's annual report on its activities, functioning and finances, built from
ISM's own records for a period.

Its sections are those of the published ISU reports: meetings supported (by
kind), work plan progress (indicators, target against actual), Article 7
reporting rates, and the financial status (budget, contributions — assessed,
received, outstanding, % received, arrears — and fund balances).

Each section reads another capability through its selectors: a capability that
holds no data for the period gives a section that says so, never invented
figures. The same object
feeds the page, the PDF and the Word-friendly HTML.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.calculations import figures
from budgets.contributions.selectors import contribution_status
from budgets.models import Budget, Fund
from budgets.selectors import budget_list, fund_statuses
from ism.access import visible
from ism.models import Convention
from meetings.models import MeetingKind
from meetings.selectors import meeting_list
from reporting import rules
from reporting.selectors import initial_obligations, report_type_of, reporting_rates
from workplans.selectors import workplan_list, workplan_tree, workplan_tree_queryset
from workplans.tree import target_text


@dataclass
class Section:
    available: bool
    note: str = ""


@dataclass
class MeetingsSection(Section):
    rows: list[tuple[str, int]] = field(default_factory=list)  # (kind label, held)
    total: int = 0


@dataclass
class IndicatorRow:
    number: str
    statement: str
    indicator: str
    target: str
    actual: Decimal | None
    status: str
    badge: str = ""


@dataclass
class PlanProgress:
    title: str
    status: str
    rows: list[IndicatorRow]


@dataclass
class WorkplanSection(Section):
    plans: list[PlanProgress] = field(default_factory=list)


@dataclass
class InitialCounts:
    due: int
    on_time: int
    late: int
    missing: int
    not_due: int


@dataclass
class ReportingSection(Section):
    rates: list[rules.Rate] = field(default_factory=list)
    initial: InitialCounts | None = None
    as_of: dt.date | None = None


@dataclass
class BudgetRow:
    year: int
    title: str
    total: object  # Money


@dataclass
class FundRow:
    name: str
    balance: object  # Money
    target: object | None  # Money
    coverage: Decimal | None


@dataclass
class FinanceSection(Section):
    budgets: list[BudgetRow] = field(default_factory=list)
    budgets_note: str = ""
    contributions: list = field(default_factory=list)
    funds: list[FundRow] = field(default_factory=list)
    funds_note: str = ""
    # The day the figures are as at (the report's finance date).
    as_of: dt.date | None = None


@dataclass
class IsuAnnualReport:
    convention: Convention
    start: dt.date
    end: dt.date
    as_of: dt.date
    meetings: MeetingsSection
    workplans: WorkplanSection
    reporting: ReportingSection
    finance: FinanceSection
    # The day it was built on: the documents say "generated on" this day, the
    # figures are as at min(it, end).
    today: dt.date

    @property
    def period_label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        ):
            if self.start.year == self.end.year:
                return str(self.start.year)
            return f"{self.start.year}–{self.end.year}"
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


# --- Sections ---


def meetings_section(convention, start, end, *, user, today) -> MeetingsSection:
    # Meetings that opened in the period and are held today: marked held, or
    # planned and over (meetings.rules), as the meetings list and the work plan's
    # counts say.
    held = meeting_list(
        user=user,
        convention=convention,
        start=start,
        end=end,
        phase="held",
        today=today,
    ).filter(start__gte=start, start__lte=end)
    counts = Counter(held.values_list("kind", flat=True))
    rows = [
        (kind.label, counts[kind.code])
        for kind in MeetingKind.objects.filter(convention=convention)
        if counts.get(kind.code)
    ]
    total = sum(counts.values())
    return MeetingsSection(
        available=True,
        rows=rows,
        total=total,
        note="" if total else _("ISM records no meeting held in this period."),
    )


def workplans_section(convention, start, end, *, user, as_of) -> WorkplanSection:
    ids = list(
        workplan_list(user=user, convention=convention)
        .filter(start_year__lte=end.year, end_year__gte=start.year)
        .values_list("pk", flat=True)
    )
    if not ids:
        return WorkplanSection(
            available=False,
            note=_("ISM holds no work plan of the %(code)s for this period.")
            % {"code": convention.code},
        )
    plans = []
    for plan in workplan_tree_queryset(user=user).filter(pk__in=ids):
        tree = workplan_tree(plan, as_of=as_of)
        rows = [
            IndicatorRow(
                number=node.label,
                statement=node.result.text,
                indicator=item.indicator.description,
                target=target_text(item.indicator),
                actual=item.progress.actual,
                status=item.progress.label,
                badge=item.progress.badge,
            )
            for _area, node, item in tree.indicators
        ]
        plans.append(
            PlanProgress(
                title=plan.title or str(plan),
                status=plan.get_status_display(),
                rows=rows,
            )
        )
    return WorkplanSection(available=True, plans=plans)


def reporting_section(convention, start, end, *, as_of) -> ReportingSection:
    """Rates of the annual reports due within the period, as at its end (or today
    while it runs), and the initial reports due within it: of the convention's
    first report type (the Article 7 report; the CCW's compliance report)."""
    report_type = report_type_of(convention)
    years = [
        year
        for year in range(start.year - 1, end.year + 1)
        if report_type and start <= rules.annual_due(report_type, year) <= end
    ]
    rates = reporting_rates(report_type, years, today=as_of) if years else []
    initial_rows = (
        initial_obligations(report_type, today=as_of, due_in=(start, end))
        if report_type
        else []
    )
    initial = None
    if initial_rows:
        count = Counter(row.timeliness for row in initial_rows)
        initial = InitialCounts(
            due=len(initial_rows),
            on_time=count[rules.Timeliness.ON_TIME],
            late=count[rules.Timeliness.LATE],
            missing=count[rules.Timeliness.MISSING],
            not_due=count[rules.Timeliness.NOT_DUE],
        )
    if not rates:
        return ReportingSection(
            available=False,
            note=_("No annual report fell due in this period."),
            initial=initial,
            as_of=as_of,
        )
    return ReportingSection(available=True, rates=rates, initial=initial, as_of=as_of)


def finance_section(convention, start, end, *, user, as_of=None) -> FinanceSection:
    section = FinanceSection(available=True, as_of=as_of or end)

    adopted = {}
    for budget in budget_list(
        user=user, convention=convention, status=Budget.Status.ADOPTED
    ).filter(year__gte=start.year, year__lte=end.year):
        current = adopted.get(budget.year)
        if current is None or budget.version > current.version:
            adopted[budget.year] = budget
    section.budgets = [
        BudgetRow(year=year, title=str(budget), total=figures(budget).total)
        for year, budget in sorted(adopted.items())
    ]
    if not section.budgets:
        section.budgets_note = _("No budget adopted for this period is recorded.")

    section.contributions = [
        contribution_status(
            convention=convention, year=year, as_of=as_of or end, user=user
        )
        for year in range(start.year, end.year + 1)
    ]

    last_budget = adopted.get(end.year)
    last_total = figures(last_budget).total if last_budget else None
    for status in fund_statuses(
        convention=convention,
        on=section.as_of,
        expenditure=last_total,
        funds=visible(user, Fund.objects.filter(convention=convention)),
    ):
        section.funds.append(
            FundRow(
                name=status.fund.name,
                balance=status.balance,
                target=status.target,
                coverage=status.coverage,
            )
        )
    if not section.funds:
        section.funds_note = _("No fund of the %(code)s is recorded.") % {
            "code": convention.code
        }
    return section


def build_isu_report(
    *,
    convention: Convention,
    start: dt.date,
    end: dt.date,
    user,
    today: dt.date,
    finance_as_of: dt.date | None = None,
) -> IsuAnnualReport:
    """The ISU's annual report for [start, end], as seen by `user` (the ISU staff
    member who asks for it), with figures as at the end of the period — or today,
    while the period runs; the financial figures as at `finance_as_of` when
    given (a report states its finances as at a day before the meeting)."""
    as_of = min(today, end)
    return IsuAnnualReport(
        convention=convention,
        start=start,
        end=end,
        as_of=as_of,
        meetings=meetings_section(convention, start, end, user=user, today=today),
        workplans=workplans_section(convention, start, end, user=user, as_of=as_of),
        reporting=reporting_section(convention, start, end, as_of=as_of),
        finance=finance_section(
            convention, start, end, user=user, as_of=finance_as_of or as_of
        ),
        today=today,
    )
