"""EduGuard settings: one module, configured by environment variables (docs/configuration.md).

With nothing set it runs on SQLite with background jobs inline; DATABASE_URL and
CELERY_BROKER_URL switch the same code to PostgreSQL and Redis/Celery.
"""

import datetime as dt
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

from eduguard.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("EDUGUARD_DATA_DIR", str(BASE_DIR.parent / "var")))

DEBUG = env_bool("DEBUG", False)
# Under pytest the fast password hasher is used; EDUGUARD_TESTING forces it elsewhere.
TESTING = env_bool("EDUGUARD_TESTING", "pytest" in sys.modules)

# A development default keeps `make run` a one-liner; production must set its own.
_DEV_SECRET = "dev-insecure-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET)
# Field encryption key (ID numbers, phones, addresses). Derived keys: see eduguard/core/crypto.py.
EDUGUARD_FIELD_KEY = env_str("EDUGUARD_FIELD_KEY", "dev-insecure-field-key-change-me")
_dev_keys = SECRET_KEY == _DEV_SECRET or EDUGUARD_FIELD_KEY.startswith("dev-insecure")
if env_bool("EDUGUARD_REQUIRE_SECRETS", False) and _dev_keys:
    raise ImproperlyConfigured("SECRET_KEY and EDUGUARD_FIELD_KEY must be set in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",  # log-in lock-out (eduguard/accounts/lockout.py)
    "django_htmx",
    "eduguard.core",
    "eduguard.accounts",
    "eduguard.audit",
    "eduguard.org",
    "eduguard.health",
    "eduguard.screening",
    "eduguard.campus",
    "eduguard.response",
    "eduguard.command",  # before inspection: its demo step sets up the task forces the checklist asks for
    "eduguard.inspection",
    "eduguard.logistics",
    "eduguard.supplies",
    "eduguard.teaching",
    "eduguard.outreach",
    "eduguard.concerns",
    "eduguard.counselling",
    "eduguard.retention",
    "eduguard.briefing",
    "eduguard.notify",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "eduguard.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "eduguard.audit.middleware.RequestIdMiddleware",
    # Last, so it sees the log-in view's answer and turns a lock-out into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eduguard.urls"
WSGI_APPLICATION = "eduguard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'eduguard.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside one writer; busy timeout rides out short write locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
# The daily report's hot statements are prepared on the PostgreSQL server (core.prepared);
# switch off behind a pooler in transaction mode that cannot keep prepared statements.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_PREPARED_STATEMENTS:
    # psycopg prepares nothing when the threshold is None (Django's default). Django's own
    # cursors bind on the client and are never prepared; with a threshold no statement
    # reaches, only those that ask (core.prepared.hot_cursor) are.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 2**31 - 1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "org:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Axes first: it refuses a locked-out user name and address before the password is checked.
# It needs the request, so code that authenticates passes one (tests: Client.force_login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it; collectstatic is optional
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from the app directories, so a bureau server needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ROSTER_UPLOAD_MAX_BYTES = env_int("ROSTER_UPLOAD_MAX_BYTES", 64 * 1024 * 1024)
# Roster import (docs/performance.md): a file of at least this many rows is checked by this many
# forked worker processes (1 = always in the importing process).
EDUGUARD_ROSTER_PARALLEL_ROWS = env_int("EDUGUARD_ROSTER_PARALLEL_ROWS", 20_000)
EDUGUARD_ROSTER_WORKERS = env_int("EDUGUARD_ROSTER_WORKERS", 2)

# --- Access hardening (docs/configuration.md, "Security") -----------------------------------
# Sessions: school computers are shared, so a session ends with the browser and after a school
# day at most (12 h: a gate guard's shift), whatever happens first.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
SESSION_COOKIE_SAMESITE = "Lax"  # Strict would log out users who follow a link from WeChat
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: htmx and the gate page take the token from <body hx-headers>
# (base.html), Swagger UI from its server-rendered script; so the cookie can be HttpOnly.
CSRF_COOKIE_HTTPONLY = True
# HTTPS, behind the bureau's proxy (deploy/nginx): set in production (deploy/eduguard.env.example).
# EDUGUARD_PROXY_COUNT is the number of reverse proxies in front of the app: their
# X-Forwarded-For and X-Forwarded-Proto are then trusted (eduguard/core/security.py).
EDUGUARD_PROXY_COUNT = env_int("EDUGUARD_PROXY_COUNT", 0)
if EDUGUARD_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe on the loopback
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading asks browser vendors to hard-code the domain; a bureau's host is often intranet-only,
# so that is its own decision (SECURE_HSTS_PRELOAD=1), and the deploy check does not insist.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # report links carry their token in the path
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
EDUGUARD_PERMISSIONS_POLICY = env_str(
    "EDUGUARD_PERMISSIONS_POLICY",
    # camera: the gate page scans entry QR codes (campus/static/campus/gate.js)
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), accelerometer=(), "
    "gyroscope=(), magnetometer=(), display-capture=()",
)
# Content-Security-Policy (django-csp): scripts and styles only from our own static files, no
# inline script, style, event handler or eval anywhere. Behaviour that used to sit in onclick=
# attributes is in eduguard/static/eduguard/actions.js (data-print, data-confirm, data-copy).
# Swagger UI's start-up script is served as a file (SpectacularSwaggerSplitView) and its inline
# <style> moved to a stylesheet (templates/drf_spectacular/swagger_ui.html).
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],  # Swagger UI's icons are data: URIs in its stylesheet
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "media-src": [_SELF],  # the gate page's camera preview
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    },
}
# Log-in lock-out (django-axes; eduguard/accounts/lockout.py): per user name and address.
AXES_FAILURE_LIMIT = env_int("EDUGUARD_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("EDUGUARD_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "eduguard.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "eduguard.core.security.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # log-ins are in our own access log (eduguard/audit/receivers.py)
AXES_VERBOSE = False
# The class report link's public pages (/r/…): requests per address and per link in a window.
EDUGUARD_LINK_RATE_WINDOW = env_int("EDUGUARD_LINK_RATE_WINDOW", 600)
EDUGUARD_LINK_RATE_PER_IP = env_int("EDUGUARD_LINK_RATE_PER_IP", 600)
EDUGUARD_LINK_RATE_PER_LINK = env_int("EDUGUARD_LINK_RATE_PER_LINK", 600)
# Links printed before they were signed keep working until this is switched off.
EDUGUARD_LINK_ACCEPT_UNSIGNED = env_bool("EDUGUARD_LINK_ACCEPT_UNSIGNED", True)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "eduguard.accounts.authentication.FastTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "eduguard.core.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "eduguard.core.schema.AutoSchema",  # documents the errors too
    "EXCEPTION_HANDLER": "eduguard.core.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "EduGuard API",
    "DESCRIPTION": "教育防控平台 — county education bureau epidemic prevention and school reopening",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Background jobs: inline unless a broker is configured.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TIMEZONE = TIME_ZONE
# The queues, by kind of work (docs/deployment.md says which worker consumes which). Every task
# names one of them and its time limits in its decorator; eduguard/core/tests/test_tasks.py holds
# every task and beat entry to this list, and a task sent to a queue not listed here is refused.
EDUGUARD_QUEUES = {
    "reminders": "time-critical: the daily report's reminders and escalations, overdue incidents, "
    "cluster checks after a symptom record",
    "notify": "the outbox: messages to phones and WeCom",
    "imports": "roster imports from the web (minutes for a county's file)",
    "briefing": "the evening work briefing, filed for each county",
    "maintenance": "nightly upkeep: the day's tallies, the cluster sweep, table partitions",
}
# Each queue its own exchange and routing key: left out, Celery binds every queue to the default
# queue's exchange and key, so a message published there by exchange would reach all five.
CELERY_TASK_QUEUES = [Queue(name, Exchange(name), routing_key=name) for name in EDUGUARD_QUEUES]
CELERY_TASK_DEFAULT_QUEUE = "maintenance"
CELERY_TASK_CREATE_MISSING_QUEUES = False
# One message at a time per worker process: a long import must not sit on reminders it prefetched.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks that are safe to run twice set acks_late (a worker lost mid-task hands the message back);
# one killed by its hard time limit is still acknowledged, so it is not retried forever.
CELERY_TASK_ACKS_ON_FAILURE_OR_TIMEOUT = True

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Notification channels (eduguard/notify/channels/). Empty = messages go to the console log.
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN", "")
WECOM_WEBHOOK_URL = env_str("WECOM_WEBHOOK_URL", "")
# Absolute base of links in messages (the class report link), e.g. https://edu.example.gov.cn
EDUGUARD_BASE_URL = env_str("EDUGUARD_BASE_URL", "http://127.0.0.1:8000")

# Organisation rules (domain.md §8.1): plausible ages by role, as defaults a bureau may change.
EDUGUARD_STUDENT_AGE_RANGE = (3, 22)
EDUGUARD_STAFF_AGE_RANGE = (16, 75)

# When the evening briefing is filed for each county (HH:MM, local time): after the class checks'
# last deadline of the day (the evening check, 19:30 by default), so the day's figures are in.
EDUGUARD_BRIEFING_AT = env_str("EDUGUARD_BRIEFING_AT", "20:00")
try:
    _briefing_at = dt.time.fromisoformat(EDUGUARD_BRIEFING_AT)
except ValueError:
    raise ImproperlyConfigured(
        f"EDUGUARD_BRIEFING_AT: not a time (HH:MM): {EDUGUARD_BRIEFING_AT!r}"
    ) from None

# Periodic jobs under Celery beat (each is also a command: send-reminders). Each entry names its
# queue (beat may send a task by name only); a run every few minutes expires before the next one
# is due, so a stopped worker does not find a pile of them when it comes back.
CELERY_BEAT_SCHEDULE = {
    "health: open the day's tallies just after midnight": {
        "task": "health.open_day",
        "schedule": crontab(hour=0, minute=1),
        "options": {"queue": "maintenance"},
    },
    "health: send due reminders and escalations every 5 minutes": {
        "task": "health.send_due_reminders",
        "schedule": 300.0,
        "options": {"queue": "reminders", "expires": 290},
    },
    "response: escalate overdue incidents every 5 minutes": {
        "task": "response.escalate_overdue",
        "schedule": 300.0,
        "options": {"queue": "reminders", "expires": 290},
    },
    "response: detect clusters over every school each night": {
        "task": "response.detect_clusters",
        "schedule": crontab(hour=22, minute=0),
        "args": (None, "today"),
        "options": {"queue": "maintenance"},
    },
    "health: create the coming months' report partitions monthly": {
        "task": "health.ensure_partitions",
        "schedule": crontab(day_of_month=1, hour=3, minute=30),
        "options": {"queue": "maintenance"},
    },
    "notify: deliver pending messages every minute": {
        "task": "notify.deliver_pending",
        "schedule": 60.0,
        "options": {"queue": "notify", "expires": 55},
    },
    "briefing: file each county's work briefing in the evening": {
        "task": "briefing.file_day",
        "schedule": crontab(hour=_briefing_at.hour, minute=_briefing_at.minute),
        "options": {"queue": "briefing"},
    },
}
