"""The status of an indicator — on track, at risk, off track — from its target and
its actuals. One rule, here, for the progress page, the API and the exports.

The rule compares the share of the target reached with the share of the
indicator's period elapsed, both as at the date the data speaks for:

* **as at**: the end of the latest period reported (a figure for January–March
  says nothing about April); for a figure ISM counts itself, today (or the end of
  the indicator's period, once it is over).
* **actual to date**: for a count of events (meetings held, missions) the periods
  add up; for a level (a reporting rate) the latest period stands.
* **share reached**: actual ÷ target for a count; for a level, the way travelled
  from the baseline to the target ((actual − baseline) ÷ (target − baseline),
  mirrored when less is better).
* **share elapsed**: days of the period up to "as at" ÷ days of the period.

Then, with a tolerance of 10% for "about" targets and none otherwise:

1. beyond the target ("up to", "about", "exactly" are ceilings as well as
   targets): **at risk** — more was done than planned and budgeted;
2. target reached: **on track**;
3. period over and target not reached: **off track**;
4. otherwise the pace (share reached ÷ share elapsed): **on track** from 90%,
   **at risk** from 60%, **off track** below.

A count that should decrease (a ceiling: "at most 5 late reports") is on track
while the share of the ceiling used does not run ahead of the share of the period
elapsed by more than 10%, at risk when it does, off track once the ceiling is
passed. No actual yet: **no data**; a figure ISM should count but cannot yet (the
capability has not landed): **not available yet**.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ON_TRACK_PACE = Decimal("0.9")
AT_RISK_PACE = Decimal("0.6")
ABOUT_TOLERANCE = Decimal("0.1")
CEILING_MARGIN = Decimal("1.1")
ONE = Decimal(1)
ZERO = Decimal(0)


class Status:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NOT_AVAILABLE = "not_available"
    NOT_STARTED = "not_started"


STATUS_LABELS = {
    Status.ON_TRACK: _("on track"),
    Status.AT_RISK: _("at risk"),
    Status.OFF_TRACK: _("off track"),
    Status.NO_DATA: _("no data yet"),
    Status.NOT_AVAILABLE: _("not available yet"),
    Status.NOT_STARTED: _("not started"),
}
# The badge class of each status in ism.css (.badge.ok / .warn / .bad).
STATUS_BADGES = {
    Status.ON_TRACK: "ok",
    Status.AT_RISK: "warn",
    Status.OFF_TRACK: "bad",
}


@dataclass(frozen=True)
class PeriodValue:
    """An actual for one period, entered (an Actual row) or counted by ISM."""

    start: dt.date
    end: dt.date
    value: Decimal
    source: str
    computed: bool = False
    pk: int | None = None


@dataclass(frozen=True)
class Progress:
    status: str
    reason: str = ""
    actual: Decimal | None = None  # to date
    as_of: dt.date | None = None
    latest: PeriodValue | None = None
    periods: list[PeriodValue] = field(default_factory=list)
    reached: Decimal | None = None  # share of the target reached
    elapsed: Decimal | None = None  # share of the period elapsed
    computed: bool = False

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def badge(self) -> str:
        return STATUS_BADGES.get(self.status, "")


def as_period_value(actual) -> PeriodValue:
    if isinstance(actual, PeriodValue):
        return actual
    return PeriodValue(
        start=actual.period_start,
        end=actual.period_end,
        value=actual.value,
        source=actual.source,
        pk=actual.pk,
    )


def elapsed_share(start: dt.date, end: dt.date, on: dt.date) -> Decimal:
    """Days of [start, end] up to and including `on`, as a share of its days."""
    total = (end - start).days + 1
    done = (min(on, end) - start).days + 1
    return max(ZERO, min(ONE, Decimal(done) / Decimal(total)))


def _share_reached(indicator, actual: Decimal) -> Decimal:
    target = indicator.target
    if indicator.aggregation == "sum":
        return actual / target if target else ONE
    baseline = indicator.baseline if indicator.baseline is not None else ZERO
    if indicator.direction == "decrease":
        span, moved = baseline - target, baseline - actual
    else:
        span, moved = target - baseline, actual - baseline
    if span <= 0:
        return ONE if moved >= span else ZERO
    return moved / span


def indicator_progress(indicator, actuals, *, as_of: dt.date | None = None) -> Progress:
    """The status of `indicator` from `actuals` (Actual rows or PeriodValues; None
    when ISM should count them but cannot yet), as at `as_of` (default today)."""
    computed = indicator.is_computed
    if actuals is None:
        return Progress(
            status=Status.NOT_AVAILABLE,
            reason=str(
                _("ISM cannot count this yet: the capability it needs has not landed.")
            ),
            computed=computed,
        )
    start, end = indicator.period_start, indicator.period_end
    periods = sorted(
        (
            value
            for value in map(as_period_value, actuals)
            if value.start <= end and value.end >= start
        ),
        key=lambda v: (v.end, v.start),
    )
    today = as_of or timezone.localdate()
    if not periods:
        if today < start:
            return Progress(status=Status.NOT_STARTED, computed=computed)
        return Progress(status=Status.NO_DATA, computed=computed)

    latest = periods[-1]
    data_as_of = min(today, end) if computed else min(latest.end, end)
    if indicator.aggregation == "sum":
        actual = sum((p.value for p in periods), ZERO)
    else:
        actual = latest.value
    elapsed = elapsed_share(start, end, data_as_of)
    common = {
        "actual": actual,
        "as_of": data_as_of,
        "latest": latest,
        "periods": periods,
        "elapsed": elapsed,
        "computed": computed,
    }
    if data_as_of < start:
        return Progress(status=Status.NOT_STARTED, **common)

    tolerance = ABOUT_TOLERANCE if indicator.qualifier == "about" else ZERO
    if indicator.direction == "decrease" and indicator.aggregation == "sum":
        return _ceiling_progress(indicator, actual, tolerance, common)
    return _target_progress(indicator, actual, tolerance, common)


def _ceiling_progress(indicator, actual: Decimal, tolerance, common: dict) -> Progress:
    """A ceiling (a sum that should stay under the target): off track once it is
    passed, at risk while it is used faster than the period elapses."""
    elapsed = common["elapsed"]
    used = actual / indicator.target if indicator.target else ONE
    common["reached"] = used
    if used > ONE + tolerance:
        return Progress(
            status=Status.OFF_TRACK,
            reason=str(_("The ceiling is passed.")),
            **common,
        )
    if elapsed and used / elapsed > CEILING_MARGIN and used > elapsed:
        return Progress(
            status=Status.AT_RISK,
            reason=str(_("The ceiling is being used faster than time passes.")),
            **common,
        )
    return Progress(status=Status.ON_TRACK, **common)


def _target_progress(indicator, actual: Decimal, tolerance, common: dict) -> Progress:
    """A target to reach: judged by the share reached against the share of the
    period elapsed."""
    elapsed = common["elapsed"]
    reached = _share_reached(indicator, actual)
    common["reached"] = reached
    if indicator.qualifier != "at_least" and reached > ONE + tolerance:
        return Progress(
            status=Status.AT_RISK,
            reason=str(_("Beyond the planned target.")),
            **common,
        )
    if reached >= ONE - tolerance:
        return Progress(
            status=Status.ON_TRACK, reason=str(_("Target reached.")), **common
        )
    if elapsed >= ONE:
        return Progress(
            status=Status.OFF_TRACK,
            reason=str(_("The period is over and the target was not reached.")),
            **common,
        )
    pace = reached / elapsed if elapsed else ONE
    if pace >= ON_TRACK_PACE:
        status = Status.ON_TRACK
    elif pace >= AT_RISK_PACE:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return Progress(
        status=status,
        reason=str(
            _("%(reached)s%% of the target with %(elapsed)s%% of the period elapsed.")
            % {
                "reached": round(reached * 100),
                "elapsed": round(elapsed * 100),
            }
        ),
        **common,
    )
