"""Reminders of what a State owes, through the outbox.

A convention's ReminderPolicy has levels counted from an invoice's due date (by
default 30 days before it, on it, 30 and 90 days after), each with its own wording:
notes verbales from the ISU first, then a letter from the President. The wording is
taken in the invoice's language (copied from the State's working language at
issue) where the level has it, else in English.

One service behind the daily Celery task, the `send_contribution_reminders` command
and staff's button: for every issued invoice that is not cancelled and not fully
settled, each level whose date has come is one OutgoingMail under the key
"invoice:<invoice id>:reminder:<level id>", sent to the State's recipients. The
run itself — the outbox's unique key, one commit per mail, who receives it — is
ism.reminders', shared with the Article 7 reminders; a level whose date has passed
stays due until it is sent or the invoice is paid.

A level whose date fell on or before the invoice's issue date is not sent: the
invoice itself was the notice (an invoice issued 20 days before its due date gets
no "30 days before" note).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from budgets.contributions.reminder_wording import DEFAULT_LEVELS
from budgets.contributions.selectors import LIVE, settled_annotation
from budgets.models import (
    Invoice,
    InvoiceReminder,
    ReminderLevel,
    ReminderPolicy,
)
from ism.access import require_manage
from ism.audit import audit_record
from ism.mail import mail_enqueue
from ism.models import Convention, OutgoingMail
from ism.models.vocabulary import in_language
from ism.reminders import (
    Due,
    ReminderRun,
    recipients_for,
    reminders_run,
    reminders_unsent,
)

# --- What is owed ------------------------------------------------------------------


def unpaid_invoices(convention: Convention | None = None) -> list[Invoice]:
    """Issued invoices, not cancelled, with something still owed on them, by the
    selectors' one definition of what settled an invoice (one query for any
    number). Unscoped: the reminder job acts for the system."""
    queryset = (
        Invoice.objects.filter(LIVE)
        .select_related("convention", "state")
        .annotate(settled=settled_annotation())
    )
    if convention is not None:
        queryset = queryset.filter(convention=convention)
    return [
        invoice
        for invoice in queryset.order_by("convention_id", "sequence")
        if invoice.outstanding_amount > 0
    ]


# --- When and what -------------------------------------------------------------------


def level_date(invoice: Invoice, level: ReminderLevel) -> dt.date:
    return invoice.due_date + dt.timedelta(days=level.offset_days)


def level_is_due(invoice: Invoice, level: ReminderLevel, today: dt.date) -> bool:
    """The level's day has come, and came after the invoice was issued."""
    day = level_date(invoice, level)
    return invoice.issue_date < day <= today


def reminder_key(invoice: Invoice, level: ReminderLevel) -> str:
    return f"invoice:{invoice.pk}:reminder:{level.pk}"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill_in(text: str, values: dict[str, str]) -> str:
    """Replace {state}, {number}, ... in staff-written wording. A plain lookup, not
    str.format: the text is typed by users and must not reach attributes."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def wording_values(invoice: Invoice, language: str) -> dict[str, str]:
    from budgets.contributions.documents import long_date, money_text

    currency = str(invoice.amount.currency)
    return {
        "state": invoice.state.name,
        "recipient": invoice.recipient_name or invoice.state.name,
        "convention": invoice.convention.code,
        "number": invoice.number or "",
        "year": str(invoice.year),
        "amount": money_text(invoice.amount.amount, currency, language),
        "outstanding": money_text(invoice.outstanding_amount, currency, language),
        "due_date": long_date(invoice.due_date, language),
        "issue_date": long_date(invoice.issue_date, language),
        # The convention's own words (issue 17): "of the High Contracting Parties".
        "of_parties": in_language(invoice.convention, "party_of", language),
    }


def reminder_message(invoice: Invoice, level: ReminderLevel) -> tuple[str, str]:
    """(subject, body) in the invoice's language where the level has it."""
    from budgets.contributions.documents import document_language

    language = document_language(invoice.language)
    subject, body = level.wording(language)
    if (subject, body) == (level.subject_en, level.body_en):
        language = "en"  # the fallback: dates and figures in English too
    values = wording_values(invoice, language)
    return fill_in(subject, values), fill_in(body, values)


# --- The job ------------------------------------------------------------------------


def _due_levels(convention: Convention, today: dt.date) -> list:
    """(invoice, level) for every level of the convention's active policy whose day
    has come, for every unpaid invoice."""
    policy = (
        ReminderPolicy.objects.filter(convention=convention, active=True)
        .prefetch_related("levels")
        .first()
    )
    if policy is None:
        return []
    levels = list(policy.levels.all())
    return [
        (invoice, level)
        for invoice in unpaid_invoices(convention)
        for level in levels
        if level_is_due(invoice, level, today)
    ]


class ContributionReminders:
    """The contribution reminders' kind for ism.reminders.reminders_run."""

    audit_verb = "contribution reminders sent"
    summary_text = gettext_noop(
        "%(queued)s reminders queued, %(already)s sent before, %(skipped)s not sent."
    )

    def conventions(self, convention: Convention | None):
        conventions = Convention.objects.filter(reminder_policy__active=True)
        if convention is not None:
            conventions = conventions.filter(pk=convention.pk)
        return conventions.order_by("pk")

    def due(self, convention: Convention, today: dt.date) -> list[Due]:
        return [
            Due(
                key=reminder_key(invoice, level),
                state=invoice.state,
                label=reminder_key(invoice, level),
                about=(invoice, level),
            )
            for invoice, level in _due_levels(convention, today)
        ]

    def message(self, due: Due, convention: Convention) -> tuple[str, str]:
        return reminder_message(*due.about)

    def queued(self, due: Due, mail: OutgoingMail) -> None:
        invoice, level = due.about
        InvoiceReminder.objects.create(invoice=invoice, level=level, mail=mail)


