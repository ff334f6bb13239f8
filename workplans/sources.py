"""Actuals ISM counts itself, from the records of other capabilities.

An indicator whose source is not "manual" takes its actual from here, one period
per calendar year of its period, and the page says it is a count from ISM's
records (COUNTERS). A source without a counter has an actual "not available yet"
(None), never a made-up zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.selectors import committee_meetings_held_by_year
from reporting.selectors import reports_received_by_year
from workplans.models import Indicator
from workplans.progress import PeriodValue


def _reports_received(*, convention, years, today, committee=None) -> dict[int, int]:
    """Reports (of every type the convention has) first submitted in each
    year: a report counts from the day it is received, so `today` changes
    nothing."""
    return reports_received_by_year(
        convention=convention, years=years, committee=committee
    )


# A counter: (*, convention, years, today, committee=None) -> {year: count as of
# today}, every year in one query. `today` matters to meetings: one whose last day
# has passed is held without anyone marking it so (meetings.rules).
COUNTERS: dict[str, Callable[..., dict[int, int]]] = {
    Indicator.Source.COMMITTEE_MEETINGS: committee_meetings_held_by_year,
    Indicator.Source.REPORTS_RECEIVED: _reports_received,
}


def source_description(indicator: Indicator) -> str:
    """What the page says about where a computed actual comes from."""
    if indicator.source == Indicator.Source.COMMITTEE_MEETINGS:
        if indicator.source_committee_id:
            return _(
                "A count from ISM's records: meetings of the %(committee)s held."
            ) % {"committee": indicator.source_committee.name}
        return _("A count from ISM's records: committee meetings held.")
    if indicator.source == Indicator.Source.REPORTS_RECEIVED:
        return _("A count from ISM's records: transparency reports received.")
    return ""


def computed_actuals(
    indicators: Iterable[Indicator], *, convention, as_of: dt.date | None = None
) -> dict[int, list[PeriodValue] | None]:
    """{indicator pk: its yearly counts, or None when ISM cannot count yet}.

    One call per (source, committee) for every year asked, whatever the number of
    indicators and years sharing it, so the queries grow neither with the
    statements of a plan nor with the plans of a list."""
    today = as_of or timezone.localdate()
    asks: dict[tuple, tuple[Callable, object, set[int]]] = {}
    counted: list[Indicator] = []
    out: dict[int, list[PeriodValue] | None] = {}
    for indicator in indicators:
        if not indicator.is_computed:
            continue
        counter = COUNTERS.get(indicator.source)
        if counter is None:  # a source ISM does not count (yet)
            out[indicator.pk] = None
            continue
        key = (indicator.source, indicator.source_committee_id)
        ask = asks.setdefault(key, (counter, indicator.source_committee, set()))
        ask[2].update(_years_begun(indicator, today))
        counted.append(indicator)
    counts = {
        key: counter(
            convention=convention,
            years=sorted(years),
            committee=committee,
            today=today,
        )
        for key, (counter, committee, years) in asks.items()
        if years
    }
    for indicator in counted:
        key = (indicator.source, indicator.source_committee_id)
        out[indicator.pk] = [
            PeriodValue(
                start=max(dt.date(year, 1, 1), indicator.period_start),
                end=min(dt.date(year, 12, 31), indicator.period_end),
                value=Decimal(counts[key][year]),
                source=source_description(indicator),
                computed=True,
            )
            for year in _years_begun(indicator, today)
        ]
    return out


def _years_begun(indicator: Indicator, today: dt.date) -> list[int]:
    """The calendar years of the indicator's period that have begun by `today`."""
    return [
        year
        for year in range(indicator.period_start.year, indicator.period_end.year + 1)
        if dt.date(year, 1, 1) <= today
    ]
