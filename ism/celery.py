"""The Celery app and every periodic schedule, in one place."""

import gc
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ism.settings")

app = Celery("ism")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery's Django fix-up closes the database connection around every task unless
# this is set: one-row tasks ran at 130/s that way and 540/s reusing connections.
# Django's own CONN_MAX_AGE + health checks still retire stale connections.
app.conf.CELERY_DB_REUSE_MAX = 1000
# A worker process grows with every PDF it renders (~26 KB a render, WeasyPrint's
# own caches: bare WeasyPrint grows the same), so it is replaced after a number of
# tasks, before the growth matters: 500 renders are ~13 MB, and a new process
# costs one WeasyPrint import (~0.6 s), ~1 ms a task. A process that a large
# document (a 131-page work plan takes ~250 MB) leaves above 400 MB resident is
# replaced after that task too (the limit is in KiB; a running task is never cut).
app.conf.worker_max_tasks_per_child = 500
app.conf.worker_max_memory_per_child = 400_000
app.autodiscover_tasks()


@worker_process_init.connect
def _freeze_start_up(**_kwargs) -> None:
    """What a worker process holds once started (Django, the apps, the models,
    Celery, the tasks' modules: ~190,000 objects) lives as long as the process:
    kept out of the collector's full passes, as ism/wsgi.py does for gunicorn.
    Unfrozen, a render task's garbage collections walked all of it again and
    again: about a fifth of a budget document's CPU in a process that loaded
    Django, a third of that frozen (bench/README.md, celery.assessment)."""
    gc.freeze()


# Every periodic job ISM runs. Each task is safe to run twice: beat running it again
# (or two beats by mistake) never repeats a side effect.
app.conf.beat_schedule = {
    # The to-do list by e-mail (ism.digest), before the working day; the outbox key
    # makes a second run the same day send nothing again.
    "todo-digests-send": {
        "task": "ism.tasks.todo_digests_send",
        "schedule": crontab(hour=6, minute=45),
    },
    "outbox-send-pending": {
        "task": "ism.tasks.outbox_send_pending",
        "schedule": crontab(minute="*/5"),
    },
    # Article 7 reminders (30 days before the due date, on it, 30 days after):
    # once a day; the outbox key makes a second run send nothing again.
    "article7-reminders": {
        "task": "reporting.tasks.article7_reminders_send",
        "schedule": crontab(hour=7, minute=15),
    },
    # Contribution reminders (each level of the convention's policy, e.g. 30 days
    # before the due date, on it, 30 and 90 days after): once a day; the outbox key
    # (invoice + level) makes a second run send nothing again.
    "contribution-reminders": {
        "task": "budgets.tasks.invoice_reminders_send",
        "schedule": crontab(hour=7, minute=30),
    },
}
