"""`manage.py check --deploy` under production settings warns of nothing the README does not explain."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

README = Path(settings.BASE_DIR) / "README.md"
HTTP_ONLY = {"security.W004", "security.W008", "security.W012", "security.W016"}


def deploy_warnings(tmp_path: Path, **env: str) -> set[str]:
    """The check ids `check --deploy` reports with the real settings and this environment."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("LIANXIN_", "DJANGO_"))}
    keep.pop("DATABASE_URL", None)  # the check needs no database
    environment = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "lianxin.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "lianxin.example",
        "LIANXIN_VAR_DIR": str(tmp_path),
        **env,
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert "ERRORS" not in output, output
    return set(re.findall(r"\((\w+\.[WE]\d+)\)", output))


def production_section() -> str:
    text = README.read_text()
    return text.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]


def test_check_deploy_under_production_settings_warns_only_of_what_the_readme_explains(tmp_path):
    # given the production environment: DEBUG off, HTTPS on, a random key
    warnings = deploy_warnings(tmp_path, LIANXIN_HTTPS="1")
    # then HTTPS, HSTS and secure cookies are in place, and any warning left is documented
    assert not warnings & HTTP_ONLY, warnings
    section = production_section()
    undocumented = {w for w in warnings if w not in section}
    assert undocumented == set()


def test_check_deploy_without_https_names_what_the_readme_says_https_fixes(tmp_path):
    warnings = deploy_warnings(tmp_path)
    assert warnings >= HTTP_ONLY
    section = production_section()
    assert all(w.split(".")[1] in section for w in warnings)
