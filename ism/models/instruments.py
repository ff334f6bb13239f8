"""A convention's instruments and each State's membership of them (issue 17).

A convention is a framework of one or more instruments: the APMBC and the CCM
are one treaty each (their only instrument is "the Convention"), the CCW is the
Convention with Protocols I-V and Amended Protocol II, each with its own States
and dates. Exactly one instrument per convention is its base instrument (the
Convention itself).

How this relates to `Participation`: `Participation` stays the Convention-level
record every page, report, invoice and access rule reads (a State "in" the
convention), and the membership of the base instrument mirrors it, with the
dates Participation has no column for (signature, withdrawal). Whatever writes
one writes the other, in one transaction, in `ism.parties` only
(`participation_mirror`; `memberships_save` for the importer and the demo).
Questions asked "on a date" read the memberships (`ism.selectors.members_of`,
`instruments_of`).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ism.constraints import not_blank, ordered, unique
from ism.fields import convention_fk, flag, illustrative_flag, state_fk
from ism.models.core import Participation
from ism.models.vocabulary import status_in_words

INSTRUMENT_CODE = RegexValidator(
    r"^[a-z][a-z0-9_-]*$",
    _("Lower-case letters, digits, hyphens and underscores, starting with a letter."),
)
# The code of a convention's base instrument, as the importer's column names it.
BASE_CODE = "convention"


class Instrument(models.Model):
    """The Convention itself or one of its protocols."""

    convention = convention_fk(related_name="instruments")
    code = models.CharField(
        _("code"),
        max_length=20,
        validators=[INSTRUMENT_CODE],
        help_text=_('"convention", "p1" to "p5", "apii": a column of the import.'),
    )
    # Translatable (ism/translation.py): "Amended Protocol II", "Protocole II modifié".
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # For a State's entry into force when the depositary's record gives only the
    # day it consented: that many months later (CCW Art. 5(2) and 5(4): six), and
    # never before the instrument itself entered into force.
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    months_to_entry_into_force = models.PositiveSmallIntegerField(
        _("months from consent to entry into force"), default=6
    )
    is_base = flag(
        _("the convention itself"),
        _("The instrument every party to the convention is bound by."),
    )

    class Meta:
        ordering = ["convention__code", "order", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            unique(["convention", "code"], name="instrument_code_unique"),
            unique(
                ["convention"],
                name="instrument_one_base",
                condition=Q(is_base=True),
            ),
            not_blank("name", name="instrument_name_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.convention.code} {self.name}"

    def entry_into_force_for(self, consent: dt.date) -> dt.date:
        """The day the instrument binds a State that consented on `consent`."""
        months = consent.month - 1 + self.months_to_entry_into_force
        year, month = consent.year + months // 12, months % 12 + 1
        day = min(consent.day, calendar.monthrange(year, month)[1])
        binds = dt.date(year, month, day)
        if self.entry_into_force and binds < self.entry_into_force:
            return self.entry_into_force
        return binds


def in_force_q(day: dt.date, prefix: str = "", *, until: dt.date | None = None) -> Q:
    """The memberships in force on `day` (their State bound by the instrument):
    a party whose entry into force is on or before `day` (or not recorded) and
    whose withdrawal, if any, took effect after it. With `until`: in force on
    some day from `day` to `until` (a year's States Parties). `prefix` reaches
    the membership from another model ("instrument_memberships__")."""
    p, last = prefix, until or day
    return (
        Q(**{f"{p}status": Participation.Status.PARTY})
        & (
            Q(**{f"{p}entry_into_force__isnull": True})
            | Q(**{f"{p}entry_into_force__lte": last})
        )
        & (Q(**{f"{p}withdrawal__isnull": True}) | Q(**{f"{p}withdrawal__gt": day}))
    )


class InstrumentMembership(models.Model):
    """A State's standing in one instrument, with the dates of the depositary's
    record (for the CCW, the UN Treaty Collection)."""

    Status = Participation.Status
    ConsentKind = Participation.ConsentKind

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="memberships"
    )
    state = state_fk(related_name="instrument_memberships")
    status = models.CharField(max_length=12, choices=Status.choices)
    signature_date = models.DateField(_("signature"), null=True, blank=True)
    consent_kind = models.CharField(
        _("consent to be bound"),
        max_length=12,
        choices=ConsentKind.choices,
        blank=True,
    )
    consent_date = models.DateField(
        _("ratification, accession, acceptance, approval or succession"),
        null=True,
        blank=True,
    )
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    # The day the withdrawal (denunciation) took effect, not the day it was
    # notified: a State stays bound until then (CCW Art. 9: one year after).
    withdrawal = models.DateField(_("withdrawal effective"), null=True, blank=True)
    illustrative = illustrative_flag(
        _("Demo data that does not claim to be the real treaty status.")
    )

    class Meta:
        ordering = ["instrument__convention__code", "instrument__order", "state__name"]
        verbose_name = _("instrument membership")
        verbose_name_plural = _("instrument memberships")
        constraints = [
            unique(["instrument", "state"], name="instrument_membership_unique"),
            ordered(
                "signature_date",
                "consent_date",
                name="instrument_membership_consent_after_signature",
                optional=("signature_date", "consent_date"),
            ),
            ordered(
                "consent_date",
                "entry_into_force",
                name="instrument_membership_eif_after_consent",
                optional=("consent_date", "entry_into_force"),
            ),
            ordered(
                "entry_into_force",
                "withdrawal",
                name="instrument_membership_withdrawal_after_eif",
                optional=("entry_into_force", "withdrawal"),
            ),
            ordered(
                "consent_date",
                "withdrawal",
                name="instrument_membership_withdrawal_after_consent",
                optional=("consent_date", "withdrawal"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.instrument}: {self.get_status_display()}"

    def get_status_display(self) -> str:
        return status_in_words(self, self.instrument.convention)

    def in_force_on(self, day: dt.date) -> bool:
        """The same rule as `in_force_q`, on a row already loaded."""
        return (
            self.status == self.Status.PARTY
            and (self.entry_into_force is None or self.entry_into_force <= day)
            and (self.withdrawal is None or day < self.withdrawal)
        )
