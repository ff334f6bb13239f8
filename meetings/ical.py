"""An iCalendar (RFC 5545) feed of a convention's meetings, written by hand.

Each meeting is one all-day VEVENT: DTSTART is its first day and DTEND the day
after its last (RFC 5545 §3.6.1: the end of an all-day event is exclusive). Text is
escaped (§3.3.11: backslash, semicolon, comma, newline) and lines longer than 75
octets are folded with CRLF and a space (§3.1), never inside a UTF-8 character.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.utils import timezone

from ism.mail import identifier_domain
from meetings.models import Meeting

logger = logging.getLogger(__name__)

PRODID = "-//ISM//Implementation Support Manager//EN"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets joined by CRLF + space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(meeting: Meeting, *, url: str = "") -> list[str]:
    status = {
        Meeting.Status.PLANNED: "CONFIRMED",
        Meeting.Status.HELD: "CONFIRMED",
        Meeting.Status.CANCELLED: "CANCELLED",
        # Postponed: still meant to happen, on dates not yet fixed (RFC 5545
        # §3.8.1.11: TENTATIVE).
        Meeting.Status.POSTPONED: "TENTATIVE",
    }[meeting.status]
    description = meeting.kind_label
    if meeting.committee_id:
        description += f" — {meeting.committee.name}"
    if meeting.illustrative:
        description += " — illustrative data (dates not the real ones)"
    lines = [
        "BEGIN:VEVENT",
        # The same UID whichever host name the feed was fetched through: a calendar
        # subscribed through two names must not show every meeting twice.
        f"UID:meeting-{meeting.pk}@{identifier_domain()}",
        f"DTSTAMP:{_stamp(meeting.updated_at or timezone.now())}",
        f"LAST-MODIFIED:{_stamp(meeting.updated_at or timezone.now())}",
        f"DTSTART;VALUE=DATE:{_date(meeting.start)}",
        f"DTEND;VALUE=DATE:{_date(meeting.end + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(meeting.title)}",
        f"LOCATION:{escape_text(str(meeting.place_label))}",
        f"DESCRIPTION:{escape_text(description)}",
        f"STATUS:{status}",
        "TRANSP:TRANSPARENT",
    ]
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings: Iterable[Meeting], *, name: str, url_for=None) -> bytes:
    """The whole VCALENDAR as bytes, CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        try:
            event = event_lines(meeting, url=url_for(meeting) if url_for else "")
        except (OverflowError, ValueError):
            # A meeting whose dates cannot be written (one saved ending 9999-12-31
            # before ism.validators refused such dates: the day after is past
            # datetime.date's range) is left out, noted — never the whole feed
            # a 500 for everyone who subscribes.
            logger.warning("Meeting %s left out of the feed", meeting.pk, exc_info=True)
            continue
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
