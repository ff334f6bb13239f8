"""The skeleton both reminder commands share (send_contribution_reminders,
send_article7_reminders): the same options, the same way of reading them, the
same service as the daily task, the same report of what was queued."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ism.models import Convention
from ism.reminders import ReminderRun


class ReminderCommand(BaseCommand):
    """Subclasses give `help`, `send` (the service itself, as the daily task calls
    it: `send = staticmethod(service)`, taking today= and convention=) and how a
    reminder that could not be sent is told (`write_skipped`)."""

    def send(self, *, today: dt.date, convention: Convention | None) -> ReminderRun:
        raise NotImplementedError

    def write_skipped(self, run: ReminderRun) -> None:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--convention", help="Only this convention (code, e.g. APMBC)."
        )
        parser.add_argument(
            "--date",
            help="Act as if today were this day (YYYY-MM-DD), e.g. to catch up.",
        )

    def handle(self, *args, **options):
        convention = None
        if options["convention"]:
            try:
                convention = Convention.objects.get(code=options["convention"].upper())
            except Convention.DoesNotExist:
                raise CommandError(
                    f"No convention {options['convention']!r}."
                ) from None
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date takes YYYY-MM-DD.") from None
        run = self.send(today=today, convention=convention)
        for key in run.queued:
            self.stdout.write(f"queued {key}")
        self.write_skipped(run)
        self.stdout.write(self.style.SUCCESS(run.summary()))
