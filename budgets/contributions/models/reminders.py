"""Reminders of what a State owes: the policy per convention, its levels with
their wording per language, and the reminders sent (linked to the outbox)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgets.contributions.models.invoices import Invoice
from ism.constraints import unique
from ism.fields import optional_fk, part_of, user_fk
from ism.models import Convention, OutgoingMail

# --- Reminders -------------------------------------------------------------------


class ReminderPolicy(models.Model):
    """When and how a convention reminds States of what they owe."""

    convention = models.OneToOneField(
        Convention, on_delete=models.CASCADE, related_name="reminder_policy"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name_plural = _("reminder policies")

    def __str__(self) -> str:
        return f"{self.convention} reminder policy"


class ReminderLevel(models.Model):
    """One step of the policy: e.g. a note verbale 30 days before the due date,
    later a letter from the President. Wording per language; English is the
    fallback and is required."""

    policy = part_of(ReminderPolicy, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"))
    offset_days = models.SmallIntegerField(
        _("days from the due date"),
        help_text=_("Negative before the due date: -30, 0, 30, 90."),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. note verbale"))
    subject_en = models.CharField(_("subject (English)"), max_length=300)
    body_en = models.TextField(_("text (English)"))
    subject_fr = models.CharField(_("subject (French)"), max_length=300, blank=True)
    body_fr = models.TextField(_("text (French)"), blank=True)
    subject_es = models.CharField(_("subject (Spanish)"), max_length=300, blank=True)
    body_es = models.TextField(_("text (Spanish)"), blank=True)
    subject_zh_hans = models.CharField(
        _("subject (Chinese)"), max_length=300, blank=True
    )
    body_zh_hans = models.TextField(_("text (Chinese)"), blank=True)
    subject_ru = models.CharField(_("subject (Russian)"), max_length=300, blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    subject_ar = models.CharField(_("subject (Arabic)"), max_length=300, blank=True)
    body_ar = models.TextField(_("text (Arabic)"), blank=True)

    class Meta:
        ordering = ["policy", "level"]
        constraints = [
            unique(["policy", "level"], name="reminder_level_unique"),
            unique(["policy", "offset_days"], name="reminder_offset_unique"),
            models.CheckConstraint(
                condition=~Q(subject_en="") & ~Q(body_en=""),
                name="reminder_level_has_english",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level}. {self.name} ({self.offset_days:+d} days)"

    def wording(self, language: str) -> tuple[str, str]:
        """(subject, body) in `language` when both exist, else English."""
        field = language.replace("-", "_")  # zh-hans: subject_zh_hans
        subject = getattr(self, f"subject_{field}", "") or ""
        body = getattr(self, f"body_{field}", "") or ""
        if subject and body:
            return subject, body
        return self.subject_en, self.body_en


class InvoiceReminder(models.Model):
    """A reminder about one invoice, linked to the mail in the outbox. One per
    invoice and level (a job run twice finds it); a reminder sent by hand has
    no level and may be sent again."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="reminders"
    )
    level = optional_fk(ReminderLevel)
    mail = models.OneToOneField(
        OutgoingMail, on_delete=models.PROTECT, related_name="invoice_reminder"
    )
    sent_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            unique(
                ["invoice", "level"],
                condition=Q(level__isnull=False),
                name="invoice_reminder_once_per_level",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder {self.level or 'by hand'} for {self.invoice}"


# --- Who sees what (the policy itself is ism.access) ----------------------------------
from ism.access import Scope, register  # noqa: E402

register(ReminderPolicy, Scope())
register(ReminderLevel, Scope(convention="policy__convention"))
register(
    InvoiceReminder,
    Scope(convention="invoice__convention", state="invoice__state"),
)
