"""Who attends: delegations of States or organisations, and their people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ism.constraints import unique
from ism.fields import illustrative_flag, part_of, state_fk, user_fk
from meetings.models.meeting import Meeting


class Delegation(models.Model):
    meeting = part_of(Meeting, related_name="delegations")
    state = state_fk(verbose_name=_("State"), optional=True)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For an organisation's delegation, e.g. ICRC or the ICBL."),
    )
    illustrative = illustrative_flag()
    registered_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "state__name", "organisation"]
        verbose_name = _("delegation")
        constraints = [
            # A delegation is a State's or an organisation's, never both.
            models.CheckConstraint(
                condition=(Q(state__isnull=False) & Q(organisation=""))
                | (Q(state__isnull=True) & ~Q(organisation="")),
                name="delegation_state_xor_organisation",
            ),
            unique(
                ["meeting", "state"],
                condition=Q(state__isnull=False),
                name="delegation_one_per_state",
            ),
            unique(
                ["meeting", "organisation"],
                condition=~Q(organisation=""),
                name="delegation_one_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.meeting.title}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:delegation", args=[self.meeting_id, self.pk])

    @property
    def name(self) -> str:
        return self.state.name if self.state_id else self.organisation

    def clean(self):
        if bool(self.state_id) == bool(self.organisation.strip()):
            raise ValidationError(
                _("A delegation is either a State's or an organisation's.")
            )


class Participant(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("Woman")
        MALE = "male", _("Man")
        OTHER = "other", _("Another gender")
        UNDISCLOSED = "undisclosed", _("Prefers not to say")

    delegation = part_of(Delegation, related_name="participants")
    honorific = models.CharField(
        _("title"), max_length=40, blank=True, help_text=_("e.g. H.E. Ms., Mr., Dr.")
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    function = models.CharField(
        _("function"),
        max_length=200,
        help_text=_("e.g. Ambassador, Permanent Representative; Director, Mine Action"),
    )
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("For the ISU only; never published.")
    )
    is_head = models.BooleanField(_("head of delegation"), default=False)
    consent_to_publication = models.BooleanField(
        _("agrees to be named in the published list of participants"), default=False
    )
    registered_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delegation", "-is_head", "family_name", "given_name", "pk"]
        verbose_name = _("participant")
        constraints = [
            unique(
                ["delegation"],
                condition=Q(is_head=True),
                name="participant_one_head_per_delegation",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        """A person has no page of their own: their delegation's page lists them."""
        return self.delegation.get_absolute_url()

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.honorific, self.given_name, self.family_name) if part
        )
