"""The budget page shows when the budget must reach the States: 60 days before the
Meeting of the States Parties that adopts it, and warns when that was missed."""

import datetime as dt

from budgets.models import Budget
from budgets.selectors import circulation_of
from meetings.models import Meeting
from tests.budgets.days import on_day
from tests.budgets.factories import import_reference, private_media  # noqa: F401

APMBC = "apmbc-2026-budget.json"

TWENTY_SECOND = {
    "kind": Meeting.Kind.MSP,
    "title": "Twenty-Second Meeting of the States Parties",
    "number": 22,
    "start": dt.date(2025, 12, 1),
    "end": dt.date(2025, 12, 5),
    "venue": "Geneva",
}


def _msp(convention):
    return Meeting.objects.create(convention=convention, **TWENTY_SECOND)


def test_it_takes_the_deadline_from_the_meeting_held_the_year_before(apmbc):
    budget = import_reference(APMBC)
    meeting = _msp(apmbc)

    circulation = circulation_of(budget, today=dt.date(2025, 9, 1))

    assert circulation.meeting == meeting
    assert circulation.deadline == meeting.start - dt.timedelta(days=60)
    assert not circulation.late


def test_a_budget_circulated_after_the_deadline_is_late_by_the_days_between(apmbc):
    budget = import_reference(APMBC)
    _msp(apmbc)
    # The seed's document is dated 8 October 2025; the deadline was 2 October.
    Budget.objects.filter(pk=budget.pk).update(circulated_on=dt.date(2025, 10, 8))
    budget.refresh_from_db()

    circulation = circulation_of(budget)

    deadline = dt.date(2025, 12, 1) - dt.timedelta(days=60)
    assert circulation.days_late == (dt.date(2025, 10, 8) - deadline).days == 6


def test_there_is_no_deadline_without_the_meeting(apmbc):
    budget = import_reference(APMBC)
    Meeting.objects.create(
        convention=apmbc,
        **{
            **TWENTY_SECOND,
            "start": dt.date(2026, 12, 1),
            "end": dt.date(2026, 12, 4),
            "number": 23,
            "title": "Twenty-Third",
        },
    )
    assert circulation_of(budget) is None


def test_the_page_warns_staff_that_the_budget_went_out_late(client_for, isu_staff):
    budget = import_reference(APMBC, status=Budget.Status.CIRCULATED)
    _msp(budget.convention)
    Budget.objects.filter(pk=budget.pk).update(circulated_on=dt.date(2025, 10, 8))

    html = client_for(isu_staff).get(f"/budgets/{budget.pk}/").content.decode()

    assert 'data-testid="circulation"' in html
    assert "Circulated 6 days after the deadline of 2 October 2025" in html


def test_the_page_shows_the_deadline_missed_the_day_after_without_a_write(
    client_for, isu_staff
):
    # Nothing is stored when the deadline passes: the page compares it with today.
    budget = import_reference(APMBC, status=Budget.Status.APPROVED)
    deadline = _msp(budget.convention).start - dt.timedelta(days=60)
    url = f"/budgets/{budget.pk}/"

    with on_day(deadline):
        html = client_for(isu_staff).get(url).content.decode()
    assert "To be circulated to States by 2 October 2025" in html

    with on_day(deadline + dt.timedelta(days=1)):
        html = client_for(isu_staff).get(url).content.decode()
    assert "Not circulated yet, 1 days past the deadline of 2 October 2025" in html
