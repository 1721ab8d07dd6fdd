"""Settings for the PEEL tracker, read from environment variables.

DJANGO_DEBUG=1 gives local development settings; anything else is production, which
requires DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS and passes `manage.py check --deploy`.
DATABASE_URL selects PostgreSQL (postgres://...); without it an SQLite file is used.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from peel.env import env_bool, env_int, env_list, env_str
from peel.storage import evidence_storage

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "django-insecure-local-development-only")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "peel.admin_site.PeelAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "auditlog",
    "peel.apps.PeelConfig",
    "accounts",
    "inspections",
    "improvements",
    "ui",
    "workspace",
    "reports",
    "history",
    "api",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    # First, so every response (errors included) carries its X-Request-ID.
    "peel.request_context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # servers (issue 12): after SessionMiddleware, so it marks the session before the save.
    "peel.sessions.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the change record (django-auditlog) takes its "who" from here.
    "peel.change_record.ChangeRecordMiddleware",
    # servers (issue 12): refuse an oversized body before CSRF (or anything) reads it;
    # Cache-Control on signed-in pages and a Permissions-Policy on every response.
    "peel.middleware.RequestSizeLimitMiddleware",
    "peel.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AxesMiddleware must be last: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peel.urls"
WSGI_APPLICATION = "peel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspace.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # servers (issue 12): no JIT compilation. Reports and exports over the whole nation
    # cross its cost threshold and spent seconds compiling queries that run in
    # milliseconds (PostgreSQL 15's default `jit = on`). And random reads priced for SSD
    # or cached storage (2, not the spinning-disk default of 4): otherwise a force's pages
    # read every finding of the nation in a sequential scan rather than its own by index,
    # and grow slower as the country's data grows. (1.1 went too far: the overdue filter
    # left its partial index for the status index; docs/performance.md.) And sorts of up
    # to 16 MB in memory (default 4 MB): the national export's 12,000 rows sorted on disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c random_page_cost="
        + env_str("DATABASE_RANDOM_PAGE_COST", "2")
        + " -c work_mem="
        + env_str("DATABASE_WORK_MEM", "16MB")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes). servers (issue 12): a username is locked after repeated
# failures from anywhere, and an address after repeated failures for any usernames: two
# separate counts (a list of single parameters, not one combined pair). The address is
# the trusted proxy's X-Forwarded-For entry only when DJANGO_TRUSTED_PROXY_COUNT is set
# (peel/client_ip.py). A lockout ends after the cool-off, when the user resets their
# password (accounts.views), or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "peel.client_ip.client_ip"
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Sessions expire after a working day of inactivity and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# servers (issue 12): the idle timeout slides, but the session is saved again at most every
# SESSION_REFRESH_SECONDS, not on every request (peel/sessions.py).
SESSION_ENGINE = "peel.sessions"
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 5 * 60)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Evidence files live outside the web root and have no URL: they are only ever served by
# a permission-checked view. MEDIA_URL is deliberately unset.
EVIDENCE_ROOT = Path(env_str("DJANGO_EVIDENCE_ROOT", str(BASE_DIR / "media" / "evidence")))
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
# servers (issue 12): a request body larger than this is refused (413) before it is read:
# the largest evidence file plus room for the form's other fields.
MAX_REQUEST_BYTES = EVIDENCE_MAX_BYTES + 64 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # servers (issue 12): S3-compatible object storage when a bucket is configured.
    "evidence": evidence_storage(EVIDENCE_ROOT),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Report imports (admin upload and `import_report`): refused above these, before reading.
IMPORT_MAX_PDF_BYTES = 20 * 1024 * 1024
IMPORT_MAX_TEXT_BYTES = 5 * 1024 * 1024

# Email: the console locally; SMTP in production (configured from the environment).
if DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": env_str(
                "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
            )
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
# servers (issue 12): one cache shared by every app server (a table in the database,
# made by `manage.py createcachetable`): rate limits here, throttling in the API.
# Pages kept for their session until the data changes have a table of their own, so that
# culling them never drops a rate limit's counter (peel/page_cache.py).
CACHES = {
    "default": {
        "BACKEND": "peel.db_cache.DatabaseCache",
        "LOCATION": "peel_cache",
    },
    "pages": {
        "BACKEND": "peel.db_cache.DatabaseCache",
        "LOCATION": "peel_page_cache",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 5000)},
    },
}
# How long a kept page may be handed back at most (seconds; 0: pages are never kept).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 10 * 60)
# Bulk loaders gather PostgreSQL statistics when they finish (peel/bulk.py).
ANALYZE_AFTER_BULK_LOAD = env_bool("PEEL_ANALYZE_AFTER_LOAD", True)

DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "peel-tracker@localhost")
# The site's address, for the absolute links in emails (notifications).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// or http://; got {SITE_URL!r}")

# The REST API (api/): tokens or the browser's session; errors in one JSON shape; limits
# per user and per token, counted in the cache every app server shares (CACHES above).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.ReadOnlyTokenReads",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.UserRateThrottle",
        "api.throttling.TokenRateThrottle",
    ],
    "DEFAULT_FILTER_BACKENDS": ["api.filtering.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ListPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "PAGE_SIZE": 50,
}
API_THROTTLE_CACHE = "default"
API_THROTTLE_RATES = {
    "user": env_str("API_THROTTLE_USER", "1200/min"),
    "token": env_str("API_THROTTLE_TOKEN", "600/min"),
}
# A token's last-used time is written at most this often (seconds), not on every request.
API_TOKEN_LAST_USED_INTERVAL = env_int("API_TOKEN_LAST_USED_INTERVAL", 300)
SPECTACULAR_SETTINGS = {
    "TITLE": "PEEL tracker API",
    "DESCRIPTION": (
        "Findings of HMICFRS PEEL inspections and the actions police forces take on them. "
        "Everything is scoped as on the pages: you see what your role and force allow "
        "(404 otherwise). See the README for tokens and first calls."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Lists may leave fields out (?fields=, ?brief=): response fields are not "required".
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "improvements.models.Status",
        "FindingStatusEnum": "inspections.models.FindingStatus",
        "InspectionStatusEnum": "inspections.models.Inspection.Status",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_common_headers",
    ],
}

# Content security policy (Django's built-in support): only our own scripts, styles,
# fonts and images; nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The change record (django-auditlog; docs/decisions.md): every change to these models,
# who, when, before and after; the request ID is its correlation ID and the channel
# (page, admin, importer, command, api) is in `additional_data` (peel/change_record.py).
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "inspections.Inspection", "exclude_fields": ["created_at", "updated_at"]},
    "inspections.Judgment",
    "inspections.Finding",
    {
        "model": "improvements.Action",
        # effective_due_date is derived by the database from the two due dates.
        "exclude_fields": ["version", "created_at", "updated_at", "effective_due_date"],
    },
    "improvements.Evidence",
    # A password (even hashed) never reaches the record; sign-ins are not changes.
    {"model": "accounts.User", "exclude_fields": ["password", "last_login"]},
)
AUDITLOG_CID_GETTER = "peel.request_context.current_request_id"
# A related record is stored as it read at the time ("A. Lead", not "17").
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
AUDITLOG_STORE_JSON_CHANGES = False

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The load balancer's health check may ask over plain HTTP (peel/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; lockouts (WARNING) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
}
