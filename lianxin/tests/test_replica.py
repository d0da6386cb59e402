"""The ledger's and the cockpit's pages read from a PostgreSQL replica: a second local cluster
streaming from the first (pg_basebackup), the app configured with LIANXIN_REPLICA_URL. While the
replica's replay is paused, a case just registered on the primary is missing from the ledger (read
on the replica) but on its own page (read on the primary); once replay resumes it is listed."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from lianxin.tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def pg_bin() -> Path:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("run once, in the suite's PostgreSQL pass (it starts its own clusters)")
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        if os.environ.get("LIANXIN_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required but not installed")
        pytest.skip("PostgreSQL is not installed")
    return found[-1].parent


def run_as_owner(*command: str | Path) -> None:
    """initdb and the servers refuse root: run them as the postgres user then."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True)


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[str, str]]:
    bin_dir, base = pg_bin(), Path(tempfile.mkdtemp(prefix="lianxin-replica-"))
    base.chmod(0o755)
    if os.getuid() == 0:
        shutil.chown(base, "postgres")
    primary, standby = base / "primary", base / "standby"
    ports = free_port(), free_port()
    started: list[Path] = []
    server = "-k {base} -c listen_addresses=127.0.0.1 -c fsync=off -p {port}"
    try:
        run_as_owner(bin_dir / "initdb", "-D", primary, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        run_as_owner(bin_dir / "pg_ctl", "-D", primary, "-l", base / "primary.log", "-w", "-o", server.format(base=base, port=ports[0]), "start")  # fmt: skip
        started.append(primary)
        run_as_owner(bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(ports[0]), "-U", "postgres", "lianxin")  # fmt: skip
        run_as_owner(bin_dir / "pg_basebackup", "-D", standby, "-R", "-X", "stream", "-h", "127.0.0.1", "-p", str(ports[0]), "-U", "postgres")  # fmt: skip
        run_as_owner(bin_dir / "pg_ctl", "-D", standby, "-l", base / "standby.log", "-w", "-o", server.format(base=base, port=ports[1]), "start")  # fmt: skip
        started.append(standby)
        yield tuple(f"postgres://postgres@127.0.0.1:{p}/lianxin" for p in ports)  # type: ignore[misc]
    finally:
        for data in reversed(started):
            subprocess.run(["runuser", "-u", "postgres", "--", str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"] if os.getuid() == 0 else [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_ledger_and_the_cockpit_read_from_the_replica_and_the_rest_from_the_primary(
    clusters, tmp_path
):
    primary, replica = clusters
    env = {**os.environ, "DATABASE_URL": primary, "LIANXIN_REPLICA_URL": replica,
           "LIANXIN_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "lianxin.test_settings"}  # fmt: skip
    manage(env, "migrate", "--noinput", "-v", "0")
    out = manage(env, "shell", "-c", "from lianxin.tests.replica_probe import main; main()")
    report = json.loads(out.split("REPORT ", 1)[1])
    assert report["first_replicated"]
    assert report["second_replicated"]
    paused = report["paused"]
    # while replay is paused: the ledger (replica) lists the first case, not the second …
    assert paused["ledger"] == {"status": 200, "第一件诉求甲": True, "第二件诉求乙": False}
    # … the case's own page (primary) shows the second, and the cockpit answers from the replica
    assert paused["detail"] == {"status": 200, "第二件诉求乙": True}
    assert paused["dashboard"]["status"] == 200
    # once replay resumes, the ledger lists both
    assert report["resumed"]["ledger"] == {
        "status": 200,
        "第一件诉求甲": True,
        "第二件诉求乙": True,
    }
