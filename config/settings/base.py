"""Settings shared by every environment; deploy values come from `config.env.env`."""

from datetime import timedelta
from pathlib import Path

from config.env import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

VAR_DIR = Path(env("TDKT_VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "tdkt.core",  # first: its createsuperuser (audited) overrides Django's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_standardized_errors",
    "django_filters",
    "django_htmx",
    "tdkt.audit",
    "tdkt.org",
    "tdkt.records",
    "tdkt.exchange",
    "tdkt.eligibility",
    "tdkt.nominations",
    "tdkt.emulation",
    "tdkt.reports",
    "tdkt.inbox",  # the officer's inbox, notifications, deadlines: reads across nominations and emulation
    "tdkt.api",
    "tdkt.demo",  # top layer: `tdkt demo` builds the Quân khu 5 demo through every app's services
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
    "tdkt.core.middleware.RejectNulMiddleware",
    "tdkt.core.middleware.BoundedParametersMiddleware",
    "tdkt.org.middleware.ReadOnlyScopeMemoMiddleware",
    "tdkt.core.middleware.SessionLimitsMiddleware",
    "tdkt.core.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a lockout into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tdkt" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # unlocalize: an id written into a form or a link stays 1601, never "1.601" (USE_THOUSAND_SEPARATOR).
            "builtins": ["django.templatetags.l10n"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database_config() -> dict:
    default_sqlite = f"sqlite:///{VAR_DIR / 'tdkt.sqlite3'}"
    config = env.db_url("DATABASE_URL", default=default_sqlite)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL + IMMEDIATE: writers queue on the lock instead of failing with SQLITE_BUSY
        # on lock upgrade (see docs/architecture.md, "SQLite").
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = "django.db.backends.postgresql"
        config["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASES = {"default": _database_config()}

# One cache shared by every app server: a table in the database by default (created by a migration), or
# Redis with CACHE_URL=redis://127.0.0.1:6379/1 (`pip install redis`). Nothing a second server would need
# lives in process memory (docs/operations.md, "Several app servers"); only the API's rate-limit counts are
# per process by default, on purpose (tdkt/api/throttling.py).
CACHES = {
    "default": env.cache_url("CACHE_URL", default="dbcache://tdkt_cache"),
    "throttle": env.cache_url("THROTTLE_CACHE_URL", default="locmemcache://tdkt-throttle"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "tdkt.org.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked (username, IP) before any password check
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout: 5 failures per (username, IP) lock that pair for 15 minutes; an administrator unlocks it in
# /quan-tri/ (Access attempts) or with `tdkt axes_reset_username`. An unknown username is counted and
# answered exactly like a wrong password. Attempts live in the database, so every app server sees them.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# Behind a reverse proxy set AXES_IPWARE_META_PRECEDENCE_ORDER=HTTP_X_FORWARDED_FOR,REMOTE_ADDR and
# AXES_IPWARE_PROXY_COUNT; by default only the socket's address counts, so a forged header changes nothing.
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"])
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)
AXES_VERBOSE = False

# Sessions end after 30 minutes without a request and 8 hours after log-in, whatever the activity
# (tdkt.core.middleware.SessionLimitsMiddleware); the cookie dies with the browser.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=8 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese for Django REST framework's messages, which its own catalogue mostly lacks
LOCALE_PATHS = [BASE_DIR / "tdkt" / "locale"]
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["tdkt.core.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Dossier attachments and replaceable document templates live outside the web root: a view that
# checks the dossier's policy serves them, never the static server.
PRIVATE_MEDIA_ROOT = Path(env("TDKT_PRIVATE_MEDIA", default=str(VAR_DIR / "private")))
ATTACHMENT_MAX_MB = env.int("ATTACHMENT_MAX_MB", default=10)
SOFFICE = env("TDKT_SOFFICE", default="soffice")  # LibreOffice renders the DOCX documents to PDF
STATICFILES_DIRS = [BASE_DIR / "tdkt" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# An API token stops working this many hours after it was issued (0: never); a password change deletes it.
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=720)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # a program's explicit token first: it needs no CSRF token even when a session cookie is present
        "tdkt.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["tdkt.api.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "tdkt.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "tdkt.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "1200/min"},
    "DEFAULT_THROTTLE_CLASSES": [
        "tdkt.api.throttling.AnonThrottle",
        "tdkt.api.throttling.UserThrottle",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "tdkt API",
    "DESCRIPTION": "API quản lý thi đua, khen thưởng (v1)",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum.choices",
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum.choices",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum.choices",
        "AwardKindEnum": "tdkt.records.choices.AwardKind",
        "EntryKindEnum": "tdkt.records.choices.EntryKind",
        "EntrySubjectEnum": "tdkt.records.choices.EntrySubject",
        "SubjectTypeEnum": "tdkt.records.choices.SubjectType",
        "UnitTypeEnum": "tdkt.org.choices.UnitType",
        "DossierKindEnum": "tdkt.nominations.choices.DossierKind",
        "DossierStatusEnum": "tdkt.nominations.choices.DossierStatus",
        "ItemStatusEnum": "tdkt.nominations.choices.ItemStatus",
        "AwardStatusEnum": "tdkt.records.choices.AwardStatus",
        "CriterionKindEnum": "tdkt.emulation.choices.CriterionKind",
        "MovementKindEnum": "tdkt.emulation.choices.MovementKind",
        "RoundStatusEnum": "tdkt.emulation.choices.RoundStatus",
        "RegistrationStatusEnum": "tdkt.emulation.choices.RegistrationStatus",
        "ExemplarStageEnum": "tdkt.emulation.choices.ExemplarStage",
        # One enum for an item's review action, whether one item (review/) or a batch (review-batch/).
        "ItemActionEnum": [("approve", "approve"), ("reject", "reject"), ("forward", "forward")],
        "VerdictStatusEnum": [("ELIGIBLE", "ELIGIBLE"), ("NOT_ELIGIBLE", "NOT_ELIGIBLE"), ("REVIEW", "REVIEW")],
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
    ],
}
DRF_STANDARDIZED_ERRORS = {
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
    "EXCEPTION_HANDLER_CLASS": "tdkt.api.errors.ExceptionHandler",
    "ALLOWED_ERROR_STATUS_CODES": ["400", "401", "403", "404", "405", "406", "409", "415", "429", "500"],
    "ERROR_SCHEMAS": {
        "400": "tdkt.api.errors.ErrorResponse400Serializer",
        "409": "tdkt.api.errors.ErrorResponse409Serializer",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # every log-in would be logged three times at INFO; lockouts stay (WARNING)
    "loggers": {"axes": {"level": "WARNING"}},
}

# The audit chain's HMAC key: a file on the app servers, never in the database nor in its backups
# (`tdkt audit keygen` or `make run` creates it; docs/operations.md, "Checking the audit trail").
AUDIT_HMAC_KEY_FILE = Path(env("AUDIT_HMAC_KEY_FILE", default=str(VAR_DIR / "audit_hmac_key")))

PAGE_SIZE = 50

# Notifications by e-mail (opt-in per user, /thong-bao/cai-dat/). Console by default: a message is written to the
# app server's log until an SMTP server is configured (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend,
# EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS). TDKT_SITE_URL makes the links absolute.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="tdkt@localhost")
TDKT_SITE_URL = env("TDKT_SITE_URL", default="http://127.0.0.1:8000")
