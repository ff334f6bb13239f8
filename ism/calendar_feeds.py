"""Private calendar links: made, found, revoked.

The link is https://…/meetings/feeds/APMBC.ics?token=ismcal_…: the secret is 256
random bits, shown once when the link is made and stored only as its SHA-256
digest (ism.models.CalendarFeed, like an API token). A link serves what its user
sees (ism.access) and only while they may subscribe (`can_subscribe_privately`):
at the first fetch after their role ends it is revoked for good, with the reason.
Without a token the feed is the public one: the convention's public meetings.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.access import can_subscribe_privately
from ism.audit import audit_record
from ism.models import CalendarFeed, Convention
from ism.models.tokens import token_digest

FEED_PREFIX = "ismcal_"


def calendar_feed_create(*, user, convention: Convention) -> tuple[CalendarFeed, str]:
    """A new private link for `user`; returns it with its secret (shown once)."""
    if not can_subscribe_privately(user, convention):
        raise PermissionDenied(
            _("Private calendar links are for those who read the %(code)s's record.")
            % {"code": convention.code}
        )
    secret = FEED_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        feed = CalendarFeed.objects.create(
            user=user, convention=convention, digest=token_digest(secret)
        )
        audit_record(actor=user, verb="calendar link made", obj=feed)
    return feed, secret


def calendar_feed_revoke(*, feed: CalendarFeed, actor, reason: str = "") -> None:
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
        if feed.revoked_at is not None:
            return
        feed.revoked_at = timezone.now()
        feed.revoked_reason = reason[:200]
        feed.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(
            actor=actor,
            verb="calendar link revoked",
            obj=feed,
            changes={"reason": [None, reason]} if reason else None,
        )


def feed_user(secret: str, convention: Convention):
    """The user a private link serves, or None: unknown, revoked, another
    convention's, or its user no longer allowed (then it is revoked now)."""
    if not secret.startswith(FEED_PREFIX):
        return None
    feed = (
        CalendarFeed.objects.select_related("user", "convention")
        .filter(digest=token_digest(secret), convention=convention)
        .first()
    )
    if feed is None or feed.revoked_at is not None:
        return None
    if not can_subscribe_privately(feed.user, convention):
        calendar_feed_revoke(
            feed=feed, actor=None, reason=_("Its user no longer reads the record.")
        )
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user
