"""The reminders job by hand: the same service as the daily Celery task."""

from ism.management.reminders import ReminderCommand
from reporting.services import reminders_send


class Command(ReminderCommand):
    help = (
        "Queue the Article 7 reminders that fit today (30 days before the due date, "
        "on it, 30 days after) for every report owed and not submitted. Safe to run "
        "again: a State is never mailed twice for the same report and level."
    )

    send = staticmethod(reminders_send)

    def write_skipped(self, run):
        for what in run.no_address:
            self.stderr.write(f"no e-mail address for {what}")
