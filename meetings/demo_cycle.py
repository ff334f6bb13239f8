"""The demo's meetings of the current cycle (called by meetings.demo.load).

The current cycle, relative to the day the demo is loaded (`today`): every year's
Meeting of the States Parties and intersessional meetings from 2026 up to the
next of each still ahead, on the dates the APMBC's calendar keeps (intersessional
meetings on the third Tuesday of June, the Meeting from the first Monday on or
after 24 November — the rule gives the 2026 dates the demo always had: 16-19
June and 30 November-4 December 2026), a Sponsorship
Programme per year, and the Coordinating Committee's meetings of each year. So a
demo loaded on any day has meetings ahead, open for registration and
sponsorship, and meetings behind it. Each is keyed by its convention, kind and
first day (or number), so loading again on a later day adds the new year's
meetings and never moves or duplicates one already there.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from djmoney.money import Money

from ism.demo import state_by_name
from meetings.demo import (
    APPLICATIONS,
    FUNCTIONS,
    MSP22_AGENDA,
    D,
    _agenda,
    _delegation,
    _document,
    _meeting,
    _participants,
    _person,
)
from meetings.models import (
    Meeting,
    MeetingKind,
    SponsorshipApplication,
    SponsorshipProgramme,
    default_titles,
)

# The 22nd Meeting was held in 2025: the Meeting of year Y is the (Y - 2003)th.
FIRST_CYCLE_YEAR = 2026


def msp_number(year: int) -> int:
    return year - 2003


def msp_dates(year: int) -> tuple[dt.date, dt.date]:
    """Monday to Friday from the first Monday on or after 24 November."""
    first = D(year, 11, 24)
    start = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    return start, start + dt.timedelta(days=4)


def intersessional_dates(year: int) -> tuple[dt.date, dt.date]:
    """Tuesday to Friday from the third Tuesday of June."""
    first = D(year, 6, 1)
    start = first + dt.timedelta(days=(1 - first.weekday()) % 7 + 14)
    return start, start + dt.timedelta(days=3)


def coordinating_dates(year: int) -> list[dt.date]:
    """The second Monday of February, April, September and November."""
    days = []
    for month in (2, 4, 9, 11):
        first = D(year, month, 1)
        days.append(first + dt.timedelta(days=(7 - first.weekday()) % 7 + 7))
    return days


def cycle_years(today: dt.date, dates) -> range:
    """From 2026 up to the first year whose meeting (by `dates`) is still ahead."""
    last = max(today.year, FIRST_CYCLE_YEAR)
    if dates(last)[0] <= today:
        last += 1
    return range(FIRST_CYCLE_YEAR, last + 1)


def load(apmbc, committee, today: dt.date) -> int:
    """Every year's meetings from 2026 to the next ones ahead of `today`; returns
    how many sponsorship applications this run made."""
    applications = 0
    intersessional_years = cycle_years(today, intersessional_dates)
    for year in cycle_years(today, msp_dates):
        msp = _msp(apmbc, year)
        meetings = [msp]
        if year in intersessional_years:
            meetings.insert(0, _intersessional(apmbc, year))
        _participants(msp)
        _msp_documents(msp, year, today)
        programme = _programme(apmbc, year, meetings)
        applications += _applications(programme, meetings, today)
    for year in intersessional_years:
        if year not in cycle_years(today, msp_dates):
            # The next intersessional meetings are ahead of the next Meeting's year.
            _programme(apmbc, year, [_intersessional(apmbc, year)])
    for year in range(FIRST_CYCLE_YEAR + 1, cycle_years(today, msp_dates)[-1] + 1):
        for day in coordinating_dates(year):
            coordinating(apmbc, committee, day)
    return applications


def coordinating(apmbc, committee, day: dt.date, **extra) -> Meeting:
    return _meeting(
        apmbc,
        kind=Meeting.Kind.COORDINATING,
        title="Coordinating Committee meeting",
        start=day,
        committee=committee,
        illustrative=True,
        **extra,
    )


def _msp(apmbc, year: int) -> Meeting:
    number = msp_number(year)
    existing = Meeting.objects.filter(
        convention=apmbc, kind=Meeting.Kind.MSP, number=number
    ).first()
    if existing is not None:
        return existing
    start, end = msp_dates(year)
    # Titled as staff's new meeting is: the kind's title in every language.
    titles = default_titles(
        MeetingKind.objects.get(convention=apmbc, code=Meeting.Kind.MSP), number
    )
    return _meeting(
        apmbc,
        kind=Meeting.Kind.MSP,
        number=number,
        title=titles.pop("title"),
        start=start,
        end=end,
        illustrative=True,
        **titles,
    )


def _msp_documents(msp: Meeting, year: int, today: dt.date) -> None:
    """The ISU's next budget and work plan, issued on 8 October as in 2025, once
    that day has come."""
    issued = D(year, 10, 8)
    if issued > today:
        return
    items = _agenda(
        msp,
        [
            *MSP22_AGENDA[:3],
            (
                "9(h)(i)",
                "Report on the activities, functioning and finances of the "
                "Implementation Support Unit, and the work plan and budget of the "
                f"Unit for {year + 1}",
            ),
        ],
    )
    _document(
        msp,
        title=f"Implementation Support Unit {year + 1} budget and work plan",
        item=items["9(h)(i)"],
        date=issued,
    )


def _intersessional(apmbc, year: int) -> Meeting:
    start, end = intersessional_dates(year)
    return _meeting(
        apmbc,
        kind=Meeting.Kind.INTERSESSIONAL,
        title=f"Intersessional meetings {year}",
        start=start,
        end=end,
        illustrative=True,
    )


def _programme(apmbc, year: int, meetings: list[Meeting]) -> SponsorshipProgramme:
    programme, _ = SponsorshipProgramme.objects.get_or_create(
        convention=apmbc,
        name=f"Sponsorship Programme {year}",
        defaults={
            "currency": "CHF",
            "budget": Money(Decimal("300000"), "CHF"),
            "target_delegates": 50,  # "about 50" (ISU 2026 work plan)
            "illustrative": True,
        },
    )
    programme.meetings.add(*meetings)
    return programme


def _applications(programme, meetings: list[Meeting], today: dt.date) -> int:
    """The 2026 programme's illustrative applications, once per programme. For a
    meeting still ahead the donors' group has not met: every application to it
    waits for its decision (work for the ISU on the day the demo is loaded)."""
    if programme.applications.exists():
        return 0
    by_kind = {meeting.kind: meeting for meeting in meetings}
    made = 0
    for n, (name, given, family, gender, which, decision) in enumerate(APPLICATIONS):
        kind = Meeting.Kind.INTERSESSIONAL if which == "IS" else Meeting.Kind.MSP
        meeting = by_kind.get(kind)
        if meeting is None:
            continue
        if meeting.start > today + dt.timedelta(days=60):
            decision = "submitted"
        delegation = _delegation(meeting, state=state_by_name(name))
        person = _person(
            delegation,
            given,
            family,
            function=FUNCTIONS[n % len(FUNCTIONS)],
            gender=gender,
            is_head=True,
            consent_to_publication=n % 3 != 2,
        )
        travel = Decimal(1800 + 150 * (n % 5))
        hotel = Decimal(180 * 5)
        allowance = Decimal(95 * 5)
        _, created = SponsorshipApplication.objects.get_or_create(
            participant=person,
            defaults={
                "programme": programme,
                "needs_travel": True,
                "travel_amount": Money(travel, "CHF"),
                "hotel_nights": 5,
                "hotel_amount": Money(hotel, "CHF"),
                "allowance_days": 5,
                "allowance_amount": Money(allowance, "CHF"),
                "status": decision,
                "amount_approved": Money(travel + hotel + allowance, "CHF")
                if decision == "approved"
                else None,
                "decision_reason": {
                    "declined": "No outstanding obligation under the Convention; "
                    "the programme gives priority to States with key obligations.",
                    "waitlisted": "Subject to available funds.",
                }.get(decision, ""),
            },
        )
        made += created
    return made
