"""Garrison settings, read from the environment (see README "Configuration")."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.utils.translation import gettext_lazy as _

from garrison.core.env import env_bool, env_int, env_list, env_networks, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("GARRISON_VAR_DIR", str(BASE_DIR.parent / "var")))

# Production is explicit: it turns on every transport protection and requires SECRET_KEY.
PRODUCTION = env_bool("GARRISON_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)
# WhiteNoise answers static files with a file iterator, which Django under ASGI reads in a thread
# and warns about on every file; harmless, and noise in the demo's console.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous")
DEMO = env_bool("GARRISON_DEMO", False)
# The response timers in each ASGI server process instead of the workers' schedule (the demo, whose
# in-memory live feed a worker cannot reach; see ops/timers/watcher.py).
GARRISON_TIMERS_IN_SERVER = env_bool("GARRISON_TIMERS_IN_SERVER", False)

SECRET_KEY = env_secret("SECRET_KEY", fallback_file=None if PRODUCTION else VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Daphne's runserver, without Twisted in every process (core/daphne_app.py).
    "garrison.core.daphne_app.DaphneConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "garrison.core",
    "garrison.audit",
    "garrison.accounts",
    "garrison.events",
    "garrison.accreditation",
    "garrison.checkin",
    "garrison.forces",
    "garrison.ops",
    "garrison.planning",
    "garrison.traffic",
    "garrison.patrols",
    "garrison.sensors",
    "garrison.coverage",
    "garrison.readiness",
    "garrison.drills",
    "garrison.command",
    "garrison.reports",
    # Last: the demo congress loads every app's data and is loaded by none.
    "garrison.demo",
]

MIDDLEWARE = [
    # First: it times the whole stack, and counts what the others answer themselves.
    "garrison.core.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "garrison.core.middleware.SecurityHeadersMiddleware",
    "garrison.core.middleware.BodySizeMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the language comes from a cookie, not the session
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Scanner calls stop here and go to their view: everything below is for browser sessions.
    "garrison.checkin.middleware.ScannerCallsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "garrison.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "garrison.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "garrison.urls"
ASGI_APPLICATION = "garrison.asgi.application"
WSGI_APPLICATION = "garrison.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "garrison.core.context.shell",
                "garrison.accounts.context.my_events",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
_database_url = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'garrison.sqlite3'}")
# Connections close after each request unless the server keeps its threads (garrison.wsgi sets
# this for gunicorn): under ASGI every request runs in a new thread, whose connection would
# never be used again.
_default_db: dict[str, Any] = dict(
    dj_database_url.parse(_database_url, conn_max_age=env_int("GARRISON_DB_CONN_MAX_AGE", 0))
)
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; synchronous=FULL makes every commit
    # durable across power loss; IMMEDIATE takes the write lock at BEGIN so two writers queue
    # on the busy timeout instead of failing with "database is locked" half-way through.
    _default_db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _default_db["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    _default_db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and cache, when configured -----------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work ---------------------------------------------------------------------------
# Long jobs (badge batches, roster solves) and the schedules (response timers, the sweep of jobs
# whose worker died) run in `garrison worker` processes beside the servers
# (garrison/core/services/queue.py). The queue is a table of the database above: the embedded
# default needs no other service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Health and metrics --------------------------------------------------------------------------
# /healthz answers anyone (a probe has no login; it shows counts only). /metrics answers the
# addresses or networks listed here, or a request with the bearer token when one is set.
GARRISON_METRICS_ALLOW = env_networks("GARRISON_METRICS_ALLOW", ["127.0.0.0/8", "::1"])
GARRISON_METRICS_TOKEN = env_str("GARRISON_METRICS_TOKEN", "")

# --- Authentication ----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Failed logins: 5 tries per username and address, then a cool-off (OWASP ASVS 6.3).
AXES_FAILURE_LIMIT = env_int("GARRISON_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("GARRISON_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "garrison.accounts.views.lockout_response"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Garrison"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_SECONDS = env_int("GARRISON_SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("GARRISON_SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag instead
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    # TLS ends at the reverse proxy, which must set X-Forwarded-Proto (README "Production").
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("GARRISON_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("GARRISON_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Request bodies: Django's own limit for form data, ours for JSON bodies (BodySizeMiddleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("GARRISON_MAX_BODY_BYTES", 2 * 1024 * 1024)
GARRISON_MAX_BODY_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("GARRISON_TIME_ZONE", "Asia/Ho_Chi_Minh")
# One date and one date-time format per language, day-first on a 24-hour clock (core/formats).
FORMAT_MODULE_PATH = ["garrison.core.formats"]
LOCALE_PATHS = [BASE_DIR / "core" / "locale"]  # settings.py strings live in the core catalogue

# --- Static files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production WhiteNoise serves straight from the apps' static folders, so a local run
# (and the browser tests) need no collectstatic; production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- Maps ------------------------------------------------------------------------------------------
# Empty: no external tile server; the map still draws sites and zones on a blank background.
GARRISON_TILE_URL = env_str("GARRISON_TILE_URL", "")
GARRISON_TILE_ATTRIBUTION = env_str("GARRISON_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
_tile_host = urlparse(GARRISON_TILE_URL.replace("{s}", "a")).netloc if GARRISON_TILE_URL else ""
GARRISON_TILE_ORIGIN = f"https://{_tile_host}" if _tile_host else ""
# The offline base maps built from each event's OSM file (garrison/events/basemap): one MBTiles
# archive per event.
GARRISON_BASEMAP_DIR = Path(env_str("GARRISON_BASEMAP_DIR", str(VAR_DIR / "basemaps")))

# --- Logging: one line per record, no personal data, line breaks escaped --------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"escape": {"()": "garrison.core.logging.EscapeNewlinesFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["escape"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": env_str("GARRISON_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
