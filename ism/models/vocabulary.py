"""A convention's own words, as data (issue 17): what a party is called ("States
Parties" in the APMBC and the CCM, "High Contracting Parties" in the CCW) and the
catalogue of its key obligations with the articles that set them (APMBC Art. 4
and 5, CCM Art. 3 and 4, the CCW's Amended Protocol II and Protocol V). Set per
convention by its ISU staff on the settings page and, for the demo, from
`ism/reference/vocabularies.json` (ism.vocabulary). Each text has a column per
language (ism/translation.py); `in_language` reads the one a page needs.

Meeting kinds, the third part of the vocabulary, live with the meetings
(meetings.models.kinds)."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ism.constraints import unique
from ism.fields import catalogue_code, convention_fk


def in_language(obj: models.Model, field: str, language: str | None = None) -> str:
    """`obj.<field>` in `language` (default: the active one), the original
    (English) where no translation was entered."""
    from ism.translated import text_in

    return text_in(obj, field, language or translation.get_language())[0]


def _wording(label, max_length: int, help_text) -> models.CharField:
    """One of the convention's words for its parties, as its documents write
    it; empty until set."""
    return models.CharField(
        label, max_length=max_length, default="", help_text=help_text
    )


class PartyNames(models.Model):
    """What the convention calls the States bound by it, in the convention's own
    wording: the documents, reminders and pages of the convention say it."""

    party_singular = _wording(
        _("a party is called"),
        80,
        _("As the convention's documents say it, e.g. “State Party”."),
    )
    party_plural = _wording(
        _("parties are called"),
        80,
        _(
            "As the convention's documents say it, e.g. “States Parties” or "
            "“High Contracting Parties”."
        ),
    )

    # The form after "of" — "the contributions of the States Parties", "the
    # Meeting of the High Contracting Parties" — with the article or the case
    # each language needs there: "des États parties", "de las Altas Partes
    # Contratantes", "государств-участников". Letters and reminders say it.
    party_of = _wording(
        _("“of the parties”"),
        100,
        _(
            "As it follows “the Meeting”, with the article or case the language "
            "needs: “of the States Parties”, “des Hautes Parties contractantes”."
        ),
    )

    class Meta:
        abstract = True

    @property
    def party_label(self) -> str:
        """“State Party” / “Haute Partie contractante”, in the active language."""
        return in_language(self, "party_singular")

    @property
    def of_parties_label(self) -> str:
        """“of the States Parties” / “des Hautes Parties contractantes”, in the
        active language."""
        return in_language(self, "party_of")

    @property
    def parties_label(self) -> str:
        """“States Parties” / “Hautes Parties contractantes”, in the active
        language."""
        return in_language(self, "party_plural")


class ObligationKind(models.Model):
    """One key obligation in a convention's catalogue, with the article that
    sets it: "Destruction of stockpiled cluster munitions (Article 3)". A State's
    outstanding obligation (meetings.models.KeyObligation) names one by its
    code."""

    convention = convention_fk(
        related_name="obligation_kinds", on_delete=models.CASCADE
    )
    code = catalogue_code(_("A short name for the records, e.g. clearance."))
    label = models.CharField(
        _("obligation"),
        max_length=200,
        help_text=_(
            "With the article that sets it, e.g. “Clearance of contaminated "
            "areas (Article 4)”."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["convention", "order", "code"]
        verbose_name = _("obligation kind")
        verbose_name_plural = _("obligation kinds")
        constraints = [
            unique(["convention", "code"], name="obligation_kind_code_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label_text(self) -> str:
        """The label in the active language."""
        return in_language(self, "label")


def status_in_words(obj: models.Model, convention=None) -> str:
    """`obj`'s status label in its convention's words: a budget or work plan
    "Adopted by the Meeting of the High Contracting Parties", a State's standing
    "High Contracting Party" for the CCW. The stored code and the choice label
    stay as they are (the API and the filters read them); the pages, documents
    and messages read this. `convention`: where `obj` reaches it other than by
    `obj.convention`."""
    from django.utils.text import capfirst
    from django.utils.translation import gettext

    convention = convention or obj.convention
    status = obj.status
    if status == "adopted" and convention.party_of:
        return gettext("Adopted by the Meeting %(of_parties)s") % {
            "of_parties": convention.of_parties_label
        }
    if status == "party" and convention.party_singular:
        return capfirst(convention.party_label)
    return str(type(obj).Status(status).label)
