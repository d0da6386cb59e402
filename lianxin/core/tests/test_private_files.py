"""The SQLite file, the var folder and the media folder are this account's only."""

import os
import stat
import subprocess
import sys
from pathlib import Path

LOAD_SETTINGS = "import os; os.umask(0o022); import lianxin.settings"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def load_settings(var: Path, sqlite: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(LIANXIN_VAR_DIR=str(var), LIANXIN_SQLITE=str(sqlite))
    subprocess.run([sys.executable, "-c", LOAD_SETTINGS], env=env, check=True, timeout=60)


def test_a_fresh_install_creates_its_database_and_folders_private(tmp_path):
    # given a process whose umask would leave new files world-readable
    var = tmp_path / "var"
    # when the settings load on a fresh machine
    load_settings(var, var / "lianxin.sqlite3")
    # then var/, media/ and the (empty, not yet opened) SQLite file are the owner's only
    assert mode(var) == 0o700
    assert mode(var / "media") == 0o700
    assert mode(var / "lianxin.sqlite3") == 0o600
    assert mode(var / "secret_key") == 0o600


def test_an_old_world_readable_install_is_narrowed(tmp_path):
    var = tmp_path / "var"
    (var / "media").mkdir(parents=True)
    (var / "lianxin.sqlite3").write_bytes(b"")
    for path, old in [(var, 0o755), (var / "media", 0o755), (var / "lianxin.sqlite3", 0o644)]:
        path.chmod(old)
    load_settings(var, var / "lianxin.sqlite3")
    assert (mode(var), mode(var / "media"), mode(var / "lianxin.sqlite3")) == (0o700, 0o700, 0o600)


def test_uploads_and_their_folders_are_created_private(settings):
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700


def test_a_shared_sticky_folder_given_as_var_is_left_as_it_is(tmp_path):
    # given VAR_DIR pointed by mistake at a shared folder like /tmp (sticky, world-writable)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    # when the settings load
    load_settings(shared, tmp_path / "db.sqlite3")
    # then the shared folder keeps its mode; what Lianxin creates inside is still private
    assert mode(shared) == 0o1777
    assert mode(shared / "media") == 0o700
