"""The Celery and outbox settings that keep a killed worker from losing or silently
repeating a mail (issue 15) hold together, as a production process loads them:
late acknowledgement, redelivery when a worker process dies, one message per
process, a broker visibility timeout longer than any task, and an outbox lease
longer than any try to send a mail."""

import pytest

from tests.ism.test_settings import PRODUCTION, SETUP, load_settings, run_python

# Each configuration is read in a process of its own on ISM's settings with a clean
# environment, which the moved clock (tests/clock.py) does not reach, or reads no
# day at all: the same on any day, so CI's pass on the moved clock leaves it out.
pytestmark = pytest.mark.real_day

REDIS = {"REDIS_URL": "redis://redis.example.org:6379/0"}
CONF = (
    "(lambda app, tasks: {"
    "'acks_late': app.conf.task_acks_late,"
    " 'reject_on_worker_lost': app.conf.task_reject_on_worker_lost,"
    " 'prefetch': app.conf.worker_prefetch_multiplier,"
    " 'time_limit': app.conf.task_time_limit,"
    " 'visibility': app.conf.broker_transport_options['visibility_timeout'],"
    " 'send_limit': tasks.outbox_send.time_limit,"
    " 'lease': settings.ISM_MAIL_LEASE.total_seconds(),"
    " 'email_timeout': settings.EMAIL_TIMEOUT})"
    "(__import__('ism').celery_app, __import__('ism.tasks').tasks)"
)
# Celery's retry backoff never waits longer than this (retry_backoff_max); a
# countdown waits in Redis's unacknowledged set too.
RETRY_BACKOFF_MAX = 600


def test_a_task_is_acknowledged_when_done_and_one_is_held_per_process():
    conf = load_settings({**PRODUCTION, **REDIS}, CONF)
    assert conf["acks_late"] is True
    assert conf["reject_on_worker_lost"] is True
    assert conf["prefetch"] == 1


def test_redis_redelivers_only_a_task_that_cannot_still_be_running():
    conf = load_settings({**PRODUCTION, **REDIS}, CONF)
    assert conf["time_limit"] > 0
    assert conf["visibility"] > conf["time_limit"] + RETRY_BACKOFF_MAX


def test_the_outbox_lease_outlasts_any_try_to_send_a_mail():
    conf = load_settings({**PRODUCTION, **REDIS}, CONF)
    assert conf["send_limit"] < conf["lease"]
    assert conf["email_timeout"] < conf["send_limit"]
    # And the sweep does not wait for Redis: the lease is well under its timeout.
    assert conf["lease"] < conf["visibility"]


def test_the_lease_is_set_in_minutes_and_a_lease_shorter_than_a_send_is_refused():
    conf = load_settings({**PRODUCTION, "ISM_MAIL_LEASE_MINUTES": "20"}, CONF)
    assert conf["lease"] == 20 * 60

    result = run_python(SETUP, {**PRODUCTION, "ISM_MAIL_LEASE_MINUTES": "1"})
    assert result.returncode != 0
    assert "ISM_MAIL_LEASE_MINUTES must be longer" in result.stderr
    result = run_python(SETUP, {**PRODUCTION, "ISM_MAIL_LEASE_MINUTES": "soon"})
    assert result.returncode != 0
    assert "ISM_MAIL_LEASE_MINUTES must be an integer" in result.stderr
