"""The to-do list by e-mail (issue #19): each user who switched it on receives the
list of their home page (ism.todo) every morning, or every Monday morning.

The list is the home page's, read for the user on the day by the same function, so
the mail and the page never disagree. Each digest is an outbox mail (ism.mail)
under the key `todo-digest:<user>:<day>`: beat running twice, or a run by hand
after beat's, sends nothing twice; each is committed on its own, so a run that dies
half-way leaves the rest to the next run. A day with nothing to do sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ism.audit import audit_record
from ism.dates import long_date
from ism.mail import mail_enqueue
from ism.models import User

logger = logging.getLogger(__name__)

Digest = User.Digest


def site_url(path: str) -> str:
    """`path` as a link a mail can carry: behind ISM_PUBLIC_URL where it is set
    (where users reach ISM); else the path alone, which the mail says is ISM's."""
    return settings.ISM_PUBLIC_URL.rstrip("/") + path


@transaction.atomic
def user_digest_set(*, user: User, digest: str, actor) -> User:
    """A user chooses how often their to-do list comes by e-mail. Only the user
    themself: a preference of someone's own mailbox."""
    from django.core.exceptions import PermissionDenied

    if actor is None or actor.pk != user.pk:
        raise PermissionDenied("Only the user chooses their own e-mail digest.")
    if digest not in Digest.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"todo_digest": _("Choose one of the options.")})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.todo_digest != digest:
        changes = {"todo_digest": [user.todo_digest, digest]}
        user.todo_digest = digest
        user.save(update_fields=["todo_digest"])
        audit_record(actor=actor, verb="digest changed", obj=user, changes=changes)
    return user


def due_on(today: dt.date) -> list[str]:
    """The digests sent on `today`: the daily one, and on Mondays the weekly."""
    return [Digest.DAILY, Digest.WEEKLY] if today.weekday() == 0 else [Digest.DAILY]


@dataclass
class DigestRun:
    queued: list[int] = field(default_factory=list)  # users mailed
    empty: list[int] = field(default_factory=list)  # nothing to do today
    already: list[int] = field(default_factory=list)  # mailed before today's run
    no_address: list[int] = field(default_factory=list)  # asked, but no e-mail


def todo_digests_send(*, today: dt.date) -> DigestRun:
    """Queue today's digest for every active user who asked for it and has an
    address. A few queries per user (the to-do list's): a daily job over the
    handful of people an ISU works with, not a request."""
    from ism.todo import todo_for

    run = DigestRun()
    users = User.objects.filter(is_active=True, todo_digest__in=due_on(today))
    for user in users.order_by("pk"):
        if not user.email:
            # The digest page tells the user; the run's log tells the ISU.
            run.no_address.append(user.pk)
            continue
        items = todo_for(user, today)
        if not items:
            run.empty.append(user.pk)
            continue
        subject, body = _message(user, items, today)
        with transaction.atomic():
            _, created = mail_enqueue(
                key=f"todo-digest:{user.pk}:{today.isoformat()}",
                to=[user.email],
                subject=subject,
                body=body,
            )
        (run.queued if created else run.already).append(user.pk)
    logger.info(
        "to-do digests of %s: %d queued, %d with nothing to do, %d sent before, "
        "%d without an address (users %s)",
        today,
        len(run.queued),
        len(run.empty),
        len(run.already),
        len(run.no_address),
        run.no_address,
    )
    return run


def _message(user: User, items, today: dt.date) -> tuple[str, str]:
    """(subject, body): the home page's list in words, each item with its link,
    in the language the user chose for ISM (else ISM's default)."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        count = len(items)
        subject = translation.ngettext(
            "ISM: %(count)d thing to do (%(day)s)",
            "ISM: %(count)d things to do (%(day)s)",
            count,
        ) % {"count": count, "day": long_date(today)}
        lines = [
            _("Good morning, %(name)s.") % {"name": user},
            "",
            _("Your list of things to do in ISM on %(day)s:")
            % {"day": long_date(today)},
        ]
        group = None
        for item in items:
            if item.group != group:
                group = item.group
                lines += ["", item.group_label]
            when = ""
            if item.due is not None:
                day = long_date(item.due)
                late = item.overdue_on(today)
                when = (_(" — was due %(day)s") if late else _(" — by %(day)s")) % {
                    "day": day
                }
            lines += [f"- {item.text}{when}", f"  {site_url(item.url)}"]
        lines += [
            "",
            _("To change how often this list comes, or to stop it: %(url)s")
            % {"url": site_url(reverse("todo-digest"))},
        ]
    return str(subject), "\n".join(lines)
