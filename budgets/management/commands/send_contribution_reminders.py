"""The contribution reminders job by hand: the same service as the daily task."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from budgets.reminders import invoice_reminders_send
from ism.models import Convention


class Command(BaseCommand):
    help = (
        "Queue every contribution reminder due today (each level of the convention's "
        "reminder policy whose date has come, for every unpaid invoice). Safe to run "
        "again: a State is never mailed twice for the same invoice and level."
    )

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
        run = invoice_reminders_send(today=today, convention=convention)
        for key in run.queued:
            self.stdout.write(f"queued {key}")
        for key, reason in run.skipped:
            self.stderr.write(f"not sent {key}: {reason}")
        self.stdout.write(self.style.SUCCESS(run.summary()))
