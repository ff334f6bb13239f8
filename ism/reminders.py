"""Reminders to States, whatever they are about: who receives them, and the run that
queues the ones due on a day.

Two kinds run on this engine: contribution reminders (budgets.contributions.reminders,
one per unpaid invoice and level of the convention's policy) and Article 7 reminders
(reporting.services.reminders, one per report owed and level). A kind says what is due
on `today`, under which outbox key, and in which words; the engine does the rest the
same way for both:

* the mail goes to `recipients_for(state, convention)` — one rule for every mail
  to a State;
* each reminder is an OutgoingMail row under its key (ism.mail): running the job
  twice, by beat and by hand, or from two workers at once, never mails a State
  twice for the same thing and level — the outbox's unique key decides;
* each mail is committed on its own, so a run that dies half-way leaves the rest
  for the next run, which skips nothing;
* a State the ISU cannot write to is reported (the run's `skipped`, the log) and
  nothing is stored for it: once an address exists, the next run sends.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.access import require_manage
from ism.audit import audit_record
from ism.mail import mail_enqueue
from ism.models import (
    Convention,
    OutgoingMail,
    Role,
    RoleAssignment,
    State,
    StateContact,
)

logger = logging.getLogger(__name__)


# --- Who receives a State's mail ----------------------------------------------------


def reminder_day(day: str | None) -> dt.date:
    """The day a daily run acts on: today, or `day` (YYYY-MM-DD) to catch up."""
    return dt.date.fromisoformat(day) if day else timezone.localdate()


def recipients_by_state(convention: Convention | int) -> dict[int, list[str]]:
    """{state id: addresses} for mail to States about `convention`: the addresses of
    the State's contact for the convention (where it keeps its Permanent Mission's
    desk), else, when it has no contact or the contact has no address, the own
    addresses of its active focal points for the convention — the people the State
    named to deal with the ISU, who read the same invoices and reports in ISM. A
    State with neither receives nothing and is reported. Two queries."""
    contacts: dict[int, list[str]] = defaultdict(list)
    for contact in StateContact.objects.filter(convention=convention):
        contacts[contact.state_id].extend(contact.email_list)
    focal_points: dict[int, list[str]] = defaultdict(list)
    for state_id, email in RoleAssignment.objects.filter(
        role=Role.FOCAL_POINT, convention=convention, user__is_active=True
    ).values_list("state_id", "user__email"):
        if email:
            focal_points[state_id].append(email)
    out = {state: sorted(set(emails)) for state, emails in focal_points.items()}
    out.update(
        {state: sorted(set(emails)) for state, emails in contacts.items() if emails}
    )
    return out


def working_language(state: State, contact: StateContact | None) -> str:
    """The language the ISU writes to `state` in about the convention `contact`
    is for: the one the State's contact names (its focal point or the ISU set it
    for this convention), else the State's usual one. One of the six UN
    languages; invoices copy it at issue, statements and reminders read it."""
    return (contact.working_language if contact else "") or state.working_language


def working_language_for(state: State, convention: Convention | int) -> str:
    """working_language, looking the State's contact for `convention` up."""
    contact = StateContact.objects.filter(state=state, convention=convention).first()
    return working_language(state, contact)


def recipients_for(state: State | int, convention: Convention | int) -> list[str]:
    """The addresses a mail to `state` about `convention` goes to (see
    recipients_by_state); empty when the ISU has no way to write to it."""
    state_id = state if isinstance(state, int) else state.pk
    return recipients_by_state(convention).get(state_id, [])


# --- The run --------------------------------------------------------------------------


@dataclass
class Due:
    """One reminder due on the run's day: its outbox key, the State it goes to,
    how the run names it when it cannot be sent, and what the kind needs to word
    it (the invoice and level, the report owed and level)."""

    key: str
    state: State
    label: str
    about: Any = None


