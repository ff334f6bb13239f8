"""What ISM records of what happened: the audit trail and the mail outbox."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ism.constraints import unique
from ism.fields import convention_fk, part_of, state_fk, user_fk


class AuditEvent(models.Model):
    """Who did what to which object, and when. Written in the change's transaction."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = user_fk()
    verb = models.CharField(max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    # Field-level changes: {"field": [old, new]}, and any other detail.
    changes = models.JSONField(default=dict, blank=True)
    # The scope the event belongs to, so the access policy can filter history.
    convention = convention_fk(optional=True)
    state = state_fk(optional=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        who = self.actor or "system"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.verb} {self.object_repr}"


class OutgoingMail(models.Model):
    """The outbox: a mail is a row before it is sent, keyed so it is sent once.

    The key names the reason (e.g. "invoice:412:reminder:2"); a retried or
    duplicated job finds the row and does not mail the State again. Every try to
    send it is an OutgoingMailAttempt; the Message-ID derives from the key, so a
    re-send after a crash is the same message to the recipient's server.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # A try was cut off while the mail server could have been accepting the
        # message (ism.mail): it may have been delivered. Offered again under the
        # same Message-ID.
        UNCERTAIN = "uncertain", _("Uncertain — may have been delivered")

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
    # Tries so far, counted when a try starts (a try whose worker was killed
    # counts too).
    attempts = models.PositiveSmallIntegerField(default=0)
    # Tries cut off after the server could have accepted the mail: when the row
    # is sent in the end, the recipient may have it twice (one Message-ID).
    uncertain_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    convention = convention_fk(optional=True)
    state = state_fk(optional=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.key} → {', '.join(self.to)} ({self.status})"

    @property
    def message_id(self) -> str:
        from ism.mail import message_id_for

        return message_id_for(self.key)

    @property
    def status_text(self) -> str:
        """The status as staff read it: a mail sent in the end after a try that
        was cut off says that the State may have it twice."""
        if self.status == self.Status.SENT and self.uncertain_attempts:
            return _("Sent — an earlier try was cut off and may also have arrived")
        return self.get_status_display()

    @property
    def delivery_uncertain(self) -> bool:
        return self.status == self.Status.UNCERTAIN or bool(self.uncertain_attempts)


class OutgoingMailAttempt(models.Model):
    """One try to send an outgoing mail, and how far it got.

    The phase is written before each step, so a try whose worker was killed
    still says where it stopped: while connecting nothing was handed over (the
    mail was not delivered); once transmitting, the server may have accepted
    it."""

    class Phase(models.TextChoices):
        CONNECTING = "connecting", _("Connecting to the mail server")
        TRANSMITTING = "transmitting", _("Handing the message over")
        SENT = "sent", _("Accepted by the mail server")
        FAILED = "failed", _("Refused or not reached: not delivered")
        INTERRUPTED = "interrupted", _("Cut off before handing it over: not delivered")
        UNCERTAIN = "uncertain", _("Cut off while handing it over: may have arrived")

    mail = part_of(OutgoingMail, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    phase = models.CharField(max_length=12, choices=Phase.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # Which worker process made the try ("host:pid"), to match the worker's log.
    worker = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["mail", "number"]
        constraints = [unique(["mail", "number"], name="outgoing_mail_attempt_unique")]

    def __str__(self) -> str:
        return f"{self.mail.key} #{self.number}: {self.phase}"


class TranslatedDocument(models.Model):
    """A document rendered in a language other than its own (ism.document_languages):
    a budget's in Arabic, an invoice's in Chinese. The row's own field keeps its
    document in its own language (the budget's in English, the invoice's in the
    State's working language); each other language has one row here, keyed by the
    kind of document, the row it is of and the language, and follows the row's
    revision the same way (ism.stored_documents.store_if_newer)."""

    kind = models.CharField(max_length=40)  # "budget", "invoice", "workplan-table"
    owner_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=7)
    pdf = models.FileField(upload_to="documents/translated/", blank=True)
    pdf_revision = models.PositiveIntegerField(default=0)  # the row's, when rendered

    class Meta:
        constraints = [
            unique(["kind", "owner_id", "language"], name="translated_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.owner_id} ({self.language})"
