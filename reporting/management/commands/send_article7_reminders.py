"""The reminders job by hand: the same service as the daily Celery task."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ism.models import Convention
from reporting.services import reminders_send


class Command(BaseCommand):
    help = (
        "Queue the Article 7 reminders that fit today (30 days before the due date, "
        "on it, 30 days after) for every report owed and not submitted. Safe to run "
        "again: a State is never mailed twice for the same report and level."
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
        run = reminders_send(today=today, convention=convention)
        for key in run.queued:
            self.stdout.write(f"queued {key}")
        for what in run.no_address:
            self.stderr.write(f"no e-mail address for {what}")
        self.stdout.write(self.style.SUCCESS(run.summary()))
