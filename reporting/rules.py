"""When reports are due, whether they came on time, and the reporting rate.

Pure functions of dates: every one takes `today` (never reads the clock), so the
board, the statistics, the reminders and the tests agree on what "late" means on
a given day.

Each rule takes the report type (reporting.models.ReportType: its own dates, or
its convention's) — or a convention, whose dates are its Article 7 report's. The
rules (APMBC and CCM Article 7; CCW compliance mechanism, Amended Protocol II
Art. 13(4) and Protocol V Art. 10(2)(b), synchronised by CCW/AP.II/CONF.12/6,
para 26):

* the **initial report** is due within `initial_report_days` (180) days of the
  entry into force of the convention for the State;
* the **annual report** covering calendar year Y is due on the convention's day
  of year Y + 1 (30 April for the APMBC and the CCM, 31 March for the CCW);
* a State owes the annual report covering Y once its initial report was due on or
  before 31 December of Y (the annual update follows the initial report); for a
  report without an initial report (CCW), once the instrument was in force for it
  during Y. A State Party whose entry into force ISM does not know is treated as
  a party of long standing: it owes every year's report. A State whose withdrawal
  took effect on or before 1 January of Y was bound by nothing in Y: it owes
  nothing for Y;
* a report **submitted** on or before its due date is **on time**, after it
  **late**; a report not submitted is **missing** once the due date has passed
  and **not yet due** before. The first submission counts: a correction sent
  later does not make an on-time report late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("on time")
    LATE = "late", _("late")
    MISSING = "missing", _("missing")
    NOT_DUE = "not_due", _("not yet due")


# The label of a timeliness the pages hold as a value.
TIMELINESS_LABELS = dict(Timeliness.choices)
TIMELINESS_BADGES = {
    Timeliness.ON_TIME: "ok",
    Timeliness.LATE: "warn",
    Timeliness.MISSING: "bad",
    Timeliness.NOT_DUE: "",
}


def annual_due(rule, year: int) -> dt.date:
    """Due date of the annual report covering calendar year `year` (`rule`: a
    report type or a convention)."""
    return rule.annual_report_due(year)


def initial_due(rule, entry_into_force: dt.date | None) -> dt.date | None:
    """Due date of the initial report: `initial_report_days` after entry into force;
    None when the report has no initial report or the date is not known."""
    if entry_into_force is None:
        return None
    return rule.initial_report_due(entry_into_force)


def owes_annual(
    rule,
    *,
    entry_into_force: dt.date | None,
    year: int,
    withdrawal: dt.date | None = None,
) -> bool:
    """Whether a State Party owes the annual report covering `year` (see above)."""
    if withdrawal is not None and withdrawal <= dt.date(year, 1, 1):
        return False
    if entry_into_force is None:
        return True
    year_end = dt.date(year, 12, 31)
    first = initial_due(rule, entry_into_force) or entry_into_force
    return first <= year_end


def timeliness(*, due: dt.date, submitted_on: dt.date | None, today: dt.date) -> str:
    """As known on `today`: a submission after `today` has not happened yet (the
    ISU's report for a closed period counts as at the period's end)."""
    if submitted_on is not None and submitted_on <= today:
        return Timeliness.ON_TIME if submitted_on <= due else Timeliness.LATE
    return Timeliness.MISSING if today > due else Timeliness.NOT_DUE


def percent(part: int, whole: int) -> Decimal | None:
    """part ÷ whole as a percentage with one decimal, rounded half up; None for
    none of nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _share_of_parties(count: str) -> property:
    """A Rate's `<count>_pct`: that count as a percentage of the States Parties
    that owe the report."""

    def share(rate: Rate) -> Decimal | None:
        return percent(getattr(rate, count), rate.parties)

    return property(share)


@dataclass(frozen=True)
class Rate:
    """The reporting rate of one year's annual reports, as at `as_of`."""

    year: int
    due: dt.date
    as_of: dt.date
    parties: int  # States Parties that owe the report
    on_time: int
    late: int
    missing: int
    not_due: int

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    on_time_pct = _share_of_parties("on_time")
    late_pct = _share_of_parties("late")
    missing_pct = _share_of_parties("missing")
    not_due_pct = _share_of_parties("not_due")
    submitted_pct = _share_of_parties("submitted")

    @property
    def is_due(self) -> bool:
        return self.as_of > self.due


def reporting_rate(
    *,
    year: int,
    due: dt.date,
    submissions: Iterable[dt.date | None],
    today: dt.date,
) -> Rate:
    """The rate from the first-submission dates (None: not submitted) of every
    State Party that owes the report."""
    counts = dict.fromkeys(Timeliness, 0)
    parties = 0
    for submitted_on in submissions:
        parties += 1
        counts[timeliness(due=due, submitted_on=submitted_on, today=today)] += 1
    return Rate(
        year=year,
        due=due,
        as_of=today,
        parties=parties,
        on_time=counts[Timeliness.ON_TIME],
        late=counts[Timeliness.LATE],
        missing=counts[Timeliness.MISSING],
        not_due=counts[Timeliness.NOT_DUE],
    )


# --- Reminders ---


@dataclass(frozen=True)
class ReminderLevel:
    key: str
    offset_days: int  # relative to the due date
    label: str


# Thirty days before the due date, on it, and thirty days after. A level is sent
# from its day on, and only while it is the latest level reached: a job that did
# not run for weeks sends the reminder that fits today, not every missed one.
REMINDER_LEVELS = (
    ReminderLevel("before", -30, _("30 days before the due date")),
    ReminderLevel("due", 0, _("on the due date")),
    ReminderLevel("after", 30, _("30 days after the due date")),
)
# After this many days past the due date the ISU follows up by other means.
REMINDER_WINDOW_DAYS = 90


def reminder_level(*, due: dt.date, today: dt.date) -> ReminderLevel | None:
    """The reminder that fits `today` for a report due on `due`, if any."""
    if today > due + dt.timedelta(days=REMINDER_WINDOW_DAYS):
        return None
    current = None
    for level in REMINDER_LEVELS:
        if today >= due + dt.timedelta(days=level.offset_days):
            current = level
    return current


def reminder_key(*, prefix: str, period: str, iso3: str, level: str) -> str:
    """The outbox key: one mail per State, report and level, ever (`prefix`: the
    report type's, ReportType.reminder_prefix)."""
    return f"{prefix}:{period}:{iso3}:{level}"
