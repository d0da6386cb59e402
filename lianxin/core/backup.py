"""A whole install in one folder: the database, the uploaded files and a manifest of both.

`backup` copies the database from one consistent snapshot while writers go on (SQLite: the online
backup API; PostgreSQL: `pg_dump -Fc` of a snapshot exported from our own read transaction), then
the uploads, then writes `manifest.json`: the rows of every model and what each registered check
records (the journal registers its chains' ends), all read from that same snapshot. `restore` goes
into an empty database only; it then compares the counts and checks with the manifest and runs
every check's verification (the journal's hashes), and fails on any difference.

A lower app offers the hook, a higher one fills it: the journal (audit) registers its check in its
AppConfig.ready(), so this module names no app above core.
"""

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
POSTGRES_FILE = "db.dump"
MEDIA_DIR = "media"
PG_BIN_DIRS = "/usr/lib/postgresql/*/bin"


class BackupError(Exception):
    """A backup or a restore that cannot go on, or a restore that does not match its manifest."""


@dataclass(frozen=True)
class BackupCheck:
    """What an app records in the manifest (read on the given database alias, JSON-able) and how it
    verifies a restored database (the problems found; none when whole)."""

    name: str
    snapshot: Callable[[str], Any]
    verify: Callable[[], list[str]]


BACKUP_CHECKS: dict[str, BackupCheck] = {}


def register_backup_check(check: BackupCheck) -> None:
    BACKUP_CHECKS[check.name] = check


# -- backup -----------------------------------------------------------------------------------


def backup(target: Path, *, using: str = "default") -> dict[str, Any]:
    """Write the database, the uploads and the manifest into `target` (new or empty); the manifest."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(_("The folder %(path)s is not empty.") % {"path": target})
    previous = os.umask(0o077)  # the copy holds personal data: this account only
    try:
        target.mkdir(parents=True, exist_ok=True)
        vendor = connections[using].vendor
        if vendor == "sqlite":
            described = _backup_sqlite(target, using)
        elif vendor == "postgresql":
            described = _backup_postgres(target, using)
        else:
            raise BackupError(
                _("No backup for the database engine %(engine)s.") % {"engine": vendor}
            )
        # After the database: a file is stored before the row naming it commits, so every upload
        # the copied rows name is already on disk here.
        manifest = {"format": FORMAT, "engine": vendor, "created_at": timezone.now().isoformat()}
        manifest.update(described, media=_copy_media(target / MEDIA_DIR))
        (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    finally:
        os.umask(previous)
    return manifest


def _backup_sqlite(target: Path, using: str) -> dict[str, Any]:
    connection = connections[using]
    connection.ensure_connection()
    copy = target / SQLITE_FILE
    # One step (pages=-1): the source is read in one read transaction, so the copy is one commit's
    # state; in WAL mode writers go on meanwhile (a stepwise copy would restart on every write).
    with contextlib.closing(sqlite3.connect(copy)) as destination:
        connection.connection.backup(destination)
    settings_dict = {**connection.settings_dict, "NAME": str(copy), "OPTIONS": {"timeout": 20}}
    with _alias(settings_dict) as alias:
        return _describe(alias)


def _backup_postgres(target: Path, using: str) -> dict[str, Any]:
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot run inside a transaction."))
    with transaction.atomic(using=using), connection.cursor() as cursor:
        # pg_dump reads the snapshot this transaction exported, and the manifest is read in it too.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        dump = ["-Fc", f"--snapshot={snapshot}", "-f", str(target / POSTGRES_FILE)]
        _run_pg("pg_dump", dump, connection.settings_dict)
        return _describe(using)


def _describe(using: str) -> dict[str, Any]:
    """The row count of every model and each check's record, from one read transaction."""
    with transaction.atomic(using=using):
        counts = {m._meta.label_lower: m._base_manager.using(using).count() for m in _models()}
        checks = {name: check.snapshot(using) for name, check in sorted(BACKUP_CHECKS.items())}
    return {"counts": counts, "checks": checks}


def _models() -> list[Any]:
    found = apps.get_models(include_auto_created=True)
    return sorted(
        (m for m in found if m._meta.managed and not m._meta.proxy),
        key=lambda m: m._meta.label_lower,
    )


@contextlib.contextmanager
def _alias(settings_dict: dict[str, Any]) -> Iterator[str]:
    """A database alias for the duration of the block (the copy just written)."""
    alias = f"backup_{uuid.uuid4().hex[:12]}"
    connections.settings[alias] = settings_dict
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


# -- uploads ----------------------------------------------------------------------------------


def _media_root() -> Path | None:
    """The uploads' folder, or None when they are not on this machine's disk (e.g. S3)."""
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        return None
    return Path(storage.location)


def _copy_media(destination: Path) -> dict[str, Any]:
    root = _media_root()
    if root is None:
        return {"copied": False, "files": 0, "bytes": 0}
    if root.exists():
        shutil.copytree(root, destination)
    else:
        destination.mkdir()
    return {"copied": True, **_tally(destination)}


