"""What ISM records of what happened: the audit trail and the mail outbox."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ism.models.core import Convention, State


class AuditEvent(models.Model):
    """Who did what to which object, and when. Written in the change's transaction."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    # Field-level changes: {"field": [old, new]}, and any other detail.
    changes = models.JSONField(default=dict, blank=True)
    # The scope the event belongs to, so the access policy can filter history.
    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        who = self.actor or "system"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.verb} {self.object_repr}"


class OutgoingMail(models.Model):
    """The outbox: a mail is a row before it is sent, keyed so it is sent once.

    The key names the reason (e.g. "invoice:412:reminder:2"); a retried or
    duplicated job finds the row and does not mail the State again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=200, unique=True)
    to = models.JSONField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.key} → {', '.join(self.to)} ({self.status})"
