"""Meetings and their agendas."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ism.constraints import not_blank, ordered, unique
from ism.fields import convention_fk, illustrative_flag, optional_fk, part_of
from ism.models import Committee
from ism.models.common import Timestamped
from ism.validators import validate_plausible_date
from meetings.ordinals import ordinal_word


class Meeting(Timestamped):
    class Kind(models.TextChoices):
        MSP = "msp", _("Meeting of the States Parties")
        REVIEW_CONFERENCE = "review_conference", _("Review Conference")
        INTERSESSIONAL = "intersessional", _("Intersessional meetings")
        PLEDGING = "pledging", _("Pledging conference")
        COORDINATING = "coordinating", _("Coordinating Committee meeting")
        THEMATIC = "thematic", _("Thematic committee meeting")
        WORKSHOP = "workshop", _("Workshop")
        BILATERAL = "bilateral", _("Bilateral meeting")

    # The ISU staff's decision. "Planned" leaves the phase to the dates (in session,
    # then held: meetings.rules); the others hold whatever the dates say.
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    # The formal meetings that adopt budgets and decisions carry an ordinal number
    # ("Twenty-Second Meeting of the States Parties", "Fifth Review Conference").
    NUMBERED_KINDS = (Kind.MSP, Kind.REVIEW_CONFERENCE)
    COMMITTEE_KINDS = (Kind.COORDINATING, Kind.THEMATIC)
    # Open meetings: anyone may read them, their agenda and public documents.
    # Committee meetings, workshops and bilateral meetings are working meetings of
    # the ISU and the committees.
    PUBLIC_KINDS = (
        Kind.MSP,
        Kind.REVIEW_CONFERENCE,
        Kind.INTERSESSIONAL,
        Kind.PLEDGING,
    )

    convention = convention_fk(related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("For Meetings of the States Parties and Review Conferences: 22."),
    )
    title = models.CharField(_("title"), max_length=300)
    start = models.DateField(_("first day"), validators=[validate_plausible_date])
    end = models.DateField(_("last day"), validators=[validate_plausible_date])
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    committee = optional_fk(
        Committee, related_name="meetings", verbose_name=_("committee")
    )
    presiding_officer = models.CharField(
        _("presiding officer"),
        max_length=200,
        blank=True,
        help_text=_(
            "The President of the Meeting, or whoever chairs. Leave empty for a "
            "committee meeting: its chair on the day is shown."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    registration_deadline = models.DateField(
        _("registration deadline"),
        validators=[validate_plausible_date],
        null=True,
        blank=True,
        help_text=_(
            "The last day States may register delegates and apply for sponsorship. "
            "Leave empty to close registration when the meeting opens."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    illustrative = illustrative_flag(
        _("Demo data whose dates or details are not the real ones.")
    )

    class Meta:
        ordering = ["start", "end", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["convention", "start"])]
        constraints = [
            ordered("start", "end", name="meeting_end_after_start"),
            # Registration closes when the meeting opens at the latest.
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lt=models.F("start")),
                name="meeting_registration_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(venue="") | Q(online=True),
                name="meeting_has_venue_or_online",
            ),
            # Committee meetings name their committee.
            models.CheckConstraint(
                condition=~Q(kind__in=["coordinating", "thematic"])
                | Q(committee__isnull=False),
                name="meeting_committee_kind_has_committee",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True)
                | Q(kind__in=["msp", "review_conference"], number__gte=1),
                name="meeting_number_only_for_numbered_kinds",
            ),
            unique(
                ["convention", "kind", "number"],
                condition=Q(number__isnull=False),
                name="meeting_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.convention.code}, {self.dates_label})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The last day cannot be before the first day.")
        if (
            self.registration_deadline
            and self.start
            and self.registration_deadline >= self.start
        ):
            errors["registration_deadline"] = _(
                "Registration closes when the meeting opens: give a deadline before "
                "the first day."
            )
        if not self.venue.strip() and not self.online:
            errors["venue"] = _("Give a venue, or mark the meeting as online.")
        if self.kind in self.COMMITTEE_KINDS and self.committee_id is None:
            errors["committee"] = _("A committee meeting names its committee.")
        if self.committee_id is not None and self.convention_id is not None:
            committee = self.committee
            if committee.convention_id != self.convention_id:
                errors["committee"] = _("This committee belongs to another convention.")
            elif self.kind == self.Kind.COORDINATING and (
                committee.kind != Committee.Kind.COORDINATING
            ):
                errors["committee"] = _("Choose the Coordinating Committee.")
            elif self.kind == self.Kind.THEMATIC and (
                committee.kind == Committee.Kind.COORDINATING
            ):
                errors["committee"] = _(
                    "The Coordinating Committee's meetings are of the kind "
                    "“Coordinating Committee meeting”."
                )
        if self.number is not None and self.kind not in self.NUMBERED_KINDS:
            errors["number"] = _(
                "Only Meetings of the States Parties and Review Conferences are "
                "numbered."
            )
        if self.number is not None and not 1 <= self.number <= 99:
            errors["number"] = _("Give a number between 1 and 99.")
        if errors:
            raise ValidationError(errors)

    @property
    def one_day(self) -> bool:
        return self.start == self.end

    @property
    def dates_label(self) -> str:
        """“1–5 December 2025”, “27 January 2025”, “30 November–4 December 2026”,
        in the active language (ism.dates.date_range)."""
        from ism.dates import date_range

        return date_range(self.start, self.end)

    @property
    def ordinal(self) -> str:
        return ordinal_word(self.number) if self.number else ""

    @property
    def is_committee_meeting(self) -> bool:
        return self.kind in self.COMMITTEE_KINDS

    @property
    def is_public_kind(self) -> bool:
        return self.kind in self.PUBLIC_KINDS

    @property
    def adopts_budget(self) -> bool:
        return self.kind in self.NUMBERED_KINDS

    @property
    def place_label(self) -> str:
        if self.venue and self.online:
            return _("%(venue)s and online") % {"venue": self.venue}
        return self.venue or str(_("Online"))

    def days(self) -> list[dt.date]:
        return [
            self.start + dt.timedelta(days=n)
            for n in range((self.end - self.start).days + 1)
        ]


def default_title(kind: str, number: int | None) -> str:
    """The title the documents use when none is given: “Twenty-Second Meeting of the
    States Parties”, “Fifth Review Conference”."""
    if number and kind == Meeting.Kind.MSP:
        return f"{ordinal_word(number)} Meeting of the States Parties"
    if number and kind == Meeting.Kind.REVIEW_CONFERENCE:
        return f"{ordinal_word(number)} Review Conference"
    return str(Meeting.Kind(kind).label)


# Agenda items are numbered as in the documents: "9", "9(h)", "9(h)(i)" — a number,
# then a letter, then a lower-case roman numeral.
AGENDA_NUMBER = re.compile(
    r"^(?P<item>[1-9][0-9]{0,2})"
    r"(?:\((?P<sub>[a-z]{1,2})\)"
    r"(?:\((?P<roman>(?=[ivxl])l?x{0,3}(?:ix|iv|v?i{0,3}))\))?)?$"
)
validate_agenda_number = RegexValidator(
    AGENDA_NUMBER,
    _(
        "Write the agenda item as in the documents: a number, then a letter, "
        "then a roman numeral, each in brackets — e.g. 9, 9(h) or 9(h)(i)."
    ),
    code="agenda_number",
)

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


def _roman_value(text: str) -> int:
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN[char]
        total += -value if following and _ROMAN[following] > value else value
    return total


def _letter_value(text: str) -> int:
    # a..z, then aa, ab... as long lists of sub-items run on.
    value = 0
    for char in text:
        value = value * 26 + (ord(char) - ord("a") + 1)
    return value


def agenda_sort_key(number: str) -> str:
    """A key that sorts agenda numbers naturally: 2 < 9 < 9(a) < 9(h) < 9(h)(i) <
    9(h)(ii) < 9(h)(x) < 10. Raises ValueError for a malformed number."""
    match = AGENDA_NUMBER.match(number)
    if not match:
        raise ValueError(number)
    key = f"{int(match['item']):04d}"
    if match["sub"]:
        key += f".{_letter_value(match['sub']):03d}"
    if match["roman"]:
        key += f".{_roman_value(match['roman']):03d}"
    return key


class AgendaItem(models.Model):
    meeting = part_of(Meeting, related_name="agenda_items")
    number = models.CharField(
        _("number"),
        max_length=20,
        validators=[validate_agenda_number],
        help_text=_("As in the documents: 9, 9(h), 9(h)(i)."),
    )
    title = models.CharField(_("title"), max_length=500)
    # Derived from the number by agenda_sort_key (set by the service that saves
    # the item), so the database orders items naturally.
    sort_key = models.CharField(max_length=20, editable=False)

    class Meta:
        ordering = ["meeting", "sort_key"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            unique(["meeting", "number"], name="agenda_item_number_unique"),
            not_blank("sort_key", name="agenda_item_has_sort_key"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        """An item has no page of its own: it is shown in its meeting's agenda."""
        return f"{reverse('meetings:detail', args=[self.meeting_id])}#agenda"

    @property
    def depth(self) -> int:
        return self.number.count("(")
