"""What a meeting's dates make of it on a given day: its phase, whether States
may still register for it, whether a Sponsorship Programme still takes
applications.

Pure functions of the meeting and `today`: nothing here reads the clock or
writes a row. A meeting whose last day has passed is held on the next morning
without anyone (or any scheduled job) changing it; the caller takes `today`
once (timezone.localdate()) per request or service call and passes it in, so a
page, a counter and the API answer alike. The stored `Meeting.status` is the
ISU staff's decision, and it wins over the dates: a cancelled or postponed
meeting stays so, and a meeting staff marked as held is held.

The rule, from issue 13: planned → in session (from its first day to its last)
→ held, awaiting its report (from the day after its last). Registration of
delegations and applications for sponsorship close when the meeting opens, or
after the registration deadline staff set, whichever comes first. A Sponsorship
Programme is open only while one of the meetings it funds still takes
registrations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ism.dates import long_date
from meetings.models.meeting import Meeting

STATUS = Meeting.Status


# A meeting's phases are the staff's statuses (Meeting.Status) and the one phase
# only the dates give, in session, between planned and held.
_IN_SESSION = ("IN_SESSION", ("in_session", gettext_lazy("In session")))
Phase = models.TextChoices(
    "Phase",
    [
        member
        for status in STATUS
        for member in [(status.name, (status.value, status.label))]
        + ([_IN_SESSION] if status == STATUS.PLANNED else [])
    ],
)


def phase(meeting: Meeting, today: dt.date) -> Phase:
    """The meeting's phase on `today`."""
    if meeting.status == STATUS.CANCELLED:
        return Phase.CANCELLED
    if meeting.status == STATUS.POSTPONED:
        return Phase.POSTPONED
    if meeting.status == STATUS.HELD:
        return Phase.HELD
    if today < meeting.start:
        return Phase.PLANNED
    if today <= meeting.end:
        return Phase.IN_SESSION
    return Phase.HELD


def awaiting_report(meeting: Meeting, today: dt.date) -> bool:
    """Held by its dates, but the ISU has not yet recorded it as held."""
    return meeting.status == STATUS.PLANNED and today > meeting.end


def phase_q(value: str, today: dt.date, prefix: str = "") -> Q:
    """The same rule as a filter: the meetings in phase `value` on `today`.
    `prefix` reaches the meeting through a relation ("meetings__")."""

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{name}": v for name, v in lookups.items()})

    planned = q(status=STATUS.PLANNED)
    return {
        Phase.PLANNED: planned & q(start__gt=today),
        Phase.IN_SESSION: planned & q(start__lte=today, end__gte=today),
        Phase.HELD: q(status=STATUS.HELD) | (planned & q(end__lt=today)),
        Phase.CANCELLED: q(status=STATUS.CANCELLED),
        Phase.POSTPONED: q(status=STATUS.POSTPONED),
    }[Phase(value)]


def held_q(today: dt.date, prefix: str = "") -> Q:
    """Meetings held as of `today`: marked held by staff, or planned and over. The
    one definition every count of meetings held uses (the work plan's "committee
    meetings supported", the ISU's annual report, the list's filter)."""
    return phase_q(Phase.HELD, today, prefix)


# --- Registration ---------------------------------------------------------------------


def registration_last_day(meeting: Meeting) -> dt.date:
    """The last day on which States may register: the deadline staff set, else the
    eve of the first day (registration closes when the meeting opens)."""
    eve = meeting.start - dt.timedelta(days=1)
    deadline = meeting.registration_deadline
    return min(deadline, eve) if deadline else eve


def registration_open(meeting: Meeting, today: dt.date) -> bool:
    """Whether focal points may still register delegates for the meeting (and
    apply for their sponsorship)."""
    return phase(meeting, today) == Phase.PLANNED and today <= registration_last_day(
        meeting
    )


def registration_open_q(today: dt.date, prefix: str = "") -> Q:
    """registration_open as a filter."""
    p = prefix
    return Q(**{f"{p}status": STATUS.PLANNED, f"{p}start__gt": today}) & (
        Q(**{f"{p}registration_deadline__isnull": True})
        | Q(**{f"{p}registration_deadline__gte": today})
    )


def _day(value: dt.date) -> str:
    return long_date(value)


def registration_message(meeting: Meeting, today: dt.date) -> str:
    """What the pages say about registration, and why a service refuses it."""
    current = phase(meeting, today)
    if current in (Phase.CANCELLED, Phase.POSTPONED):
        return _("Registration is closed: the meeting is %(phase)s.") % {
            "phase": current.label.lower()
        }
    if registration_open(meeting, today):
        if meeting.registration_deadline:
            return _("Registration is open until %(day)s.") % {
                "day": _day(registration_last_day(meeting))
            }
        return _("Registration is open until the meeting opens on %(day)s.") % {
            "day": _day(meeting.start)
        }
    deadline = meeting.registration_deadline
    if deadline and deadline < meeting.start:
        return _("Registration is closed: the deadline was %(day)s.") % {
            "day": _day(deadline)
        }
    return _("Registration closed when the meeting opened on %(day)s.") % {
        "day": _day(meeting.start)
    }


# --- Sponsorship ----------------------------------------------------------------------


def programme_open(
    open_for_applications: bool, meetings: Iterable[Meeting], today: dt.date
) -> bool:
    """A Sponsorship Programme takes applications while staff keep it open and one
    of the meetings it funds still takes registrations."""
    return open_for_applications and any(registration_open(m, today) for m in meetings)


def programme_message(
    open_for_applications: bool, meetings: Iterable[Meeting], today: dt.date
) -> str:
    """Why a programme takes no applications ("" while it does)."""
    meetings = list(meetings)
    if not open_for_applications:
        return _("The programme no longer takes applications.")
    if programme_open(open_for_applications, meetings, today):
        return ""
    return _(
        "The programme takes no more applications: registration has closed for "
        "every meeting it funds."
    )
