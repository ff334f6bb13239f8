"""The status of an indicator compares the share of its target reached with the
share of its period elapsed at the date of the latest figure (workplans.progress)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from workplans.models import Indicator
from workplans.progress import PeriodValue, indicator_progress

YEAR = (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
H1 = (dt.date(2027, 1, 1), dt.date(2027, 6, 30))


def indicator(**fields) -> Indicator:
    base = {
        "description": "Committee meetings supported",
        "unit": "number",
        "target": Decimal(60),
        "qualifier": "up_to",
        "period_start": YEAR[0],
        "period_end": YEAR[1],
        "direction": "increase",
        "aggregation": "sum",
        "source": "manual",
    }
    base.update(fields)
    return Indicator(**base)


def value(amount, period=H1) -> PeriodValue:
    return PeriodValue(
        start=period[0], end=period[1], value=Decimal(amount), source="minutes"
    )


def status(ind, *values, as_of=dt.date(2027, 12, 31)):
    return indicator_progress(ind, list(values), as_of=as_of)


# Half of 2027 (1 January - 30 June) is 181 of 365 days.
HALF = Decimal(181) / Decimal(365)


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        # pace = (held / 60) / (181 / 365)
        (30, "on_track"),  # 1.008
        (27, "on_track"),  # 0.907
        (26, "at_risk"),  # 0.874
        (18, "at_risk"),  # 0.605
        (17, "off_track"),  # 0.571
    ],
)
def test_it_judges_a_count_by_its_pace_at_mid_year(held, expected):
    pace = (Decimal(held) / 60) / HALF
    assert (pace >= Decimal("0.9")) == (expected == "on_track")

    progress = status(indicator(), value(held))

    assert progress.status == expected
    assert progress.as_of == H1[1]
    assert progress.actual == held
    assert progress.elapsed == HALF


def test_it_adds_up_the_periods_of_a_count():
    q1 = value(10, (dt.date(2027, 1, 1), dt.date(2027, 3, 31)))
    q2 = value(20, (dt.date(2027, 4, 1), dt.date(2027, 6, 30)))

    progress = status(indicator(), q1, q2)

    assert progress.actual == 30
    assert progress.latest == q2
    assert progress.status == "on_track"


def test_it_flags_more_than_an_up_to_target_as_at_risk():
    progress = status(indicator(), value(62, YEAR))
    assert progress.status == "at_risk"
    assert progress.reason == "Beyond the planned target."


def test_it_accepts_more_than_an_at_least_target():
    progress = status(
        indicator(target=Decimal(5), qualifier="at_least"), value(7, YEAR)
    )
    assert progress.status == "on_track"


@pytest.mark.parametrize(
    ("sponsored", "expected"),
    [(46, "on_track"), (54, "on_track"), (44, "off_track"), (56, "at_risk")],
)
def test_it_allows_ten_percent_either_side_of_an_about_target(sponsored, expected):
    about_50 = indicator(
        description="Sponsored delegates", target=Decimal(50), qualifier="about"
    )
    assert status(about_50, value(sponsored, YEAR)).status == expected


def test_it_calls_a_missed_target_off_track_once_the_period_is_over():
    progress = status(indicator(target=Decimal(5), qualifier="exactly"), value(4, YEAR))
    assert progress.status == "off_track"


def test_it_measures_a_level_from_its_baseline():
    rate = indicator(
        description="States reporting on time",
        unit="percent",
        baseline=Decimal(40),
        target=Decimal(60),
        qualifier="at_least",
        aggregation="latest",
    )
    # Half-way from 40% to 60% at mid-year: on pace. The latest period stands.
    progress = status(
        rate, value(30, (dt.date(2027, 1, 1), dt.date(2027, 3, 31))), value(50)
    )
    assert progress.actual == 50
    assert progress.reached == Decimal("0.5")
    assert progress.status == "on_track"


def test_it_keeps_a_decreasing_count_under_its_ceiling():
    late = indicator(
        description="Late reports",
        target=Decimal(10),
        qualifier="up_to",
        direction="decrease",
    )
    assert status(late, value(4)).status == "on_track"  # 40% used at 50% elapsed
    assert status(late, value(7)).status == "at_risk"  # 70% used at 50% elapsed
    assert status(late, value(11)).status == "off_track"


def test_it_says_no_data_before_any_figure_and_not_available_when_ism_cannot_count():
    assert status(indicator()).status == "no_data"
    assert status(indicator(), as_of=dt.date(2026, 12, 1)).status == "not_started"
    computed = indicator(source=Indicator.Source.COMMITTEE_MEETINGS)
    progress = indicator_progress(computed, None, as_of=dt.date(2027, 6, 30))
    assert progress.status == "not_available"
    assert progress.label == "not available yet"


def test_it_judges_a_count_made_by_ism_as_at_today():
    computed = indicator(source=Indicator.Source.COMMITTEE_MEETINGS)
    counted = PeriodValue(
        start=YEAR[0], end=YEAR[1], value=Decimal(30), source="ISM", computed=True
    )

    progress = indicator_progress(computed, [counted], as_of=dt.date(2027, 6, 30))

    assert progress.as_of == dt.date(2027, 6, 30)
    assert progress.elapsed == HALF
    assert progress.status == "on_track"
