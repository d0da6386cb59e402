"""docs/integrators.md's curl examples work as written: each `sh` block runs in bash against a live
server, with the variables the guide asks the reader to set."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from lianxin.api.services import create_token
from lianxin.cases.tests.factories import make_case
from lianxin.intake.services.open311 import issue_key

GUIDE = Path(settings.BASE_DIR) / "docs" / "integrators.md"
BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)


def blocks() -> list[str]:
    """The guide's shell examples, without the `export` lines (the test sets those variables)."""
    found = BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    return ["\n".join(line for line in block.splitlines() if not line.startswith("export "))
            for block in found]  # fmt: skip


def test_the_guide_has_an_example_for_each_topic():
    text = "\n".join(blocks())
    for needle in ["cursor=", "If-None-Match", "/accept", '/api/cases"', "open311/v2/requests"]:
        assert needle in text, needle


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl")
@pytest.mark.django_db(transaction=True)
def test_every_curl_example_of_the_guide_runs_against_a_live_server(live_server, world, tmp_path):
    # Given a ledger, a chair's token, an Open311 key, and the variables the guide names
    case = make_case(actor=world.chair, org=world.ent_a1, title="加班费未发")
    _key, open311_key = issue_key(app_name="guide", actor=None)
    env = {
        **os.environ,
        "LIANXIN": live_server.url,
        "TOKEN": create_token(actor=None, user=world.chair, name="guide").token,
        "CASE": case.number,
        "OPEN311_KEY": open311_key,
    }
    outputs = []
    # When each example runs in bash, as a reader pastes it
    for block in blocks():
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", block],
            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env,
        )  # fmt: skip
        # Then it succeeds, and says what the guide says it says
        assert done.returncode == 0, (block, done.stdout, done.stderr)
        outputs.append(done.stdout)
    joined = "\n".join(outputs)
    assert case.number in joined  # the cursor walk listed the ledger
    assert "404\ncase.not_found" in joined  # the error example
    assert re.search(r"^304$", joined, re.MULTILINE)  # polling with an ETag
    assert re.search(r"^ratelimit-remaining: \d+", joined, re.MULTILINE | re.IGNORECASE)
    assert '"service_request_id"' in joined  # the Open311 request was posted
