"""A bare Django project around django-helpdesk 2.6.1 (the peer of bench/helpdesk_bench.py).

Runs only in its own virtualenv (bench/.helpdesk-venv). Configured as its documentation asks
(sites, humanize, SITE_ID, teams mode off), with the same kind of middleware stack, language,
time zone and database as Lianxin; its API authenticates with DRF's token (the cheapest of its
authentications, as Lianxin's Bearer token is of Lianxin's); mail is not sent.

HD_DB_ENGINE=sqlite|postgresql, HD_DB_NAME, HD_DB_HOST, HD_DB_PORT, HD_DB_USER, HD_DB_PASSWORD.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "helpdesk-bench-only-not-a-secret"  # sessions made by load.py must verify in gunicorn
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "hdproject.urls"
WSGI_APPLICATION = "hdproject.wsgi.application"
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
                "django.template.context_processors.i18n",
            ]
        },
    }
]

if os.environ.get("HD_DB_ENGINE", "sqlite") == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("HD_DB_NAME", "helpdesk"),
            "HOST": os.environ.get("HD_DB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("HD_DB_PORT", "5432"),
            "USER": os.environ.get("HD_DB_USER", "postgres"),
            "PASSWORD": os.environ.get("HD_DB_PASSWORD", ""),
            "CONN_MAX_AGE": 60,  # as Lianxin's PostgreSQL setting
            "TEST": {"NAME": os.environ.get("HD_DB_NAME", "helpdesk")},
        }
    }
else:
    name = os.environ.get("HD_DB_NAME", str(BASE_DIR / "helpdesk.sqlite3"))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # As Lianxin's SQLite setting.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": name},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
LOGIN_URL = "/login/"

SITE_ID = 1
HELPDESK_TEAMS_MODE_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ]
}
