"""Django settings, all derived from the typed MeldpuntConfig: the one place things are wired."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from meldpunt.config import Environment, Jobs, SmtpSecurity, load_config
from meldpunt.core.public_suffixes import SuffixStore
from meldpunt.datadir import explained, owner_only, usable_data_directory
from meldpunt.jobs import build_job_queue
from meldpunt.keystore import KeyStore

CONFIG = load_config()
PACKAGE_DIR = Path(__file__).resolve().parent
owner_only()  # the database, job queue, keys and content: no other user of the machine reads them
DATA_DIR = usable_data_directory(CONFIG.data_dir.resolve())
# The Public Suffix List: the operator's copy in the data directory (`meldpunt suffixes
# update`) if there is one, else the one bundled with the publicsuffixlist package.
SUFFIXES = SuffixStore(DATA_DIR)
with explained(DATA_DIR):  # a file in it this process may not read: one sentence, no traceback
    # Django needs its secret now; every other key is the composition root's (bootstrap.py).
    KeyStore(DATA_DIR).ensure()
    SUFFIXES.activate()
    SECRET_KEY = (
        CONFIG.secret_key.get_secret_value()
        if CONFIG.secret_key
        else KeyStore(DATA_DIR).secret_key()
    )

DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.host_list
CSRF_TRUSTED_ORIGINS = CONFIG.trusted_origins

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "ninja",  # serves the Swagger UI of the API docs from its own static files, not a CDN
    "huey.contrib.djhuey",
    "meldpunt.accounts",
    "meldpunt.audit",
    "meldpunt.directory",
    "meldpunt.partners",  # migrations only: its table moved to the directory
    "meldpunt.intake",
    "meldpunt.privacy",
    "meldpunt.lists",
    "meldpunt.capture",
    "meldpunt.cases",
    "meldpunt.assess",
    "meldpunt.lawbook",
]

MIDDLEWARE = [
    "meldpunt.database_busy.DatabaseBusyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "meldpunt.accounts.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "meldpunt.urls"
WSGI_APPLICATION = "meldpunt.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meldpunt.accounts.context.permissions",
            ],
        },
    },
]


# Connections are kept for a while and checked before reuse: a job worker would otherwise open
# a new PostgreSQL connection (a new server process) for every job.
CONNECTION_SECONDS = 300


def _databases() -> dict[str, dj_database_url.DBConfig]:
    """On SQLite a statement waits at most MELDPUNT_DB_LOCK_WAIT_SECONDS for the database's
    lock (its busy timeout); on PostgreSQL web requests wait that long (see
    meldpunt.database_busy, which then answers 503)."""
    if CONFIG.database_url:
        return {
            "default": dj_database_url.parse(
                CONFIG.database_url, conn_max_age=CONNECTION_SECONDS, conn_health_checks=True
            )
        }
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "meldpunt.sqlite3"),
            "CONN_MAX_AGE": CONNECTION_SECONDS,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue
                # instead of failing, and the audit chain never forks.
                "transaction_mode": "IMMEDIATE",
                "timeout": CONFIG.db_lock_wait_seconds,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CONFIG.redis_url}
        if CONFIG.jobs is Jobs.REDIS
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Staff accounts are made by `meldpunt createuser`; nobody signs up.
ACCOUNT_ADAPTER = "meldpunt.accounts.adapter.StaffOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# A reset asked for an address nobody has sends nothing: the form must not mail strangers.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
LOGIN_REDIRECT_URL = "staff:home"
PASSWORD_RESET_TIMEOUT = 24 * 3600  # a reset link an administrator hands over lasts a day
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Meldpunt"

# Mail: through the operator's server, or none at all (then nothing pretends to send).
MELDPUNT_SENDS_MAIL = CONFIG.sends_mail
DEFAULT_FROM_EMAIL = SERVER_EMAIL = CONFIG.mail_from
if CONFIG.sends_mail:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG.smtp_host.strip()
    EMAIL_PORT = CONFIG.smtp_port
    EMAIL_HOST_USER = CONFIG.smtp_user
    EMAIL_HOST_PASSWORD = CONFIG.smtp_password.get_secret_value() if CONFIG.smtp_password else ""
    EMAIL_USE_TLS = CONFIG.smtp_security is SmtpSecurity.STARTTLS
    EMAIL_USE_SSL = CONFIG.smtp_security is SmtpSecurity.TLS
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "meldpunt.accounts.mail.NoMailBackend"

LANGUAGE_CODE = CONFIG.language
LANGUAGES = [("nl", _("Dutch")), ("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = None  # whitenoise serves from the package through the finders
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = CONFIG.https
CSRF_COOKIE_SECURE = CONFIG.https
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 31536000 if CONFIG.https else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if CONFIG.https else None
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin: no address of ours is ever sent to another site, and the browser still sends
# a real Origin header with our own forms (with no-referrer it sends "Origin: null", and the
# CSRF check refuses every form).
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "meldpunt.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

RATELIMIT_VIEW = "meldpunt.intake.views.rate_limited"
MELDPUNT_REPORT_RATE = CONFIG.report_rate
MELDPUNT_API_RATE = CONFIG.api_rate
MELDPUNT_DEVELOPMENT = CONFIG.env is Environment.DEVELOPMENT

HUEY = build_job_queue(CONFIG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"()": "meldpunt.logs.UtcFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    # httpx and httpcore would log every URL they fetch; reported addresses stay out of logs.
    "loggers": {
        "huey": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "PIL": {"level": "WARNING"},
    },
}

# Capture: the encrypted content store and the fetcher's policy (see meldpunt.bootstrap).
MELDPUNT_CONTENT_DIR = DATA_DIR / "content"
MELDPUNT_FETCH_ALLOW_LOOPBACK = CONFIG.fetch_allow_loopback
MELDPUNT_FETCH_USER_AGENT = CONFIG.fetch_user_agent
MELDPUNT_FETCH_PROXY = CONFIG.fetch_proxy
MELDPUNT_CONTENT_RETENTION_DAYS = CONFIG.content_retention_days
MELDPUNT_CAPTURE_LEASE_SECONDS = CONFIG.capture_lease_seconds
MELDPUNT_CAPTURE_RECONCILE_AFTER_SECONDS = CONFIG.capture_reconcile_after_seconds
MELDPUNT_CAPTURE_BATCH = CONFIG.capture_batch
MELDPUNT_FETCH_CONCURRENCY = CONFIG.fetch_concurrency
MELDPUNT_FETCH_HOSTS = CONFIG.fetch_hosts
MELDPUNT_FETCH_DNS = CONFIG.fetch_dns
MELDPUNT_DNS_SERVERS = CONFIG.dns_servers
MELDPUNT_RDAP = CONFIG.rdap

# The audit trail's signed checkpoints: an append-only file outside the database.
MELDPUNT_AUDIT_CHECKPOINTS = DATA_DIR / "audit" / "checkpoints.jsonl"
MELDPUNT_DB_LOCK_WAIT_SECONDS = CONFIG.db_lock_wait_seconds
MELDPUNT_NEAR_COPY_THRESHOLD = CONFIG.near_copy_threshold
MELDPUNT_HOTLINE_COUNTRY = CONFIG.hotline_country  # the country whose law is "national"
# Rule files the hotline proposes; each takes effect once a manager approves it (meldpunt.lawbook).
MELDPUNT_PROPOSED_LAW_DIR = (CONFIG.proposed_law_dir or DATA_DIR / "law").resolve()
