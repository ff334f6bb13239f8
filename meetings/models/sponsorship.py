"""The Sponsorship Programme: funds for delegates of States that need help to take
part in the convention's meetings. The donors' group decides; ISU staff record its
decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money

from ism.constraints import not_negative, unique
from ism.fields import (
    catalogue_row,
    convention_fk,
    illustrative_flag,
    money_field,
    state_fk,
    user_fk,
)
from ism.models import Convention, ObligationKind, State
from ism.models.common import HasPage
from ism.validators import validate_plausible_date
from meetings.models.meeting import Meeting
from meetings.models.participants import Participant

# Sponsorship amounts have ten digits before the point (budgets' have twelve), as
# the first migration declared them; aligning the two would change the schema.
MAX_DIGITS = 12


class SponsorshipProgramme(HasPage, models.Model):
    convention = convention_fk(related_name="sponsorship_programmes")
    name = models.CharField(_("name"), max_length=200)
    meetings = models.ManyToManyField(
        Meeting, related_name="sponsorship_programmes", verbose_name=_("meetings")
    )
    currency = models.CharField(_("currency"), max_length=3)
    budget = money_field(_("budget"), max_digits=MAX_DIGITS)
    target_delegates = models.PositiveSmallIntegerField(
        _("target number of sponsored delegates")
    )
    open_for_applications = models.BooleanField(
        _("open for applications"), default=True
    )
    illustrative = illustrative_flag()

    class Meta:
        ordering = ["convention", "-pk"]
        verbose_name = _("sponsorship programme")
        constraints = [
            unique(["convention", "name"], name="sponsorship_programme_unique"),
            not_negative("budget", name="sponsorship_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.convention.code})"

    page_url_name = "meetings:programme"

    def clean(self):
        if self.budget is not None and str(self.budget.currency) != self.currency:
            raise ValidationError(
                {"budget": _("The budget is in the programme's currency.")}
            )

    def zero(self) -> Money:
        return Money(Decimal(0), self.currency)

    def takes_applications(self, today: dt.date) -> bool:
        """Open while staff keep it open and one of the meetings it funds still
        takes registrations (meetings.rules). Lists prefetch the meetings
        (selectors.programme_list), so this costs no query per row."""
        from meetings import rules

        return rules.programme_open(
            self.open_for_applications, self.meetings.all(), today
        )


class SponsorshipApplication(HasPage, models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")

    DECISIONS = (Status.APPROVED, Status.WAITLISTED, Status.DECLINED)

    programme = models.ForeignKey(
        SponsorshipProgramme, on_delete=models.PROTECT, related_name="applications"
    )
    # The person is a registered member of their State's delegation to a meeting the
    # programme funds: the State and the meeting come from there.
    participant = models.OneToOneField(
        Participant,
        on_delete=models.PROTECT,
        related_name="sponsorship_application",
        verbose_name=_("delegate"),
    )
    needs_travel = models.BooleanField(_("travel (air ticket)"), default=False)
    travel_amount = money_field(_("travel, estimated cost"), max_digits=MAX_DIGITS)
    hotel_nights = models.PositiveSmallIntegerField(_("hotel nights"), default=0)
    hotel_amount = money_field(_("hotel, estimated cost"), max_digits=MAX_DIGITS)
    allowance_days = models.PositiveSmallIntegerField(
        _("days of daily allowance"), default=0
    )
    allowance_amount = money_field(_("daily allowance, total"), max_digits=MAX_DIGITS)
    motivation = models.TextField(
        _("role in the State's implementation of the convention"), blank=True
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    amount_approved = money_field(
        _("amount approved"), optional=True, max_digits=MAX_DIGITS
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = user_fk()
    decided_at = models.DateTimeField(null=True, blank=True)
    applied_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "created_at", "pk"]
        verbose_name = _("sponsorship application")
        constraints = [
            models.CheckConstraint(
                condition=Q(travel_amount__gte=0)
                & Q(hotel_amount__gte=0)
                & Q(allowance_amount__gte=0),
                name="sponsorship_amounts_not_negative",
            ),
            # An approval commits an amount; nothing else does.
            models.CheckConstraint(
                condition=(Q(status="approved") & Q(amount_approved__gte=0))
                | (~Q(status="approved") & Q(amount_approved__isnull=True)),
                name="sponsorship_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="sponsorship_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant.full_name} — {self.programme.name}"

    page_url_name = "meetings:application"

    @property
    def requested_total(self) -> Money:
        return self.travel_amount + self.hotel_amount + self.allowance_amount

    @property
    def state(self) -> State:
        return self.participant.delegation.state

    @property
    def meeting(self) -> Meeting:
        return self.participant.delegation.meeting

    @property
    def convention(self) -> Convention:
        return self.programme.convention


class KeyObligation(models.Model):
    """A State's outstanding key obligation under a convention, which the programme
    weighs: one of the convention's catalogue (ism.models.ObligationKind, e.g.
    the CCM's Article 4 clearance), named by its code.

    Reference data about the State's participation: it belongs with ism's
    Participation once the core records obligations; it lives here until then.
    """

    convention = convention_fk(on_delete=models.CASCADE)
    state = state_fk(on_delete=models.CASCADE)
    kind = models.CharField(_("obligation"), max_length=20)
    # The catalogue's row for that code: its label, with the article.
    kind_row = catalogue_row(ObligationKind, code="kind")
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, validators=[validate_plausible_date]
    )
    illustrative = illustrative_flag()

    class Meta:
        ordering = ["convention", "state__name", "kind"]
        verbose_name = _("key obligation")
        constraints = [
            unique(["convention", "state", "kind"], name="key_obligation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.label} ({self.convention.code})"

    def clean_fields(self, exclude=None):
        # The catalogue's row is no field to clean: clean() judges the code.
        super().clean_fields(exclude={*(exclude or ()), "kind_row"})

    def clean(self):
        if (
            self.convention_id
            and self.kind
            and not ObligationKind.objects.filter(
                convention_id=self.convention_id, code=self.kind
            ).exists()
        ):
            raise ValidationError(
                {"kind": _("Choose one of the convention's obligations.")}
            )

    @property
    def label(self) -> str:
        """The obligation in the convention's catalogue, in the active language."""
        try:
            return self.kind_row.label_text
        except ObligationKind.DoesNotExist:
            return self.kind
