"""A throwaway database for a bench that brings its own data (contests, the import)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_database(folder: Path) -> Iterator[None]:
    """Django's test database, made and dropped around the block: a SQLite file in `folder` (a file,
    not the in-memory default, so SQLite is measured as it runs for real) or test_<name> on
    PostgreSQL. The tables come straight from the models, as bench/generate.py makes them (seconds
    instead of replaying every migration); the one data migration, the categories, is seeded."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(folder / "bench.sqlite3")
    connection.settings_dict["TEST"]["MIGRATE"] = False
    name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False, serialize=False
    )
    try:
        from lianxin.cases.models import Category
        from lianxin.cases.taxonomy import seed_categories

        seed_categories(Category)
        yield
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