def invoice_reminders_send(
    *, today: dt.date, convention: Convention | None = None, actor=None
) -> ReminderRun:
    """Queue every reminder due on `today` (see the module's docstring). Safe to run
    any number of times, also concurrently."""
    return reminders_run(
        ContributionReminders(), today=today, convention=convention, actor=actor
    )


@dataclass
class PendingReminder:
    invoice: Invoice
    level: ReminderLevel
    date: dt.date
    reason: str


def reminders_pending(*, convention: Convention, today: dt.date) -> list:
    """Levels due on `today` that are not in the outbox, with why: what the next
    run will send, and what it cannot (no e-mail address)."""
    _in_outbox, unsent = reminders_unsent(ContributionReminders(), convention, today)
    pending = []
    for reminder in unsent:
        invoice, level = reminder.due.about
        reason = _("queued by the next daily run") if reminder.to else reminder.reason
        pending.append(
            PendingReminder(invoice, level, level_date(invoice, level), reason)
        )
    return pending


# --- By hand -------------------------------------------------------------------------


def latest_due_level(invoice: Invoice, today: dt.date) -> ReminderLevel | None:
    """The level whose wording fits today: the last one whose day has come, else
    the first."""
    policy = ReminderPolicy.objects.filter(convention_id=invoice.convention_id).first()
    if policy is None:
        return None
    levels = list(policy.levels.order_by("offset_days"))
    due = [level for level in levels if level_date(invoice, level) <= today]
    return due[-1] if due else (levels[0] if levels else None)


def invoice_reminder_send_manual(
    *, invoice: Invoice, actor, level: ReminderLevel | None = None
) -> InvoiceReminder:
    """Staff send a reminder now, with a level's wording (by default the one that
    fits today). The key carries the minute, so a double click sends one mail."""
    require_manage(actor, invoice.convention)
    if not invoice.is_issued or invoice.cancelled or invoice.is_cancellation:
        raise ValidationError(_("Only an issued invoice that is not cancelled."))
    if invoice.outstanding_amount <= 0:
        raise ValidationError(_("Nothing is owed on this invoice."))
    now = timezone.now()
    if level is None:
        level = latest_due_level(invoice, timezone.localdate(now))
    elif level.policy.convention_id != invoice.convention_id:
        raise ValidationError({"level": _("Not a level of this convention.")})
    if level is None:
        raise ValidationError(
            _("This convention has no reminder policy: there is no wording to send.")
        )
    to = recipients_for(invoice.state_id, invoice.convention_id)
    if not to:
        raise ValidationError(
            _(
                "No e-mail address is recorded for %(state)s: add one to its "
                "contact details first."
            )
            % {"state": invoice.state.name}
        )
    subject, body = reminder_message(invoice, level)
    key = f"invoice:{invoice.pk}:manual:{now:%Y%m%dT%H%M}"
    with transaction.atomic():
        mail, created = mail_enqueue(
            key=key,
            to=to,
            subject=subject,
            body=body,
            convention=invoice.convention,
            state=invoice.state,
        )
        if not created:
            raise ValidationError(
                _("A reminder for this invoice was sent by hand a moment ago.")
            )
        reminder = InvoiceReminder.objects.create(
            invoice=invoice, level=None, mail=mail, sent_by=actor
        )
        audit_record(
            actor=actor,
            verb="reminder sent by hand",
            obj=invoice,
            changes={
                "reminder": [None, f"{level.name}: {subject}"],
                "to": [None, ", ".join(to)],
            },
        )
    return reminder


def reminders_sent(*, user, convention: Convention) -> QuerySet[OutgoingMail]:
    """The reminder mails of a convention, newest first, as the user may see them."""
    from ism.access import visible

    return (
        visible(user, OutgoingMail.objects.filter(convention=convention))
        .filter(Q(key__startswith="invoice:"))
        .select_related("state", "invoice_reminder__invoice", "invoice_reminder__level")
        .select_related("invoice_reminder__sent_by")
        .order_by("-created_at", "-pk")
    )


# --- Demo and default policy -----------------------------------------------------


def load_reminder_policies() -> int:
    """A default policy for every convention that has none, with the four default
    levels in the six languages. Levels staff have changed are left as they are;
    a default level still in its default English gains the languages it lacks.
    Returns the number of levels created."""
    created = 0
    for convention in Convention.objects.all():
        policy, _new = ReminderPolicy.objects.get_or_create(convention=convention)
        have = {level.level: level for level in policy.levels.all()}
        for spec in DEFAULT_LEVELS:
            level = have.get(spec["level"])
            if level is None:
                ReminderLevel.objects.create(policy=policy, **spec)
                created += 1
            elif level.body_en == spec["body_en"]:
                _add_missing_languages(level, spec)
    return created


def _add_missing_languages(level: ReminderLevel, spec: dict) -> None:
    missing = {
        name: text
        for name, text in spec.items()
        if name.startswith(("subject_", "body_")) and not getattr(level, name)
    }
    if missing:
        ReminderLevel.objects.filter(pk=level.pk).update(**missing)