class ReminderKind(Protocol):
    audit_verb: str
    # Marked with gettext_noop; may use %(queued)s, %(already)s, %(skipped)s (or
    # its older name %(missing)s).
    summary_text: str

    def conventions(self, convention: Convention | None) -> Iterable[Convention]: ...

    def due(self, convention: Convention, today: dt.date) -> list[Due]: ...

    def message(self, due: Due, convention: Convention) -> tuple[str, str]: ...

    def queued(self, due: Due, mail: OutgoingMail) -> None: ...


@dataclass
class ReminderRun:
    today: dt.date
    summary_text: str = ""
    queued: list[str] = field(default_factory=list)  # keys created by this run
    already: list[str] = field(default_factory=list)  # keys in the outbox before
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (key, reason)
    no_address: list[str] = field(default_factory=list)  # labels of `skipped`

    def summary(self) -> str:
        return _(self.summary_text) % {
            "queued": len(self.queued),
            "already": len(self.already),
            "skipped": len(self.skipped),
            "missing": len(self.skipped),
        }


def reminders_run(
    kind: ReminderKind,
    *,
    today: dt.date,
    convention: Convention | None = None,
    actor=None,
) -> ReminderRun:
    """Queue every reminder of `kind` due on `today` that is not in the outbox yet
    (see the module's docstring). Safe to run any number of times, also at once.
    With an `actor` (staff's button), they must manage the convention, and the
    run is audited on it."""
    if actor is not None and convention is not None:
        require_manage(actor, convention)
    run = ReminderRun(today=today, summary_text=kind.summary_text)
    for conv in kind.conventions(convention):
        queued_before = len(run.queued)
        _run_convention(kind, conv, today, run)
        queued = len(run.queued) - queued_before
        if actor is not None and queued:
            with transaction.atomic():
                audit_record(
                    actor=actor,
                    verb=kind.audit_verb,
                    obj=conv,
                    changes={"reminders": [None, queued]},
                )
    return run


@dataclass
class Unsent:
    """A reminder due and not in the outbox, with the addresses it goes to (empty:
    the ISU has no way to write to the State, `reason` says so)."""

    due: Due
    to: list[str]

    @property
    def reason(self) -> str:
        return _("no e-mail address recorded for %(state)s") % {
            "state": self.due.state.name
        }


def reminders_unsent(
    kind: ReminderKind, convention: Convention, today: dt.date
) -> tuple[list[str], list[Unsent]]:
    """What a run of `kind` on `today` finds: the keys of the reminders due that are
    in the outbox already, and the others, which it sends (staff's pages show them
    as what the next run will send). Three queries besides the kind's."""
    planned = {due.key: due for due in kind.due(convention, today)}
    if not planned:
        return [], []
    existing = set(
        OutgoingMail.objects.filter(key__in=list(planned)).values_list("key", flat=True)
    )
    addresses = recipients_by_state(convention)
    unsent = [
        Unsent(due, addresses.get(due.state.pk, []))
        for key, due in planned.items()
        if key not in existing
    ]
    return [key for key in planned if key in existing], unsent


def _run_convention(kind: ReminderKind, convention, today, run: ReminderRun) -> None:
    already, unsent = reminders_unsent(kind, convention, today)
    run.already.extend(already)
    for reminder in unsent:
        due, key = reminder.due, reminder.due.key
        if not reminder.to:
            # Recorded in the run (the commands print it) and in the log; the
            # staff's pages show it until an address exists.
            logger.warning("reminder %s not sent: %s", key, reminder.reason)
            run.skipped.append((key, reminder.reason))
            run.no_address.append(due.label)
            continue
        subject, body = kind.message(due, convention)
        with transaction.atomic():
            mail, created = mail_enqueue(
                key=key,
                to=reminder.to,
                subject=subject,
                body=body,
                convention=convention,
                state=due.state,
            )
            if created:
                kind.queued(due, mail)
        (run.queued if created else run.already).append(key)
