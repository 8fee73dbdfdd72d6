"""Settings for the talks site, read from the environment.

Development needs no variables at all (DEBUG on, SQLite file in the project
folder). Production refuses to start without SECRET_KEY. Every variable is
parsed by a helper of talks_site.environment (which gunicorn.conf.py uses
too) that raises ImproperlyConfigured on a value it does not understand, so
a typo in a platform's config fails the deploy instead of quietly running
with a default.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .environment import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY, or DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"CSRF_TRUSTED_ORIGINS entries need a scheme (https://…), not {origin!r}")

# Anyone may create an account unless the operator switches it off.
SIGNUP_ENABLED = env_bool("SIGNUP_ENABLED", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "decks",
    "presenter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A body over its endpoint's limit, left unread by the ASGI middleware
    # (talks_site/request_bodies.py), is refused here with a message naming
    # the user; then the CSRF check, before anything parses a body (a token
    # in the header is checked without it); then Django's own limits on
    # what it parses, with a message.
    "talks_site.request_bodies.RefuseLargeBodiesMiddleware",
    "talks_site.request_bodies.BeforeCsrfCheckMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "talks_site.request_bodies.AfterCsrfCheckMiddleware",
    "talks_site.failures.RequestLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "talks_site.middleware.ContentSecurityPolicyMiddleware",
    "talks_site.middleware.VisitorHeaderMiddleware",
    "talks_site.failures.DatabaseTroubleMiddleware",
    # Turns a login refused for too many failures into the page that says how long to wait.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "talks_site.urls"

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
                "talks_site.context_processors.site",
            ],
        },
    },
]

ASGI_APPLICATION = "talks_site.asgi.application"

# Database: DATABASE_URL (PostgreSQL in production), else a SQLite file here.
# CONN_MAX_AGE stays 0: under the ASGI worker each request may run in a new
# thread, and persistent connections would pile up one per thread. PostgreSQL
# gets Django's connection pool instead, which hands connections back after
# every request.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
        conn_health_checks=False,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    if env_bool("DATABASE_POOL", True):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 0,
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 8, minimum=1),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10, minimum=1),
        }
        # With the pool, Django hands this to psycopg_pool as
        # check=ConnectionPool.check_connection: a pooled connection is tried
        # before it is lent out, so one that a PostgreSQL restart or
        # pg_terminate_backend killed is replaced instead of failing a request.
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# LISTEN/NOTIFY needs a session that a transaction-mode pooler would break, so
# the live listener may use a direct URL (Heroku-style platforms expose one).
DATABASE_DIRECT_URL = os.environ.get("DATABASE_DIRECT_URL", "")
# A private deck's offline copy, or one with the speaker's notes, expires this
# long after it was last refreshed online (presenter/offline.py).
OFFLINE_COPY_MAX_HOURS = env_int("OFFLINE_COPY_MAX_HOURS", 72, minimum=1)
# Live event streams send a heartbeat at least this often, so routers that cut
# idle connections (after ~55 s on most platforms) keep them open; browsers
# wait LIVE_RETRY_MILLISECONDS before reconnecting a dropped stream.
LIVE_HEARTBEAT_SECONDS = env_int("LIVE_HEARTBEAT_SECONDS", 15, minimum=1)
LIVE_RETRY_MILLISECONDS = env_int("LIVE_RETRY_MILLISECONDS", 1000, minimum=1)
# Caps on open event streams (presenter/live.py), past which a stream is
# refused with 503, Retry-After and a sentence the page shows (and the page
# polls the state meanwhile). Per worker process: 6,000 streams take about
# 250 MB, and two workers serve 10,000 followers with room for the two not
# getting exactly half each. Per browser session (on each worker): enough for
# a speaker's own presenter, remote and projector pages and a few tabs.
# Never per IP address: a whole conference room is one address.
LIVE_STREAMS_PER_WORKER = env_int("LIVE_STREAMS_PER_WORKER", 6000, minimum=1)
LIVE_STREAMS_PER_SESSION = env_int("LIVE_STREAMS_PER_SESSION", 10, minimum=1)
# The pointer reaches the audience at most this often per deck, however often
# its driver sends it; a newer position replaces one waiting for its turn.
LIVE_POINTER_PER_SECOND = env_int("LIVE_POINTER_PER_SECOND", 30, minimum=1)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The first backend refuses a login while its account or client waits
# (django-axes); the second checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins: LOGIN_FAILURE_LIMIT of them for one account, or from one
# client address, within LOGIN_LOCKOUT_MINUTES, and that account or client
# waits until LOGIN_LOCKOUT_MINUTES after the last of them (tries while it
# waits do not make the wait longer); a successful login clears the count.
# The counts are rows in the database, so every process shares them.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "talks_site.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "talks_site.accounts.client_address"
# Successful logins are not logged, and no form's token is kept with a failure.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["csrfmiddlewaretoken"]
# Routers in front of the app that append the client's address to
# X-Forwarded-For (one on a Heroku-style platform, none in development):
# the client is the address the outermost of them added.
FORWARDED_PROXY_COUNT = env_int("FORWARDED_PROXY_COUNT", 0 if DEBUG else 1)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "decks:list"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Static files: collectstatic + whitenoise, compressed and with hashed names
# so they can be cached for a year.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "talks_site.storage.StaticFilesStorage"},
}
# whitenoise caches hashed files for ten years (immutable) and anything
# requested by its unhashed name for 60 seconds, so a deploy shows at once.

# Uploads: a deck file or zip, or an image; the importer and the image form
# check these limits of each file.
DECK_UPLOAD_MAX_BYTES = env_int("DECK_UPLOAD_MAX_BYTES", 50 * 1024 * 1024, minimum=1)
ASSET_MAX_BYTES = env_int("ASSET_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
# Request bodies past these are refused before they are read (from their
# Content-Length, or by counting a chunked one): the JSON endpoints and every
# form, the link exchange (a token), and the uploads (a deck file, or images,
# with the form around them).
JSON_REQUEST_MAX_BYTES = env_int("JSON_REQUEST_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
LINK_EXCHANGE_REQUEST_MAX_BYTES = env_int("LINK_EXCHANGE_REQUEST_MAX_BYTES", 4 * 1024, minimum=1)
UPLOAD_REQUEST_MAX_BYTES = env_int(
    "UPLOAD_REQUEST_MAX_BYTES", max(DECK_UPLOAD_MAX_BYTES, ASSET_MAX_BYTES) + 1024 * 1024, minimum=1
)
DATA_UPLOAD_MAX_MEMORY_SIZE = JSON_REQUEST_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Pixels an image may decode into: a small PNG can unpack into gigabytes.
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 60_000_000, minimum=1)
# The slides (what every follower's phone downloads) show an image larger
# than this box as a copy that fits it (decks/images.py); 4K, the largest
# projector, so nothing shown is worse than the screen.
IMAGE_DISPLAY_MAX_WIDTH = env_int("IMAGE_DISPLAY_MAX_WIDTH", 3840, minimum=1)
IMAGE_DISPLAY_MAX_HEIGHT = env_int("IMAGE_DISPLAY_MAX_HEIGHT", 2160, minimum=1)

# What one deck may hold, the same for every way in: the editor, an import,
# a restore, a copy (decks/domain.py checks them before anything is written).
# Far above any real talk (the largest shared deck: 640 slides, 3,100
# characters and 10 build steps on its busiest slide), low enough that every
# page of a deck at the limits renders within docs/benchmarks.md's budget.
DECK_MAX_SLIDES = env_int("DECK_MAX_SLIDES", 5000, minimum=1)
DECK_TEXT_MAX_BYTES = env_int("DECK_TEXT_MAX_BYTES", 2 * 1024 * 1024, minimum=1)
SLIDE_MAX_CHARACTERS = env_int("SLIDE_MAX_CHARACTERS", 20_000, minimum=1)
SLIDE_MAX_STEPS = env_int("SLIDE_MAX_STEPS", 100, minimum=1)
# The projector and presenter pages carry every build step, and a step shows
# the ones before it again: real decks show 1-3 times their text (PyGotham,
# 42,000 characters of text, shows 46,000); this bounds the pages of a deck
# whose text is within the limits but whose slides repeat it step after step.
DECK_MAX_SHOWN_CHARACTERS = env_int("DECK_MAX_SHOWN_CHARACTERS", 4_000_000, minimum=1)
# A deck's look: its own stylesheet (bytes, and rules counting each selector
# of a list) and its fonts. The largest shared deck's stylesheet, its fonts'
# stylesheets inlined, is 14 KB with under 300 rules; its fonts are 3.3 MB.
STYLESHEET_MAX_BYTES = env_int("STYLESHEET_MAX_BYTES", 256 * 1024, minimum=1)
STYLESHEET_MAX_RULES = env_int("STYLESHEET_MAX_RULES", 5000, minimum=1)
DECK_MAX_FONTS = env_int("DECK_MAX_FONTS", 24)
FONT_MAX_BYTES = env_int("FONT_MAX_BYTES", 4 * 1024 * 1024, minimum=1)
# A zip's files, unpacked, and the images of a deck folder, added up.
DECK_EXPANDED_MAX_BYTES = env_int("DECK_EXPANDED_MAX_BYTES", 200 * 1024 * 1024, minimum=1)

# Behind a platform router: it terminates TLS and says so in a header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups"
X_FRAME_OPTIONS = "DENY"

# No inline script and no inline stylesheet anywhere: every stylesheet is a
# file of the site, a deck's own included (served under the digest of its
# content, decks/looks.py). Only style attributes stay allowed (CSP Level 3's
# style-src-attr), because deck text may carry them (`<span style=…>`, `~@`
# backgrounds); the sanitizer keeps only an allowlist of CSS properties, and
# CSS cannot run script. A browser without style-src-attr falls back to
# style-src and shows those slides without their inline styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be one of debug, info, warning, error, critical, not {LOG_LEVEL!r}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"bad_host_line": {"()": "talks_site.logs.BadHostLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Anyone can send a bad Host header: one line naming it, no traceback.
        "django.security.DisallowedHost": {"filters": ["bad_host_line"]},
        # django-axes says each failed login and lockout as a warning; its
        # step-by-step notes would be several lines for every login.
        "axes": {"level": "WARNING"},
        # A refused request is logged once, by talks_site.http.log_refusal
        # (what, who, why); Django's own "Bad Request" line would repeat it.
        # Server errors are still logged here, with their traceback.
        "django.request": {"level": "ERROR"},
    },
}

# Slide positions are unique per deck, checked at commit time so slides can be
# reordered in one transaction. SQLite cannot defer the check and skips the
# constraint; PostgreSQL, the production database, enforces it.
SILENCED_SYSTEM_CHECKS = ["models.W038"]
