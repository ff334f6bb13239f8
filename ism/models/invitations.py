"""Invitations: how a convention's ISU staff bring a colleague, a committee member
or a State's focal point into ISM without the Django admin (issue 17).

The link mailed to the invitee carries a secret of 256 random bits, stored only
as its SHA-256 digest (ism.models.tokens.token_digest, as API tokens and
calendar links are). A link is used once, expires, and can be revoked; whether
it is still good is read from the one clock (`status`), never written by a job.
The workings are ism.people's.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ism.constraints import expires_after, unique
from ism.fields import convention_fk, language_field, optional_fk, state_fk, user_fk
from ism.models.core import Committee, Role, role_scope_q
from ism.models.tokens import SecretLink

# The roles staff invite people to; an auditor is appointed by an administrator.
INVITED_ROLES = [Role.ISU_STAFF, Role.COMMITTEE_MEMBER, Role.FOCAL_POINT]


class Invitation(SecretLink):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    convention = convention_fk(on_delete=models.CASCADE, related_name="invitations")
    # Lower case: one address is one invitee however it was typed.
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[(role.value, role.label) for role in INVITED_ROLES],
    )
    committee = optional_fk(
        Committee, on_delete=models.CASCADE, verbose_name=_("committee")
    )
    state = state_fk(on_delete=models.CASCADE, optional=True, verbose_name=_("State"))
    # The language the invitation is written in (and the new account's).
    language = language_field()
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = user_fk()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = user_fk()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = user_fk()

    class Meta(SecretLink.Meta):
        constraints = [
            expires_after(
                "created_at", "expires_at", name="invitation_expires_after_creation"
            ),
            models.CheckConstraint(
                condition=role_scope_q(INVITED_ROLES, ("committee", "state")),
                name="invitation_scope_matches_role",
            ),
            # One open invitation per address and convention: inviting again
            # while one is open sends nothing (ism.people closes an expired one
            # first). A mailbox cannot be flooded from one convention.
            unique(
                ["convention", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_role_display()} ({self.convention})"

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return self.Status.ACCEPTED
        return self.Status(self.lapsed or self.Status.PENDING)

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def scope_name(self) -> str:
        """What the role is for: the committee, the State, or the convention."""
        if self.committee_id:
            return self.committee.name
        if self.state_id:
            return self.state.name
        return self.convention.short_name
