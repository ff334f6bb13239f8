"""Meetings and their agendas."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ism.constraints import not_blank, ordered, unique
from ism.fields import (
    catalogue_row,
    convention_fk,
    illustrative_flag,
    optional_fk,
    part_of,
)
from ism.models import Committee
from ism.models.common import Timestamped
from ism.validators import validate_plausible_date
from meetings.models.kinds import MeetingKind
from meetings.ordinals import ordinal_in


class Meeting(Timestamped):
    # The codes of the kinds every convention had before kinds became data
    # (issue 17), for the code that names one. What a kind is called, in each
    # language, and its rules are its MeetingKind row (meetings.models.kinds,
    # loaded from ism/reference/vocabularies.json); a convention may add others
    # ("gge").
    class Kind(StrEnum):
        MSP = "msp"
        REVIEW_CONFERENCE = "review_conference"
        INTERSESSIONAL = "intersessional"
        PLEDGING = "pledging"
        COORDINATING = "coordinating"
        THEMATIC = "thematic"
        WORKSHOP = "workshop"
        BILATERAL = "bilateral"

    # The ISU staff's decision. "Planned" leaves the phase to the dates (in session,
    # then held: meetings.rules); the others hold whatever the dates say.
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    convention = convention_fk(related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20)
    # The convention's row for that code: its name, titles and rules. No column
    # of its own: the meeting's convention and kind are the key.
    kind_row = catalogue_row(MeetingKind, code="kind", related_name="meetings")
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("For a numbered kind of meeting: 26."),
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
            # Which kinds are numbered or name a committee is the kind's row
            # (MeetingKind): clean() checks it.
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="meeting_number_positive",
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

    def clean_fields(self, exclude=None):
        # The kind's row is no field to clean: clean() judges the code.
        super().clean_fields(exclude={*(exclude or ()), "kind_row"})

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
        errors.update(self._kind_errors())
        if self.number is not None and not 1 <= self.number <= 99:
            errors["number"] = _("Give a number between 1 and 99.")
        if errors:
            raise ValidationError(errors)

    def _kind_errors(self) -> dict:
        """What the kind's row requires: a committee of the right sort, a number
        only where the kind is numbered."""
        if not self.convention_id or not self.kind:
            return {}
        kind = MeetingKind.objects.filter(
            convention_id=self.convention_id, code=self.kind
        ).first()
        if kind is None:
            return {"kind": _("Choose one of the convention's kinds of meeting.")}
        errors = {}
        if message := self._committee_error(kind.committee):
            errors["committee"] = message
        if self.number is not None and not kind.numbered:
            errors["number"] = _("Only meetings of a numbered kind are numbered.")
        return errors

    def _committee_error(self, wanted: str) -> str | None:
        committee = self.committee if self.committee_id is not None else None
        if committee is None:
            return _("A committee meeting names its committee.") if wanted else None
        if committee.convention_id != self.convention_id:
            return _("This committee belongs to another convention.")
        coordinating = committee.kind == Committee.Kind.COORDINATING
        if wanted == MeetingKind.Committee.COORDINATING and not coordinating:
            return _("Choose the Coordinating Committee.")
        if wanted == MeetingKind.Committee.OTHER and coordinating:
            return _(
                "The Coordinating Committee's meetings are of the kind “%(kind)s”."
            ) % {"kind": self._coordinating_kind_label()}
        return None

    def _coordinating_kind_label(self) -> str:
        kind = MeetingKind.objects.filter(
            convention_id=self.convention_id,
            committee=MeetingKind.Committee.COORDINATING,
        ).first()
        return kind.label if kind else ""

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
        """The number as an ordinal word in the active language."""
        if not self.number:
            return ""
        return ordinal_in(self.number, translation.get_language() or "en")

    @property
    def kind_rules(self) -> MeetingKind | None:
        """The kind's row (None for a code the convention does not define)."""
        try:
            return self.kind_row
        except MeetingKind.DoesNotExist:
            return None

    @property
    def kind_label(self) -> str:
        """The kind's name in the convention's words, in the active language."""
        kind = self.kind_rules
        return kind.label if kind else self.kind

    # The rules of the meeting's kind (its MeetingKind row).
    @property
    def is_committee_meeting(self) -> bool:
        return bool(self.kind_rules and self.kind_rules.committee)

    @property
    def is_public_kind(self) -> bool:
        return bool(self.kind_rules and self.kind_rules.public)

    @property
    def adopts_budget(self) -> bool:
        return bool(self.kind_rules and self.kind_rules.adopts_budget)

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


def default_title(kind: MeetingKind, number: int | None, language: str = "en") -> str:
    """The title the documents use when none is given, in `language`: “Twenty-
    Sixth Meeting of the High Contracting Parties”, “Fifth Review Conference”,
    or the kind's name for a kind that is not numbered."""
    return kind.title(number, language)


def default_titles(kind: MeetingKind, number: int | None) -> dict[str, str]:
    """The default title in the original (English, `title`) and in each other
    language (`title_fr`, …), to store on a new meeting."""
    from ism.translated import TRANSLATION_LANGUAGES, column

    titles = {"title": default_title(kind, number)}
    for language in TRANSLATION_LANGUAGES:
        titles[column("title", language)] = default_title(kind, number, language)
    return titles


# Agenda items are numbered as in the documents: "9", "9(h)", "9(h)(i)" — a number,
# then a letter, then a lower-case roman numeral.
AGENDA_NUMBER = re.compile(
    r"^(?P<item>[1-9][0-9]{0,2})"
    r"(?:\((?P<sub>[a-z]{1,2})\)"
    r"(?:\((?P<roman>(?=[ivxl])l?x{0,3}(?:ix|iv|v?i{0,3}))\))?)?$"
)


# A function, not a RegexValidator: the pattern's named groups are Python's, and a
# RegexValidator's pattern is published in the OpenAPI document, where a JavaScript
# client would have to read it (tests/ism/test_openapi_spectral.py).
def validate_agenda_number(value: str) -> None:
    if not AGENDA_NUMBER.match(value or ""):
        raise ValidationError(
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
