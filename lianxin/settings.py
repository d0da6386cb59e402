"""Settings from the environment, with defaults that are safe on a fresh machine.

LIANXIN_DEBUG=1        turns DEBUG on (off by default)
DATABASE_URL           postgres://user:pass@host:port/name switches from the embedded SQLite
SECRET_KEY             when absent, one is generated on first run and kept in var/secret_key
ALLOWED_HOSTS          comma-separated, default 127.0.0.1,localhost
LIANXIN_VAR_DIR        where SQLite, the secret key and uploads live (default ./var)

The production environment, every variable it sets explained: deploy/lianxin.env (README, "Production").
"""

import contextlib
import os
import secrets
import stat
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LIANXIN_VAR_DIR", BASE_DIR / "var"))


def _private(path: Path, *, directory: bool = True) -> Path:
    """Create `path` readable by this account only: the database and uploads hold personal data.

    An existing one is narrowed too (it may come from an install that left it world-readable)."""
    if directory:
        path.mkdir(parents=True, exist_ok=True)
    # not ours to change (a shared or read-only mount): leave it as it is
    with contextlib.suppress(OSError):
        if not directory and not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        found = path.stat()
        # A shared folder (sticky, like /tmp) or another account's is never narrowed.
        if found.st_mode & stat.S_ISVTX or found.st_uid != os.getuid():
            return path
        path.chmod(0o700 if directory else 0o600)
    return path


_private(VAR_DIR)


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use SECRET_KEY if given; otherwise keep one generated key in var/ so sessions survive restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_flag("LIANXIN_DEBUG")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "lianxin.core",
    "lianxin.audit",
    "lianxin.orgs",
    "lianxin.cases",
    "lianxin.members",
    "lianxin.fieldwork",
    "lianxin.welfare",
    "lianxin.stations",
    "lianxin.activities",
    "lianxin.skills",
    "lianxin.jobs",
    "lianxin.intake",
    "lianxin.cockpit",
    "lianxin.contests",
    "lianxin.proposals",
    "lianxin.insights",
    "lianxin.api",
    "lianxin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "lianxin.core.http.ApiHttpMiddleware",  # /api/ only: slashes, HEAD, ETags, gzip, rate limits
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "lianxin.urls"
WSGI_APPLICATION = "lianxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lianxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lianxin.orgs.context_processors.user_orgs",
                "lianxin.home.menus",
                "lianxin.core.context_processors.inbox",
            ],
        },
    },
]


