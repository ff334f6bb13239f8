"""API tokens for external dashboards and States' own systems.

A token is shown once, when it is made, and stored only as a SHA-256 digest: the
secret is 256 random bits, so a fast digest is as safe as a slow password hash
and costs nothing per request. The prefix (the first characters of the token,
stored in clear) finds the row; the digest is compared in constant time.

Every token is read-only and scoped to one convention, and optionally to one
State of it. What it may read is decided by ism.access.roles_of_token: a
convention token is a dashboard (public data and aggregates of its convention);
a State token reads what that State's focal point reads, in that convention.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ism.constraints import expires_after
from ism.fields import convention_fk, state_fk, user_fk

TOKEN_PREFIX = "ism_"  # noqa: S105 - the public marker of a token, not a secret


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class SecretLink(models.Model):
    """What an API token and an invitation's link share: a secret shown once and
    kept only as its digest (token_digest), good until it expires (`expires_at`)
    or is revoked (`revoked_at`), read from the one clock (`lapsed`), never
    written by a job. The columns stay declared in each model, in the order its
    admin page shows them."""

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def lapsed(self) -> str:
        """Why the link no longer works, "revoked" or "expired"; "" while it
        works."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return ""


class ApiToken(SecretLink):
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_(
            "What uses it, e.g. “Public dashboard on apminebanconvention.org”."
        ),
    )
    # The first 12 characters after "ism_": enough to find the row, useless alone.
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    convention = convention_fk(related_name="api_tokens")
    state = state_fk(
        related_name="api_tokens",
        help_text=_("Empty: a dashboard token (public data and aggregates only)."),
        optional=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = user_fk()
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta(SecretLink.Meta):
        constraints = [
            expires_after(
                "created_at", "expires_at", name="api_token_expires_after_creation"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="api_token_revocation_has_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}{self.prefix}…)"

    @property
    def is_dashboard(self) -> bool:
        return self.state_id is None

    @property
    def status(self) -> str:
        return self.lapsed or "active"


class CalendarFeed(models.Model):
    """A private calendar link: one user's subscription to a convention's
    meetings, for calendar programs that cannot log in.

    Like an API token, its secret is shown once and stored as a digest; it can
    be revoked on the tokens page, and it dies with its user's role (the feed
    checks the role at every fetch and revokes itself when it is gone). It
    shows what its user sees, never more.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    convention = convention_fk(related_name="calendar_feeds")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=200, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.convention.code} meetings calendar of {self.user}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
