"""Production as documented: deploy/lianxin.env passes `check --deploy`, and gunicorn serves with
deploy/gunicorn.conf.py (no development server)."""

import os
import re
import runpy
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def documented_environment() -> dict[str, str]:
    """The variables deploy/lianxin.env sets, as systemd's EnvironmentFile reads them."""
    pairs = {}
    for line in (DEPLOY / "lianxin.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def clean_environment(tmp_path: Path, **env: str) -> dict[str, str]:
    """This process's environment without any Lianxin or Django setting, plus `env`."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("LIANXIN_", "DJANGO_"))}
    keep.pop("DATABASE_URL", None)
    return {**keep, "DJANGO_SETTINGS_MODULE": "lianxin.settings", **env}


def test_check_deploy_is_clean_at_warning_level_under_the_documented_production_environment(
    tmp_path,
):
    # given exactly deploy/lianxin.env, with the two secrets secrets.env holds (fresh ones), and the
    # var folder moved to a temporary one (a test cannot make /var/lib/lianxin)
    documented = documented_environment()
    secret = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LIANXIN_MEMBERS_KEY": secrets.token_urlsafe(50),
    }
    env = clean_environment(tmp_path, **{**documented, **secret, "LIANXIN_VAR_DIR": str(tmp_path)})
    # when Django's deployment checks run, failing on any warning
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    # then nothing is reported, with HTTPS and HSTS on
    assert done.returncode == 0, done.stdout + done.stderr
    assert not re.search(r"\(\w+\.[WE]\d+\)", done.stdout + done.stderr)
    assert documented["LIANXIN_HTTPS"] == "1"
    assert documented["ALLOWED_HOSTS"]
    assert documented["CSRF_TRUSTED_ORIGINS"].startswith("https://")


def test_the_readme_production_section_names_every_documented_setting():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    for name in [*documented_environment(), "SECRET_KEY", "LIANXIN_MEMBERS_KEY"]:
        assert f"`{name}`" in section, name
    for unit in ("lianxin-web.service", "lianxin-worker@.service", "gunicorn.conf.py"):
        assert (DEPLOY / unit).exists()
        assert unit in section, unit


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (4, 9), (7, 15), (8, 16), (64, 16)])
def test_gunicorn_runs_two_workers_per_core_and_one_more_capped_at_sixteen(cores, workers):
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["web_workers"](cores) == workers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_for(url: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped"
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn did not answer at {url}")


def test_gunicorn_serves_pages_and_static_files_with_no_development_server_warning(tmp_path):
    # given a new SQLite install with its static files collected
    port = _free_port()
    env = clean_environment(
        tmp_path, LIANXIN_VAR_DIR=str(tmp_path), LIANXIN_BIND=f"127.0.0.1:{port}",
        LIANXIN_WEB_WORKERS="2", LIANXIN_SQLITE=str(tmp_path / "db.sqlite3"),
    )  # fmt: skip
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v", "0"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    # when gunicorn is started as `make demo` and the systemd unit start it
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env,
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/healthz", server)
        # then the health check, the login page and a static file answer, from 2 workers
        assert _get(f"{base}/healthz?write=1")[0] == 200
        status, page = _get(f"{base}/accounts/login/")
        assert status == 200
        css = re.search(rb'href="(/static/[^"]+\.css)"', page)
        assert css, page[:500]
        assert _get(base + css.group(1).decode())[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=60)
    text = log.read_text()
    assert "development server" not in text.lower()
    assert len(set(re.findall(r"Booting worker with pid: (\d+)", text))) == 2
