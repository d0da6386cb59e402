"""Lianxin's settings (database, middleware, apps) with the floor's URLconf instead of lianxin.urls."""

from lianxin.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor.urls"