def _sqlite_file() -> str | Path:
    """The SQLite file, created 0600 before SQLite opens it (its -wal and -shm files follow)."""
    name = os.environ.get("LIANXIN_SQLITE", VAR_DIR / "lianxin.sqlite3")
    if str(name) != ":memory:" and not str(name).startswith("file:"):
        _private(Path(name).parent)
        _private(Path(name), directory=False)
    return name


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        database: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
        if str(database["ENGINE"]).endswith("postgresql"):
            # PostgreSQL's JIT compiler pays off on long analytical queries; on the ledger's short
            # ones it added ~100 ms whenever an estimate crossed jit_above_cost (1M cases).
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c jit=off".strip()
        return database
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": _sqlite_file(),
        # WAL lets readers go on while one writer commits; IMMEDIATE avoids lock upgrades failing.
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end libraries come from the npm registry at install time (package.json), never a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "lianxin" / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = _private(VAR_DIR / "media")
# Uploads and the folders made for them: this account only. While a request is read, each file
# is kept up to the 10 MB limit and the rest dropped (core/uploads.py), so an oversized file is
# refused by its size without being stored whole; small bodies stay in memory, larger on disk.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "lianxin.core.uploads.BoundedUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB per file in memory; above it, a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB of form fields / JSON (files not counted): 413
DATA_UPLOAD_MAX_NUMBER_FILES = 20  # forms take 5 files at most
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS: dict[str, dict[str, Any]] = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Beyond one machine (README, "More than one machine"): the app servers keep nothing of their own.
# LIANXIN_S3_BUCKET: uploads on S3-compatible storage (django-storages), private, signed links;
# LIANXIN_REDIS_URL: the cache (rate limits, throttles) shared by every app server, and with
# LIANXIN_TASKS=rq the tasks on Redis through RQ (django-tasks-rq) instead of the database;
# LIANXIN_REPLICA_URL: the ledger's and the cockpit's pages read from a PostgreSQL replica
# (lianxin.core.routers). Sessions are in the database already, shared by every server.
if _s3_bucket := os.environ.get("LIANXIN_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _s3_bucket,
            "endpoint_url": os.environ.get("LIANXIN_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("LIANXIN_S3_REGION") or None,
            "access_key": os.environ.get("LIANXIN_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("LIANXIN_S3_SECRET_KEY") or None,
            "location": "media",
            "default_acl": "private",  # personal data: never a public object
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
if _redis_url := os.environ.get("LIANXIN_REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": _redis_url, "KEY_PREFIX": "lianxin"}}  # fmt: skip
    if os.environ.get("LIANXIN_TASKS", "db") == "rq":
        INSTALLED_APPS.append("django_rq")
        RQ_QUEUES = {"default": {"URL": _redis_url, "DEFAULT_TIMEOUT": 3600}}
        TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
if _replica_url := os.environ.get("LIANXIN_REPLICA_URL"):
    DATABASES["replica"] = dict(dj_database_url.parse(_replica_url, conn_max_age=60))
    DATABASES["replica"]["OPTIONS"] = DATABASES["default"].get("OPTIONS", {})
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["lianxin.core.routers.ReplicaRouter"]

# Members (会员实名制): the master key that wraps each person's data key (lianxin/members/crypto.py).
# Set LIANXIN_MEMBERS_KEY in production (any long random string, kept apart from the database and
# its backups); without it the key is derived from SECRET_KEY, which is enough for development only.
# Changing it makes every stored name, phone and ID number unreadable.
LIANXIN_MEMBERS_KEY = os.environ.get("LIANXIN_MEMBERS_KEY", "")
# Open311 (/open311/v2/): the origins of browser apps allowed to call it across origins (CORS),
# comma-separated ("https://app.example.cn"); "*" allows any. Empty, the default: none is.
LIANXIN_OPEN311_CORS_ORIGINS = [
    o.strip() for o in os.environ.get("LIANXIN_OPEN311_CORS_ORIGINS", "").split(",") if o.strip()
]
# Welfare: above this many yuan an aid payment is approved by someone other than its requester.
LIANXIN_AID_SELF_APPROVAL_LIMIT = os.environ.get("LIANXIN_AID_SELF_APPROVAL_LIMIT", "1000")
# How long a record is kept after it is no longer needed (lianxin/members/services/retention.py), in days.
LIANXIN_MEMBERS_RETENTION = {
    "person_left": 365 * 3,  # a person whose last membership ended (left, rejected) that long ago
    "id_number_views": 365 * 3,  # the access log of full ID views
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads it to send X-CSRFToken
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# A failed CSRF check answers with our own Chinese page (Django's tells the reader to set DEBUG).
CSRF_FAILURE_VIEW = "lianxin.views.csrf_failure"

# LIANXIN_HTTPS=1: the site is served over HTTPS only (see README, "Production"). Plain HTTP is
# redirected (but /healthz, for load balancers probing over HTTP), cookies are sent over HTTPS
# only and browsers are told to keep to HTTPS (HSTS) for LIANXIN_HSTS_SECONDS.
LIANXIN_HTTPS = _env_flag("LIANXIN_HTTPS")
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LIANXIN_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = (
    int(os.environ.get("LIANXIN_HSTS_SECONDS", "31536000")) if LIANXIN_HTTPS else 0
)
# Subdomains and the browsers' preload list are the domain owner's decision, not the app's.
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("LIANXIN_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_flag("LIANXIN_HSTS_PRELOAD")
# Behind a proxy that ends TLS and sets X-Forwarded-Proto (and drops the client's own), trust it.
if _env_flag("LIANXIN_PROXY_SETS_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A key SECRET_KEY replaced: still accepted for receipts and signed values (comma-separated).
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k]

# Everything goes to stderr (the service manager or container keeps it). Django itself prints a
# failed request only with DEBUG on: "django.request" is wired here so that with DEBUG off every
# 500 leaves its traceback (and 4xx stay quiet); it still propagates, so tests can see it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "errors": {"class": "logging.StreamHandler", "formatter": "plain", "level": "ERROR"},
    },
    "loggers": {
        "lianxin": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["errors"]},
        "django.security": {"handlers": ["errors"]},
    },
}

# Where notifications go (lianxin/core/notifications.py; sent by the task worker, never in a
# request). E-mail goes with Django's send_mail through EMAIL_BACKEND (SMTP: EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL, all from the environment).
# Every notice is an inbox message (站内消息); LIANXIN_NOTIFY_CHANNELS lists the outside channels that
# are on ("email", "sms"; comma-separated). The old LIANXIN_NOTIFY_BACKEND=email still turns e-mail on.
LIANXIN_NOTIFY_CHANNELS = [
    c.strip() for c in os.environ.get("LIANXIN_NOTIFY_CHANNELS", "email").split(",") if c.strip()
]
LIANXIN_NOTIFY_BACKEND = os.environ.get("LIANXIN_NOTIFY_BACKEND", "")
# The SMS gateway (lianxin.core.channels): a POST of JSON to this address, with a bearer token.
LIANXIN_SMS_GATEWAY_URL = os.environ.get("LIANXIN_SMS_GATEWAY_URL", "")
LIANXIN_SMS_GATEWAY_TOKEN = os.environ.get("LIANXIN_SMS_GATEWAY_TOKEN", "")
LIANXIN_SMS_TIMEOUT = float(os.environ.get("LIANXIN_SMS_TIMEOUT", "10"))
# Links in e-mails are made absolute with this address (e.g. https://lianxin.example.org).
LIANXIN_SITE_URL = os.environ.get("LIANXIN_SITE_URL", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lianxin@localhost")

# Behind reverse proxies, the client address for rate limits is the LIANXIN_TRUSTED_PROXY_HOPS-th
# X-Forwarded-For entry from the right (each proxy appends one; entries to its left are the
# client's own words). 0: the socket's address. LIANXIN_TRUST_X_FORWARDED_FOR=1 still means 1 hop.
LIANXIN_TRUST_X_FORWARDED_FOR = _env_flag("LIANXIN_TRUST_X_FORWARDED_FOR")
LIANXIN_TRUSTED_PROXY_HOPS = int(os.environ.get("LIANXIN_TRUSTED_PROXY_HOPS", "0"))
# API rate limits, "requests/seconds" ("off": none): per client (token, session or address), a
# burst of that many and then one every seconds/requests; and wrong tokens per address.
LIANXIN_API_RATE = os.environ.get("LIANXIN_API_RATE", "60/60")
LIANXIN_API_BAD_TOKEN_RATE = os.environ.get("LIANXIN_API_BAD_TOKEN_RATE", "20/300")
# 督办: escalate a case this many days after its resolution deadline has passed.
LIANXIN_ESCALATE_AFTER_DAYS = int(os.environ.get("LIANXIN_ESCALATE_AFTER_DAYS", "3"))
# 督办 schedules itself on the task worker (`manage.py run_worker`): seconds between two runs.
LIANXIN_SUPERVISION_INTERVAL = int(os.environ.get("LIANXIN_SUPERVISION_INTERVAL", "300"))

# How much memory an import may take beyond what its worker had (MB): a hostile or broken file is
# stopped with a clear message instead of taking the machine down.
LIANXIN_IMPORT_MEMORY_MB = int(os.environ.get("LIANXIN_IMPORT_MEMORY_MB", "1536"))
