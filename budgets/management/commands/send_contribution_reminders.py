"""The contribution reminders job by hand: the same service as the daily task."""

from budgets.contributions.reminders import invoice_reminders_send
from ism.management.reminders import ReminderCommand


class Command(ReminderCommand):
    help = (
        "Queue every contribution reminder due today (each level of the convention's "
        "reminder policy whose date has come, for every unpaid invoice). Safe to run "
        "again: a State is never mailed twice for the same invoice and level."
    )

    send = staticmethod(invoice_reminders_send)

    def write_skipped(self, run):
        for key, reason in run.skipped:
            self.stderr.write(f"not sent {key}: {reason}")
