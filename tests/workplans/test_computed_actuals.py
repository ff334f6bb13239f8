"""An indicator ISM can count takes its actual from ISM's own records — committee
meetings held, from meetings.selectors.committee_meetings_held — and says so; when
that capability is missing the actual is "not available yet", never a zero."""

from __future__ import annotations

import datetime as dt

import pytest

from ism.models import Committee
from tests.workplans.conftest import add_chain, indicator_data
from workplans import services, sources
from workplans.models import Indicator
from workplans.selectors import workplan_tree, workplan_tree_queryset


@pytest.fixture
def counted(plan, coordinating_committee):
    """Output 1.1.1 measured by the Coordinating Committee's meetings in 2027."""
    *_, output, _first, _second = add_chain(plan)
    return services.indicator_add(
        result=output,
        data=indicator_data(
            source=Indicator.Source.COMMITTEE_MEETINGS,
            source_committee=coordinating_committee,
        ),
        actor=None,
    )


def progress_of(indicator, as_of):
    plan = workplan_tree_queryset(user=None).get(pk=indicator.result.workplan_id)
    tree = workplan_tree(plan, as_of=as_of)
    return tree.by_result[indicator.result_id].indicators[0].progress


def test_it_counts_the_committees_meetings_held(counted, apmbc, coordinating_committee):
    from meetings.models import Meeting

    for day in (dt.date(2027, 2, 3), dt.date(2027, 3, 10), dt.date(2027, 5, 5)):
        Meeting.objects.create(
            convention=apmbc,
            kind=Meeting.Kind.COORDINATING,
            committee=coordinating_committee,
            title=f"Coordinating Committee, {day}",
            start=day,
            end=day,
            venue="Geneva",
            status=Meeting.Status.HELD,
        )
    Meeting.objects.create(  # planned, still ahead on 30 June: not counted yet
        convention=apmbc,
        kind=Meeting.Kind.COORDINATING,
        committee=coordinating_committee,
        title="Coordinating Committee, later",
        start=dt.date(2027, 9, 1),
        end=dt.date(2027, 9, 1),
        venue="Geneva",
        status=Meeting.Status.PLANNED,
    )

    progress = progress_of(counted, as_of=dt.date(2027, 6, 30))

    assert progress.computed
    assert progress.actual == 3
    assert progress.as_of == dt.date(2027, 6, 30)
    assert progress.latest.source == (
        "A count from ISM's records: meetings of the Coordinating Committee held."
    )
    # Once its day has passed it counts, though nobody marked it held
    # (meetings.rules): the count is as of the tree's day, not the clock's.
    assert progress_of(counted, as_of=dt.date(2027, 9, 2)).actual == 4


def test_it_asks_once_per_committee_for_every_year(counted, plan, monkeypatch):
    calls = []

    def count(*, convention, years, today, committee=None):
        calls.append((convention.code, years, committee.name if committee else None))
        return dict.fromkeys(years, 30)

    monkeypatch.setitem(sources.COUNTERS, Indicator.Source.COMMITTEE_MEETINGS, count)
    services.indicator_add(
        result=counted.result,
        data=indicator_data(
            description="Meetings again",
            source=Indicator.Source.COMMITTEE_MEETINGS,
            source_committee=counted.source_committee,
        ),
        actor=None,
    )

    progress = progress_of(counted, as_of=dt.date(2027, 6, 30))

    assert calls == [("APMBC", [2027], "Coordinating Committee")]
    # 30 of "up to 60" with half the year gone: on track.
    assert (progress.actual, progress.status) == (30, "on_track")


def not_yet(monkeypatch):
    """A source ISM has no counter for."""
    monkeypatch.delitem(sources.COUNTERS, Indicator.Source.COMMITTEE_MEETINGS)


def test_it_says_not_available_when_ism_cannot_count_yet(counted, monkeypatch):
    not_yet(monkeypatch)

    progress = progress_of(counted, as_of=dt.date(2027, 6, 30))

    assert progress.status == "not_available"
    assert progress.actual is None


def test_the_indicator_page_says_where_the_count_comes_from(
    counted, isu_staff, client_for, monkeypatch
):
    not_yet(monkeypatch)

    page = client_for(isu_staff).get(f"/workplans/indicators/{counted.pk}/")

    html = page.content.decode()
    assert (
        "A count from ISM&#x27;s records: meetings of the Coordinating Committee held."
        in html
    )
    assert "Not available yet" in html
    # Nothing to type: ISM counts it.
    assert 'name="value"' not in html


def test_it_refuses_a_hand_entered_actual_for_a_counted_indicator(counted):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="ISM counts this indicator"):
        services.actual_record(
            indicator=counted,
            period_start=dt.date(2027, 1, 1),
            period_end=dt.date(2027, 3, 31),
            value=5,
            source="minutes",
            actor=None,
        )


def test_it_refuses_a_committee_of_another_convention(plan, ccm):
    from django.core.exceptions import ValidationError

    other = Committee.objects.create(convention=ccm, name="CC", kind="coordinating")
    *_, output, _first, _second = add_chain(plan)
    with pytest.raises(ValidationError) as error:
        services.indicator_add(
            result=output,
            data=indicator_data(
                source=Indicator.Source.COMMITTEE_MEETINGS, source_committee=other
            ),
            actor=None,
        )
    assert "source_committee" in error.value.message_dict


def test_it_counts_the_article7_reports_received_in_the_year(
    plan, apmbc, state_a, state_b
):
    from reporting.models import Report

    *_, output, _first, _second = add_chain(plan)
    indicator = services.indicator_add(
        result=output,
        data=indicator_data(source=Indicator.Source.REPORTS_RECEIVED),
        actor=None,
    )
    # Two reports first submitted in 2027, one in 2026 (not counted), one never.
    submissions = [
        (state_a, 2026, dt.date(2027, 4, 2)),
        (state_b, 2026, dt.date(2027, 5, 20)),
        (state_a, 2025, dt.date(2026, 4, 30)),
        (state_b, 2025, None),
    ]
    for state, year, submitted in submissions:
        Report.objects.create(
            state=state,
            convention=apmbc,
            report_type=apmbc.report_types.get(code="article7"),
            year=year,
            kind=Report.Kind.ANNUAL,
            status=Report.Status.SUBMITTED if submitted else Report.Status.DRAFT,
            first_submitted_on=submitted,
        )
    expected = sum(1 for *_, day in submissions if day and day.year == 2027)

    progress = progress_of(indicator, as_of=dt.date(2027, 12, 31))

    assert progress.actual == expected == 2
    assert "transparency reports received" in sources.source_description(indicator)
