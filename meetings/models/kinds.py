"""The kinds of meeting a convention holds, as data (issue 17): what each is
called in the convention's own words, how a numbered one is titled in each
language ("Twenty-Sixth Meeting of the High Contracting Parties", "Vingt-sixième
Réunion des Hautes Parties contractantes"), and the rules that follow from the
kind — each a property of its row, never a branch on a convention's code:
whether it is numbered, whether it names a committee (and which sort), whether
it is open to the public, whether it adopts the ISU's budget.

A meeting keeps its kind's code (`Meeting.kind`: "msp", "gge"); the row is found
through the meeting's convention and that code (`Meeting.kind_row`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ism.constraints import unique
from ism.fields import catalogue_code, convention_fk, flag
from ism.models.vocabulary import in_language
from meetings.ordinals import title_from_pattern


class MeetingKind(models.Model):
    class Committee(models.TextChoices):
        NONE = "", _("No committee")
        COORDINATING = "coordinating", _("The Coordinating Committee")
        OTHER = "other", _("A committee other than the Coordinating Committee")

    convention = convention_fk(related_name="meeting_kinds", on_delete=models.PROTECT)
    code = catalogue_code(_("A short name for the records, e.g. msp or gge."))
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("e.g. “Meeting of the High Contracting Parties”."),
    )
    title_pattern = models.CharField(
        _("title of a numbered meeting"),
        max_length=300,
        blank=True,
        help_text=_(
            "{ordinal} stands for the ordinal word: “{ordinal} Meeting of the High "
            "Contracting Parties”. In French, Spanish, Russian and Arabic "
            "{ordinal:f} gives its feminine and {ordinal:n} its neuter form."
        ),
    )
    numbered = flag(
        _("numbered"),
        _("Its meetings carry an ordinal number (the Twenty-Sixth …)."),
    )
    committee = models.CharField(
        _("committee"),
        max_length=12,
        choices=Committee.choices,
        blank=True,
        help_text=_("The committee whose meeting this kind is, if any."),
    )
    public = flag(
        _("open to the public"),
        _("Anyone may read its meetings, agendas and public documents."),
    )
    adopts_budget = flag(
        _("adopts the budget"),
        _("The ISU's budget is circulated to and adopted by it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["convention", "order", "code"]
        verbose_name = _("meeting kind")
        verbose_name_plural = _("meeting kinds")
        constraints = [unique(["convention", "code"], name="meeting_kind_code_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.numbered and not self.title_pattern.strip():
            raise ValidationError(
                {"title_pattern": _("A numbered kind needs the title of a meeting.")}
            )
        if self.title_pattern:
            try:
                title_from_pattern(self.title_pattern, 1, "en")
            except ValueError:
                raise ValidationError(
                    {
                        "title_pattern": _(
                            "Write {ordinal} (or {ordinal:f}, {ordinal:n}) where the "
                            "ordinal word goes, and no other braces."
                        )
                    }
                ) from None

    @property
    def label(self) -> str:
        """The kind's name in the active language."""
        return in_language(self, "name")

    @property
    def names_committee(self) -> bool:
        return bool(self.committee)

    def title(self, number: int | None, language: str) -> str:
        """A meeting's title in `language`: the numbered title ("Twenty-Sixth
        Meeting of the High Contracting Parties") or the kind's name."""
        from ism.translated import text_in

        if number and self.numbered:
            pattern, fallback = text_in(self, "title_pattern", language)
            # No pattern in that language yet: the English title, English words.
            return title_from_pattern(pattern, number, "en" if fallback else language)
        return text_in(self, "name", language)[0]
