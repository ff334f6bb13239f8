"""Test settings: ISM's settings with a test secret, fast hashing and no manifest.

Everything else (DATABASE_URL, REDIS_URL) comes from the environment exactly as in
production, so CI runs the same settings on PostgreSQL and Redis.
"""

import os

os.environ.setdefault("ISM_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("ISM_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("ISM_STATIC_MANIFEST", "0")
os.environ.setdefault("ISM_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ISM_ENVIRONMENT", "test")

from tests.clock import move_clock_from_env

# Before Django reads anything: the whole process lives on ISM_TEST_TODAY, if set.
TEST_TODAY = move_clock_from_env()

from ism.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Test runs must not share files with a developer's database.
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Secure cookies would need HTTPS between the live server and Chromium.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Concurrent test runs on one PostgreSQL server (developers, CI) must not fight
# over one test database name.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_ism_{os.getpid()}"}  # noqa: F405
    # Django's PostgreSQL backend, flushing with DELETE where tables are small
    # (tests/postgresql/base.py): the same server, SQL and transactions.
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
    # A commit does not wait for its WAL to reach the disk (what a test sees is the
    # same; only a crash of the server could lose the last commits of a test
    # database): the suite and load_demo commit tens of thousands of times.
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off"
# No collectstatic in tests: WhiteNoise serves from the finders instead of warning
# that STATIC_ROOT does not exist (warnings are errors here).
WHITENOISE_AUTOREFRESH = True
# The real-worker reminder test (tests/budgets/test_reminders_real_worker.py) starts a
# Celery worker on these settings that writes each mail to a file it then counts.
if os.environ.get("ISM_TEST_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["ISM_TEST_EMAIL_FILE_PATH"]
# The kill-the-worker test (tests/ism/test_outbox_worker_killed.py) starts Celery
# workers on these settings that send by SMTP to its sink on this local port.
if os.environ.get("ISM_TEST_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["ISM_TEST_SMTP_PORT"])
# No worker runs beside the test process: tasks run where they are enqueued (after
# commit), with REDIS_URL set too. Delivery through Redis to a real worker is proved
# by the tests that start one (tests/*/test_reminders_real_worker.py), which send
# through an app of their own.
CELERY_TASK_ALWAYS_EAGER = True
# The suite makes thousands of API requests from one address: throttling is
# proved by tests/ism/test_api_throttle.py with its own low rates, not by accident.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "anon": "1000000/minute",
        "user": "1000000/minute",
        "token": "1000000/minute",
    },
}
# A shared Redis (CI, developers) must not carry one run's cache into another's,
# nor one process's into another's: a prefix of the process's own. The process id
# alone comes round again (pid_max is 32,768 on CI's box) within the five minutes
# an entry may live; the random part does not.
CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}-{os.urandom(4).hex()}"  # noqa: F405
# With the clock moved (ISM_TEST_TODAY), Chromium still lives on the real day: a
# cookie that expires two weeks after a moved-back "now" would be dead on arrival.
# Session-long cookies carry no date at all.
if TEST_TODAY is not None:
    SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    CSRF_COOKIE_AGE = None
