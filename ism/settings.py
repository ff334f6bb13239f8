"""ISM settings: one module, every value from the environment.

Its readers (ism.env) fail loudly: a typo in an environment variable must stop the
process at start-up, not surface as a wrong default in production.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ism.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------
# DEBUG is off unless asked for: `make run` asks, production never does.
DEBUG = env_bool("ISM_DEBUG", False)
# What the banner says: development, demo, staging, production.
ISM_ENVIRONMENT = env_str("ISM_ENVIRONMENT", "development" if DEBUG else "production")

SECRET_KEY = env_str("ISM_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ISM_SECRET_KEY is required when ISM_DEBUG is off (production)."
        )
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "ISM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ISM_ALLOWED_HOSTS is required when ISM_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("ISM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before the admin, as its documentation asks: the translation columns of what
    # staff type (ism/translated.py, issue 18).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "djmoney",
    "django_htmx",
    "csp",
    "axes",
    "ism",
    "budgets",
    "workplans",
    "meetings",
    "reporting",
]

MIDDLEWARE = [
    # First, so that even an error answer carries the CORS headers a dashboard needs.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ism.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # ETag, Last-Modified and 304 for /api/v1/; before CommonMiddleware, which
    # would give a 304 a Content-Length of 0.
    "ism.api_http.ConditionalApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ism.middleware.UserLanguageMiddleware",
    "ism.middleware.LoginRequiredMiddleware",
    "ism.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns lockouts raised by the backend into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ism.urls"
WSGI_APPLICATION = "ism.wsgi.application"
AUTH_USER_MODEL = "ism.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ism.context_processors.ism",
            ],
        },
    },
]
# Django's form renderer, with the plain widgets written without their templates
# (the same HTML; the budget edit page has ~1,300 of them): ism/form_renderer.py.
FORM_RENDERER = "ism.form_renderer.FormRenderer"

# --- Database ----------------------------------------------------------------
# No DATABASE_URL: an embedded SQLite file. IMMEDIATE transactions make writers take
# the lock at BEGIN, so two writers serialise instead of failing half-way with
# "database is locked" when one upgrades its read lock.
_SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Persistent connections with health checks: a new PostgreSQL connection costs
    # ~8 ms here, which made database pages ~3x slower with CONN_MAX_AGE=0.
    _db = dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("ISM_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db["OPTIONS"] = {**_SQLITE_OPTIONS, **_db.get("OPTIONS", {})}
        _db["CONN_MAX_AGE"] = 0
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "var" / "ism.sqlite3",
        "OPTIONS": _SQLITE_OPTIONS,
    }
DATABASES = {"default": _db}

# --- Cache, Celery -------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# No REDIS_URL: tasks run in-process at the point they are enqueued (which, for
# everything ISM enqueues, is after the transaction commits). With REDIS_URL: a
# Redis broker and real workers, the same code.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
# Acknowledged when run, not when taken: a worker that dies mid-task leaves its
# message unacknowledged, so it is delivered again; every task is safe to run
# twice (see STYLE.md), which makes this safe.
CELERY_TASK_ACKS_LATE = True
# The same when one pool process is killed (out of memory, kill -9) and the worker
# lives on: the message goes back to the queue instead of being marked failed.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message per worker process, mail included (ISM uses one queue): a killed
# worker strands at most one mail per process; none waits behind a long PDF.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The longest task, then its process is killed (prefork). The longest measured:
# a 131-page work plan PDF, ~12 s; a reminder run over 195 States, seconds.
CELERY_TASK_TIME_LIMIT = 30 * 60
# Redis hands an unacknowledged message to another worker after this: longer than
# the longest task plus the longest retry countdown (10 minutes), or a running task
# starts twice. Mail never waits for it: see ISM_MAIL_LEASE.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Zurich"
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "ISM_BEAT_SCHEDULE_FILE", str(BASE_DIR / "var" / "celerybeat-schedule")
)

# --- Authentication ------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("ISM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Whose address a request is (ism.accounts.client_address): X-Forwarded-For is
# believed through this many proxies in front of ISM, and only then. Behind the
# reverse proxy of docker-compose.prod.yml it is 1, so the lock-out keys on each
# client's own address (and account), not the proxy's; the API's throttles count
# by the same number.
BEHIND_PROXY = env_bool("ISM_BEHIND_PROXY", False)
NUM_PROXIES = env_int(
    "ISM_NUM_PROXIES", env_int("ISM_API_NUM_PROXIES", int(BEHIND_PROXY))
)
AXES_CLIENT_IP_CALLABLE = "ism.accounts.client_address"
# Password resets asked for one address, and from one client, in an hour.
ISM_RESET_LIMIT_PER_ADDRESS = env_int("ISM_RESET_LIMIT_PER_ADDRESS", 3)
ISM_RESET_LIMIT_PER_CLIENT = env_int("ISM_RESET_LIMIT_PER_CLIENT", 10)

# --- Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "en"
# The six official languages of the United Nations, the ones States work in with
# the ISUs (issue 18). zh-hans: Simplified Chinese, as the UN prints it.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("zh-hans", _("Chinese")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# What staff type (statements, indicators, budget lines and notes, meeting titles,
# agenda items) carries a column per language next to the original
# (ism/translated.py). The original is the existing column, in English as the ISUs
# write it; a missing translation falls back to it.
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Zurich"
# One date style and the 24-hour clock in every language (ism/formats): templates
# write `|date:"DATE_FORMAT"` / `"DATETIME_FORMAT"`, Python ism.dates.
FORMAT_MODULE_PATH = ["ism.formats"]

# --- Static and uploaded files -------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded and generated files are private: served only through authorised views,
# never under a public MEDIA_URL.
MEDIA_ROOT = Path(env_str("ISM_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("ISM_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Mail ----------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "ISM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("ISM_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ISM_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("ISM_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("ISM_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ISM_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("ISM_DEFAULT_FROM_EMAIL", "ISM <ism@localhost>")
# Seconds one SMTP step waits on the server: a stalled server fails the try.
EMAIL_TIMEOUT = env_int("ISM_EMAIL_TIMEOUT", 30)
# The longest an outbox send's task runs (seconds), then its process is killed.
ISM_MAIL_SEND_TIME_LIMIT = 120
# A mail still "sending" this long after its claim was cut off (worker killed or
# lost): the sweep offers it again (ism.mail). Longer than a try can last.
ISM_MAIL_LEASE = timedelta(minutes=env_int("ISM_MAIL_LEASE_MINUTES", 10))
if ISM_MAIL_LEASE.total_seconds() <= ISM_MAIL_SEND_TIME_LIMIT:
    raise ImproperlyConfigured(
        "ISM_MAIL_LEASE_MINUTES must be longer than a mail's send can last "
        f"({ISM_MAIL_SEND_TIME_LIMIT} s): at least 3."
    )

# --- Security --------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Secure cookies need HTTPS; a local compose stack over plain HTTP turns them off.
SESSION_COOKIE_SECURE = env_bool("ISM_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("ISM_SECURE_SSL_REDIRECT", not DEBUG)
# Probes from inside the container or the orchestrator speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("ISM_HSTS_SECONDS", 31536000)
# A promise for every subdomain and a request to be preloaded in browsers bind the
# whole domain for a year: only when the operator says so.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ISM_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("ISM_HSTS_PRELOAD", False)
# ...so the deploy check's reminders of both (security.W005, W021) are the
# operator's to act on, not warnings ISM could fix by itself.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline scripts or styles anywhere: every script is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- API -------------------------------------------------------------------------
# CORS is closed unless origins are named: ISM_CORS_ORIGINS=https://a.org,https://b.org
# lets those dashboards call /api/v1/ from a browser, with a token, never with cookies.
CORS_ALLOWED_ORIGINS = env_list("ISM_CORS_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Link"]
CORS_PREFLIGHT_MAX_AGE = 3600
REST_FRAMEWORK = {
    # Tokens first: a bad token is a 401 with WWW-Authenticate: Bearer. Sessions
    # serve the browsable API and ISM's own pages.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ism.api_tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # What each client may read is decided by ism.access in every queryset;
    # this only keeps tokens read-only.
    "DEFAULT_PERMISSION_CLASSES": ["ism.api_tokens.ReadOnlyForTokens"],
    "DEFAULT_THROTTLE_CLASSES": ["ism.api_tokens.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("ISM_API_RATE_ANON", "60/minute"),
        "user": env_str("ISM_API_RATE_USER", "300/minute"),
        "token": env_str("ISM_API_RATE_TOKEN", "300/minute"),
    },
    # Anonymous clients are counted by address, through NUM_PROXIES (above).
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "ism.api_browsable.BrowsableAPIRenderer",
        # Last: chosen only when asked for (?format=csv or Accept: text/csv).
        "ism.api_csv.CSVRenderer",
    ],
    # Pages in JSON (?page_size= up to 200); a CSV is the whole table.
    "DEFAULT_PAGINATION_CLASS": "ism.api_csv.Pagination",
    "PAGE_SIZE": 50,
    # ?format=csv (DRF's URL_FORMAT_OVERRIDE) wherever the answer is a table.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "ism.api_csv.ContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": [
        "ism.api_filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "ism.api_csv_schema.AutoSchema",
    "EXCEPTION_HANDLER": "ism.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
# Where this ISM answers, as its users reach it (e.g. https://ism.example.org): the
# API document's server. Empty: the host that serves the document.
ISM_PUBLIC_URL = env_str("ISM_PUBLIC_URL", "")
# Who API clients write to about the API (the document's contact; the address is
# left out until one is set).
ISM_API_CONTACT_NAME = env_str("ISM_API_CONTACT_NAME", "Implementation Support Unit")
ISM_API_CONTACT_EMAIL = env_str("ISM_API_CONTACT_EMAIL", "")

SPECTACULAR_SETTINGS = {
    "TITLE": "ISM API",
    "DESCRIPTION": (
        "Read-only API of the Implementation Support Manager: budgets, "
        "contributions, work plans, meetings and Article 7 reports of the treaty "
        "Implementation Support Units.\n\n"
        "**Who sees what.** Anonymous clients read public data. A *dashboard "
        "token* (made by the convention's ISU staff) reads its convention's public "
        "data and aggregates. A *State token* (made by the State's focal point or "
        "the ISU) reads what that State's focal point reads. Another State's row "
        "is a 404. Tokens are read-only, expire and can be revoked.\n\n"
        "**Try it.** Click *Authorize*, paste the token (`ism_…`, without "
        '"Bearer"), then *Try it out*. Signed in to ISM in this browser, your '
        "session works too.\n\n"
        '**Conventions.** Money is `{"amount": "769221.00", "currency": '
        '"CHF"}`, dates ISO 8601, every error `{"error": {"status", '
        '"code", "detail", "fields"?}}`. Lists take `page`, `page_size` '
        "(≤ 200), `ordering` and their filters; add `?format=csv` for the whole "
        "table as CSV. Answers carry ETag and Last-Modified; send them back for a "
        "304."
    ),
    "VERSION": "1",
    # Tags are the resource after /api/v1/ (budgets, invoices, …), declared with a
    # description in ism/api_schema.py, which also adds servers, contact, typed
    # nullable references, real pagination examples and each GET's 304.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ism.api_schema.postprocess",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Credentials are optional on every operation: anonymous clients read the
    # public data (ism.access), so {} joins the token and the session cookie.
    "SECURITY": [{}],
    # One name per shared choice set, so generated clients get one enum.
    # Every app has "kind" and "status" fields: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "UNLanguageEnum": "meetings.models.documents.UN_LANGUAGES",
        "ParticipationStatusEnum": "ism.models.Participation.Status",
        "CommitteeKindEnum": "ism.models.Committee.Kind",
        "OutgoingMailStatusEnum": "ism.models.OutgoingMail.Status",
        "BudgetStatusEnum": "budgets.models.Budget.Status",
        "BudgetNoteKindEnum": "budgets.models.BudgetNote.Kind",
        "FundKindEnum": "budgets.models.Fund.Kind",
        "FundMovementKindEnum": "budgets.models.FundMovement.Kind",
        "WorkPlanKindEnum": "workplans.models.WorkPlan.Kind",
        "WorkPlanStatusEnum": "workplans.models.WorkPlan.Status",
        "MeetingStatusEnum": "meetings.models.meeting.Meeting.Status",
        "DocumentFileKindEnum": "meetings.models.documents.DocumentFile.Kind",
        "SponsorshipApplicationStatusEnum": (
            "meetings.models.sponsorship.SponsorshipApplication.Status"
        ),
    },
}

# --- Money -----------------------------------------------------------------------
# Conventions' base currencies and the currencies States pay in.
CURRENCIES = ("CHF", "USD", "EUR", "GBP", "JPY", "SEK", "NOK", "DKK", "CAD", "AUD")
# Never convert silently: an amount in another currency is an error, not a guess.
AUTO_CONVERT_MONEY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ISM_LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
