"""`manage.py backup` under concurrent writes, and `manage.py restore` into a new, empty database.

Each phase runs in its own interpreter against its own database, as an operator would run it: on
SQLite a new file; on PostgreSQL (when the suite runs under scripts/with_postgres.sh) a new database
on the same throwaway cluster. The suite's own test database is not touched.
"""

import contextlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
SECRET = secrets.token_urlsafe(50)

# Registers cases through the service in a thread while the backup runs; prints what was
# acknowledged (register_case returned, so committed) before the backup started and during it.
WRITE_AND_BACK_UP = """
import json, sys, threading, time
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from lianxin.cases.models import Category
from lianxin.cases.services import NewCase, register_case
from lianxin.orgs.tests.factories import OrgFactory

org = OrgFactory(code="BK", case_prefix="BK")
category = Category.objects.order_by("pk").first()
photo = default_storage.save("probe/photo.txt", ContentFile(b"a photo"))
acked, stop = [], threading.Event()

def write():
    try:
        while not stop.is_set():
            title = f"probe-{len(acked)}"
            new = NewCase(origin_org=org, category=category, channel="visit", title=title,
                          description="backup probe", worker_name="Zhang", worker_phone="13812345678")
            register_case(actor=None, new=new)
            acked.append(title)
    finally:
        connection.close()

writer = threading.Thread(target=write)
writer.start()
while len(acked) < 30:
    time.sleep(0.01)
before = list(acked)
call_command("backup", sys.argv[1], verbosity=0)
during = len(acked) - len(before)
stop.set()
writer.join()
print(json.dumps({"before": before, "during": during, "total": len(acked), "photo": photo}))
"""

# Reads a restored database: how many cases bear each probe title, and whether the upload is back;
# verify_journal raises (a non-zero exit) on any break.
READ_RESTORED = """
import json, sys
import django
django.setup()
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count
from lianxin.cases.models import Case
call_command("verify_journal", verbosity=0)
titles = Case.objects.filter(title__startswith="probe-").values("title").annotate(n=Count("pk"))
print(json.dumps({"titles": {t["title"]: t["n"] for t in titles},
                  "photo": default_storage.exists(sys.argv[1])}))
"""


@dataclass
class Install:
    """One database (and var folder) a phase runs against."""

    env: dict[str, str]
    database: str


def _install(folder: Path) -> Install:
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIANXIN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lianxin.settings", LIANXIN_VAR_DIR=str(folder), SECRET_KEY=SECRET
    )
    if not ON_POSTGRES:
        env.pop("DATABASE_URL", None)
        env["LIANXIN_SQLITE"] = str(folder / "db.sqlite3")
        return Install(env, env["LIANXIN_SQLITE"])
    name = f"backup_{uuid.uuid4().hex[:10]}"
    _postgres(f'CREATE DATABASE "{name}"')
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env["DATABASE_URL"] = f"{base}/{name}"
    return Install(env, name)


def _postgres(statement: str) -> None:
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def _run(install: Install, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=install.env,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def _ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _last_json(output: str) -> dict:
    return json.loads(output.splitlines()[-1])


@dataclass
class Backup:
    source: Install
    folder: Path
    written: dict


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory) -> Iterator[Backup]:
    """A new install, registering cases in a thread while `manage.py backup` runs."""
    root = tmp_path_factory.mktemp("backup")
    source = _install(root / "source")
    folder = root / "backup"
    written = _last_json(_ok(_run(source, "-c", WRITE_AND_BACK_UP, str(folder))))
    yield Backup(source, folder, written)
    if ON_POSTGRES:
        _postgres(f'DROP DATABASE IF EXISTS "{source.database}" WITH (FORCE)')


@pytest.fixture
def fresh(tmp_path) -> Iterator[Install]:
    install = _install(tmp_path / "restored")
    yield install
    if ON_POSTGRES:
        _postgres(f'DROP DATABASE IF EXISTS "{install.database}" WITH (FORCE)')


def test_backup_under_concurrent_registrations_restores_every_acknowledged_case_exactly_once(
    backed_up, fresh
):
    # given a backup taken while a thread went on registering cases through the service
    assert backed_up.written["during"] > 0, "no registration was acknowledged during the backup"
    manifest = json.loads((backed_up.folder / "manifest.json").read_text())
    assert manifest["engine"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert manifest["checks"]["journal"]["cases.case"]["chains"] >= len(backed_up.written["before"])
    # when it is restored into a new, empty database
    restored = _ok(_run(fresh, "manage.py", "restore", str(backed_up.folder)))
    assert "journal intact" in restored
    # then every case acknowledged before the backup started is there exactly once, no case is
    # there that the manifest did not count, the journal verifies and the upload is back
    found = _last_json(_ok(_run(fresh, "-c", READ_RESTORED, backed_up.written["photo"])))
    titles = found["titles"]
    assert {t: titles.get(t) for t in backed_up.written["before"]} == dict.fromkeys(
        backed_up.written["before"], 1
    )
    assert set(titles.values()) == {1}
    assert len(titles) <= backed_up.written["total"]
    assert found["photo"] is True


def test_restore_into_a_database_that_is_not_empty_is_refused_and_changes_nothing(backed_up):
    # given the backup's own source database, which is in use
    before = _ok(_run(backed_up.source, "-c", READ_RESTORED, backed_up.written["photo"]))
    # when it is restored into that database
    done = _run(backed_up.source, "manage.py", "restore", str(backed_up.folder))
    # then it is refused with a message naming the database, and nothing changed
    assert done.returncode != 0
    assert backed_up.source.database in done.stderr
    assert _ok(_run(backed_up.source, "-c", READ_RESTORED, backed_up.written["photo"])) == before


def test_restore_that_does_not_match_its_manifest_fails_loudly_naming_the_difference(
    backed_up, fresh, tmp_path
):
    # given a backup whose manifest counts one case more than its database holds
    folder = tmp_path / "tampered"
    shutil.copytree(backed_up.folder, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["counts"]["cases.case"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    # when it is restored into a new, empty database
    done = _run(fresh, "manage.py", "restore", str(folder))
    # then the restore fails and names the model whose count differs
    assert done.returncode != 0
    assert "cases.case" in done.stderr


@pytest.mark.skipif(ON_POSTGRES, reason="edits the SQLite copy in place; a pg_dump file is not")
def test_restore_of_a_backup_whose_journal_was_edited_fails_naming_the_broken_chain(
    backed_up, fresh, tmp_path
):
    # given a backup in which one case's journal event was edited (its counts and chain ends as
    # the manifest says, so only the hashes can tell)
    folder = tmp_path / "edited"
    shutil.copytree(backed_up.folder, folder)
    with contextlib.closing(sqlite3.connect(folder / "db.sqlite3")) as copy, copy:
        target = copy.execute(
            "SELECT target_id FROM audit_event WHERE target_type = 'cases.case' LIMIT 1"
        ).fetchone()[0]
        copy.execute(
            "UPDATE audit_event SET note = 'rewritten' WHERE target_type = 'cases.case' "
            "AND target_id = ? AND seq = 1",
            [target],
        )
    # when it is restored into a new, empty database
    done = _run(fresh, "manage.py", "restore", str(folder))
    # then the restore fails and names the chain that breaks
    assert done.returncode != 0
    assert f"cases.case {target} #1" in done.stderr
