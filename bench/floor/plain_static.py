"""Lianxin's settings as they are, but static URLs without collectstatic's manifest: for serving
Lianxin's pages from gunicorn in a benchmark without running collectstatic first (the manifest
lookup is one dict access per URL; the page is measured, not the asset pipeline)."""

from lianxin.settings import *  # noqa: F403
from lianxin.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