def _tally(folder: Path) -> dict[str, int]:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


# -- restore ----------------------------------------------------------------------------------


def restore(source: Path, *, using: str = "default") -> dict[str, Any]:
    """Load a backup into the empty database `using`, then hold it to its manifest; the manifest."""
    manifest = _read_manifest(source)
    connection = connections[using]
    if manifest.get("engine") != connection.vendor:
        raise BackupError(
            _("This backup is of a %(backup)s database; the configured database is %(engine)s.")
            % {"backup": manifest.get("engine"), "engine": connection.vendor}
        )
    _ensure_empty(using)
    if connection.vendor == "sqlite":
        _restore_sqlite(source / SQLITE_FILE, using)
    else:
        pg_restore = ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
        pg_restore += ["-d", connection.settings_dict["NAME"], str(source / POSTGRES_FILE)]
        _run_pg("pg_restore", pg_restore, connection.settings_dict)
    _restore_media(source / MEDIA_DIR, manifest)
    problems = differences(manifest, {**_describe(using), "media": _restored_media(manifest)})
    problems += [p for _name, check in sorted(BACKUP_CHECKS.items()) for p in check.verify()]
    if problems:
        raise BackupError(
            "\n".join([_("The restored database does not match the backup:"), *problems])
        )
    return manifest


def _read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(
            _("No readable manifest in %(path)s: %(error)s") % {"path": source, "error": error}
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("Unknown backup format %(format)s.") % {"format": manifest.get("format")}
        )
    return manifest


def _ensure_empty(using: str) -> None:
    tables = connections[using].introspection.table_names()
    if tables:
        raise BackupError(
            _(
                "The database %(name)s is not empty (%(count)d tables): restore only into a new, "
                "empty database."
            )
            % {"name": connections[using].settings_dict["NAME"], "count": len(tables)}
        )
    root = _media_root()
    if root is not None and root.exists() and any(p.is_file() for p in root.rglob("*")):
        raise BackupError(
            _("The uploads folder %(path)s is not empty: restore only into an empty one.")
            % {"path": root}
        )


def _restore_sqlite(copy: Path, using: str) -> None:
    if not copy.exists():
        raise BackupError(_("The backup has no database file %(path)s.") % {"path": copy})
    connection = connections[using]
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(copy)) as source:
        source.backup(connection.connection)
    connection.close()  # reopened on next use, with the project's pragmas


def _restore_media(folder: Path, manifest: dict[str, Any]) -> None:
    root = _media_root()
    if root is None or not manifest.get("media", {}).get("copied") or not folder.exists():
        return
    shutil.copytree(folder, root, dirs_exist_ok=True)


def _restored_media(manifest: dict[str, Any]) -> dict[str, Any]:
    recorded = manifest.get("media", {})
    root = _media_root()
    if not recorded.get("copied") or root is None:
        return recorded
    return {"copied": True, **_tally(root)}


def differences(manifest: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """Each way `found` (a restored database's description) differs from the manifest."""
    problems = []
    expected, counted = manifest.get("counts", {}), found.get("counts", {})
    for label in sorted(set(expected) | set(counted)):
        if expected.get(label) != counted.get(label):
            problems.append(
                _("%(model)s: %(expected)s rows in the backup, %(found)s restored")
                % {"model": label, "expected": expected.get(label), "found": counted.get(label)}
            )
    for key in ("checks", "media"):
        for name in sorted(set(manifest.get(key, {})) | set(found.get(key, {}))):
            if manifest.get(key, {}).get(name) != found.get(key, {}).get(name):
                problems.append(
                    _("%(name)s: differs from the backup's manifest") % {"name": f"{key}.{name}"}
                )
    return problems


# -- PostgreSQL's tools -----------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """The newest installed `pg_dump` / `pg_restore` (it must not be older than the server);
    LIANXIN_PG_BIN names their folder when they are elsewhere."""
    if folder := os.environ.get("LIANXIN_PG_BIN"):
        return str(Path(folder) / name)
    installed = sorted(
        Path("/").glob(PG_BIN_DIRS.lstrip("/")),
        key=lambda p: [int(x) for x in p.parent.name.split(".") if x.isdigit()],
    )
    for folder_path in reversed(installed):
        if (folder_path / name).exists():
            return str(folder_path / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(_("%(tool)s is not installed.") % {"tool": name})
    return found


def _run_pg(tool: str, arguments: list[str], settings_dict: dict[str, Any]) -> None:
    env = {**os.environ, **_pg_env(settings_dict)}
    done = subprocess.run(
        [pg_tool(tool), *arguments], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{tool}: {done.stderr.strip()}")


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the configured database (the password never on a command line)."""
    pairs = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": settings_dict.get("OPTIONS", {}).get("sslmode"),
    }
    return {key: str(value) for key, value in pairs.items() if value}
