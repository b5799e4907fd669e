"""Django settings for ClearHold.

Defaults give the embedded set-up (SQLite in ``var/``, debug off unless ``CLEARHOLD_DEBUG``).
``DATABASE_URL`` selects another database (PostgreSQL in production and in CI's second run).
Secrets come from the environment; the demo key is used only when ``CLEARHOLD_DEMO`` is set
or when running tests, and never when ``CLEARHOLD_SECRET_KEY`` is given.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from whitenoise.compress import Compressor

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CLEARHOLD_VAR", Path.cwd() / "var"))

DEBUG = os.environ.get("CLEARHOLD_DEBUG", "") == "1"
DEMO_MODE = os.environ.get("CLEARHOLD_DEMO", "") == "1"
TESTING = os.environ.get("CLEARHOLD_TESTING", "") == "1"
SECRET_KEY = os.environ.get("CLEARHOLD_SECRET_KEY") or (
    "clearhold-demo-only-key-never-use-in-production" if (DEMO_MODE or DEBUG or TESTING) else ""
)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Set CLEARHOLD_SECRET_KEY (or CLEARHOLD_DEMO=1 for the demo) before starting ClearHold."
    )

ALLOWED_HOSTS = os.environ.get("CLEARHOLD_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "clearhold.web.apps.ClearHoldAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "clearhold.web",
    "clearhold.accounts",
    "clearhold.audit",
    "clearhold.places",
    "clearhold.incidents",
    "clearhold.hotspots",
    "clearhold.evaluation",
    "clearhold.problems",
    "clearhold.powers",
    "clearhold.documents",
    "clearhold.sharing",
    "clearhold.retention",
    "clearhold.audit_reports",
    "clearhold.attachments",
    "clearhold.search",
    "clearhold.notifications",
    "clearhold.surveys",
    "clearhold.resident_reports",
    "clearhold.serving",
    "ninja",
    "clearhold.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "clearhold.web.security.SecurityHeadersMiddleware",
    "clearhold.web.security.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "clearhold.web.security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clearhold.web.security.SessionTimeoutMiddleware",
    "clearhold.accounts.oidc_refresh.ProviderRecheck",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "clearhold.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "clearhold.accounts.second_factor_middleware.SecondFactorMiddleware",
    "clearhold.incidents.results_cache.version_per_request",
]

ROOT_URLCONF = "clearhold.web.urls"

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
                "clearhold.web.context_processors.service",
            ],
            # ``{% url %}`` and ``|date`` on plain dates answered once per process (the same text as
            # Django's tag and filter: see each module).
            "builtins": [
                "clearhold.web.templatetags.addresses",
                "clearhold.web.templatetags.dates",
            ],
        },
    },
]

WSGI_APPLICATION = "clearhold.web.wsgi.application"

# Seconds a process keeps its database connection between requests (0: a new one for each
# request). `clearhold serve` keeps them for a minute (serving.server.CONN_MAX_AGE): opening one
# cost a tenth of the problem page's CPU on SQLite. Django's development server starts a thread
# per request, so it stays at 0 there. A kept connection is checked before a request uses it.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'clearhold.sqlite3'}",
        conn_max_age=int(os.environ.get("CLEARHOLD_DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# A new SQLite store gets 16 KiB pages: set before WAL, whose switch writes the file's header,
# and a no-op for a database that exists (its page size stays as it was made).
SQLITE_INIT_COMMAND = "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": SQLITE_INIT_COMMAND,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user with their organisation.
    "clearhold.accounts.backends.PasswordBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A second factor (an authenticator app's six-digit code, or a recovery code) after a local
# password, for administrators, data protection officers and anyone named to see
# special-category data (clearhold.accounts.second_factor). Off only for the local demo, whose
# passwords are published, unless CLEARHOLD_OTP_REQUIRED=1 turns it on there too.
CLEARHOLD_OTP_REQUIRED = os.environ.get("CLEARHOLD_OTP_REQUIRED", "0" if DEMO_MODE else "1") == "1"
OTP_TOTP_ISSUER = os.environ.get("CLEARHOLD_OTP_ISSUER", "ClearHold")
# No page of django-otp's shows a device's secret (clearhold.accounts.admin replaces its
# TOTP admin too): whoever reads it holds that person's second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sign-in through the organisation's identity provider (OpenID Connect), beside local
# passwords: on when CLEARHOLD_OIDC_CLIENT_ID is set. Microsoft Entra ID's values are in
# docs/sign-in.md. Roles are still granted in ClearHold (clearhold.accounts.oidc).
OIDC_RP_CLIENT_ID = os.environ.get("CLEARHOLD_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("CLEARHOLD_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("CLEARHOLD_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("CLEARHOLD_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("CLEARHOLD_OIDC_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("CLEARHOLD_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("CLEARHOLD_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# The email domains this provider may vouch for (comma-separated, e.g. "fenland.gov.uk"): one
# provider serves the whole installation, and its tenant's administrators can set any address on
# an account, so without this list it could sign someone in as another partner's staff.
CLEARHOLD_OIDC_DOMAINS = [
    d.strip().lower().lstrip("@")
    for d in os.environ.get("CLEARHOLD_OIDC_DOMAINS", "").split(",")
    if d.strip()
]
CLEARHOLD_OIDC_NAME = os.environ.get("CLEARHOLD_OIDC_NAME", "your organisation’s account")
LOGIN_REDIRECT_URL_FAILURE = "/sign-in/?refused=provider"
# A session begun through the provider is re-checked with it (prompt=none) on the first page
# after this many seconds, and ends when the provider's has (clearhold.accounts.oidc_refresh).
CLEARHOLD_OIDC_RECHECK_SECONDS = int(os.environ.get("CLEARHOLD_OIDC_RECHECK_SECONDS", 15 * 60))
OIDC_CALLBACK_CLASS = "clearhold.accounts.oidc_refresh.ProviderCallbackView"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("clearhold.accounts.oidc.OrganisationOIDCBackend")

LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"

# Failed sign-in throttling: five failures for one username from one address lock it for 15 min.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "clearhold.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address (lock-outs, the audit trail, sessions, rate limits): X-Forwarded-For is
# believed only from these proxies, comma-separated addresses or networks (e.g. 127.0.0.1 for
# nginx on the same machine); otherwise the direct peer (clearhold.toolkit.client_address).
CLEARHOLD_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("CLEARHOLD_TRUSTED_PROXIES", "").split(",") if p.strip()
]
AXES_CLIENT_IP_CALLABLE = "clearhold.toolkit.client_address.client_address"

# Security. HTTPS only (redirect, HSTS, secure cookies) everywhere but the local demo on
# http://127.0.0.1 and the test run. Behind a proxy that ends TLS, set
# CLEARHOLD_PROXY_SSL_HEADER=1 so Django trusts its X-Forwarded-Proto. The Content Security
# Policy, the upload limit and the session limits are in clearhold.web.security.
HTTPS = not (DEMO_MODE or TESTING)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS  # subdomains of ClearHold's own host only
# A load balancer's probe may ask over plain HTTP inside the network; the answers hold no data.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Preloading applies to a whole registrable domain (the partner's, not ClearHold's to decide).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if os.environ.get("CLEARHOLD_PROXY_SSL_HEADER", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# Django's database store, which keeps the list of signed-in sessions (clearhold.accounts.
# sessions) when a session's key changes on a change of password.
SESSION_ENGINE = "clearhold.accounts.session_store"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Signed out after 30 minutes without a request, and 8 hours after signing in however busy.
CLEARHOLD_SESSION_IDLE_SECONDS = int(os.environ.get("CLEARHOLD_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_FAILURE_VIEW = "clearhold.web.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
# Serve static files straight from the app folders in demo and tests (no collectstatic step);
# production collects them (`clearhold serve` does when they changed) under hashed names with
# gzip and Brotli copies, which whitenoise serves with a year's caching.
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE or TESTING
# A container image collects them at build time outside its data volume: CLEARHOLD_STATIC_ROOT.
STATIC_ROOT = (
    None
    if WHITENOISE_USE_FINDERS
    else Path(os.environ.get("CLEARHOLD_STATIC_ROOT", VAR_DIR / "static"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if WHITENOISE_USE_FINDERS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Source maps are fetched only by a browser's developer tools, and they are the largest files
# (Swagger UI's and ReDoc's run to megabytes): compressing them was half of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# /healthz calls the task worker stale when no worker has beaten for this long.
CLEARHOLD_WORKER_STALE_SECONDS = int(os.environ.get("CLEARHOLD_WORKER_STALE_SECONDS", 300))
# /readyz gives a "not ready" again for this long before checking again (one check at a time).
CLEARHOLD_READY_RECHECK_SECONDS = float(os.environ.get("CLEARHOLD_READY_RECHECK_SECONDS", 5))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("CLEARHOLD_TASK_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# The council's own directory of local advice services (JSON, as clearhold/data/advice/): the
# housing and legal advice a closure notice names (s.76(5)(g)). Unset: the directory shipped
# for the problem's lead council, if any (clearhold.documents.advice).
CLEARHOLD_ADVICE_DIRECTORY = os.environ.get("CLEARHOLD_ADVICE_DIRECTORY", "")

# Uploads: the limit for one import through the web page (the CLI has none).
CLEARHOLD_UPLOAD_MAX_BYTES = int(os.environ.get("CLEARHOLD_UPLOAD_MAX_BYTES", 100 * 1024 * 1024))
DATA_UPLOAD_MAX_NUMBER_FILES = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A bigger request is refused (413) before its body is read; the first handler stops a body
# that grows past the limit while streaming in (clearhold.web.security).
FILE_UPLOAD_HANDLERS = [
    "clearhold.web.security.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Caches. "default" keeps small, short-lived counts (rate limits, sign-in failures) in each
# process. "results" keeps computed hotspot reports and evaluations (clearhold.incidents.
# results_cache) in files under CLEARHOLD_VAR/cache: every gunicorn worker of a machine shares
# them and they survive a restart, with no table to create and no write to the database (on
# SQLite a cache write would wait behind an import's long write lock). Machines may share it
# or keep their own: a key names the store's data version, so no copy is ever stale.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "results": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CLEARHOLD_RESULTS_CACHE", str(VAR_DIR / "cache")),
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# REST API: requests per person (all their tokens and their session together), e.g. 600/min.
# The count is kept in the cache: with several web processes, configure a shared cache.
CLEARHOLD_API_RATE = os.environ.get("CLEARHOLD_API_RATE", "600/min")

# Map tiles: a URL template, or empty for no base map (sites and incidents still draw).
CLEARHOLD_TILE_URL = os.environ.get(
    "CLEARHOLD_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)

# The plan of the premises in the court papers (clearhold.documents.basemap): a base map fetched
# by the server from the partnership's own map service, e.g. Ordnance Survey through the Public
# Sector Geospatial Agreement. Either an XYZ tile template in Web Mercator
# ("https://api.os.uk/maps/raster/v1/zxy/Road_3857/{z}/{x}/{y}.png?key=..."), or a WMS address
# in British National Grid with its layers ("https://.../wms?LAYERS=...&STYLES="). Unset: the
# plan is drawn over the streets the incidents name, and its caption says the base map is
# missing. Only that host is asked; the whole fetch has TIMEOUT seconds and MAX_TILES tiles.
CLEARHOLD_PLAN_TILES = os.environ.get("CLEARHOLD_PLAN_TILES", "")
CLEARHOLD_PLAN_WMS = os.environ.get("CLEARHOLD_PLAN_WMS", "")
CLEARHOLD_PLAN_ATTRIBUTION = os.environ.get("CLEARHOLD_PLAN_ATTRIBUTION", "")
CLEARHOLD_PLAN_TIMEOUT = float(os.environ.get("CLEARHOLD_PLAN_TIMEOUT", "5"))
CLEARHOLD_PLAN_MAX_TILES = int(os.environ.get("CLEARHOLD_PLAN_MAX_TILES", "16"))
CLEARHOLD_PLAN_MAX_ZOOM = int(os.environ.get("CLEARHOLD_PLAN_MAX_ZOOM", "19"))

# Email (the digests of clocks due, clearhold.notifications): an SMTP server from the
# environment; the demo prints each message to the console instead of sending it.
EMAIL_BACKEND = os.environ.get(
    "CLEARHOLD_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ClearHold <clearhold@localhost>")
# The address people reach ClearHold at, for the links in emails.
CLEARHOLD_SITE_URL = os.environ.get("CLEARHOLD_SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CLEARHOLD_LOG_LEVEL", "WARNING")},
}
