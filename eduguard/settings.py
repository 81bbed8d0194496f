"""EduGuard settings: one module, configured by environment variables (docs/configuration.md).

With nothing set it runs on SQLite with background jobs inline; DATABASE_URL and
CELERY_BROKER_URL switch the same code to PostgreSQL and Redis/Celery.
"""

import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

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
    "eduguard.briefing",
    "eduguard.notify",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "eduguard.accounts.authentication.FastTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "eduguard.core.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
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

# Periodic jobs under Celery beat (each is also a command: send-reminders).
CELERY_BEAT_SCHEDULE = {
    "health: open the day's tallies just after midnight": {
        "task": "health.open_day",
        "schedule": crontab(hour=0, minute=1),
    },
    "health: send due reminders and escalations every 5 minutes": {
        "task": "health.send_due_reminders",
        "schedule": 300.0,
    },
    "response: escalate overdue incidents every 5 minutes": {
        "task": "response.escalate_overdue",
        "schedule": 300.0,
    },
    "response: detect clusters over every school each night": {
        "task": "response.detect_clusters",
        "schedule": crontab(hour=22, minute=0),
        "args": (None, "today"),
    },
    "notify: deliver pending messages every minute": {"task": "notify.deliver_pending", "schedule": 60.0},
}
