"""A client nobody on the project wrote: openapi-python-client generates one from /api/openapi.json,
and a small integration script with it lists, registers, moves and walks the ledger against a
live server — what a hotline vendor's developer does on day one."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from lianxin.api.services import create_token
from lianxin.cases.tests.factories import make_case

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "lianxin_generated_client"


@pytest.fixture
def generated(client, tmp_path):
    """The client package, generated from the served schema into a temporary folder."""
    schema = tmp_path / "openapi.json"
    schema.write_bytes(client.get("/api/openapi.json").content)
    config = tmp_path / "config.yaml"
    config.write_text("post_hooks: []\n", encoding="utf-8")
    done = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(schema), "--meta", "none",
         "--output-path", str(tmp_path / PACKAGE), "--config", str(config)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        yield lambda name: importlib.import_module(f"{PACKAGE}.{name}")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_lists_registers_moves_and_walks_the_ledger(
    generated, live_server, world
):
    # Given a ledger with three cases and a token of the chair of the enterprise union
    for i in range(3):
        make_case(actor=world.chair, org=world.ent_a1, title=f"诉求{i}")
    token = create_token(actor=None, user=world.chair, name="vendor").token
    models = generated("models")
    api = generated("client").AuthenticatedClient(
        base_url=live_server.url, token=token, raise_on_unexpected_status=True
    )

    # When the vendor's script lists the ledger, registers a case and accepts it
    listed = generated("api.cases.list_cases").sync(client=api, page_size=2)
    new = models.CaseIn(
        origin_org=world.ent_a1.code, category="wages", channel=models.Channel.HOTLINE,
        title="加班费未发", description="三个月的加班费未发",
    )  # fmt: skip
    registered = generated("api.cases.register_case").sync(client=api, body=new)
    accepted = generated("api.workflow.accept_case").sync(
        client=api, number=registered.number, body=models.NoteIn(note="已受理")
    )
    refused = generated("api.workflow.accept_case").sync(
        client=api, number=registered.number, body=models.NoteIn()
    )

    # Then every answer is a typed model, and the refusal carries the documented code
    assert isinstance(listed, models.CasePage)
    assert (listed.count, len(listed.items)) == (3, 2)
    assert registered.status == "registered"
    assert registered.title == "加班费未发"
    assert accepted.status == "accepted"
    assert isinstance(refused, models.ErrorOut)
    assert refused.error.code == "case.transition_not_allowed"

    # And a walk by cursor, oldest first, sees the four cases once each
    list_cases = generated("api.cases.list_cases")
    oldest = models.CaseSort.REGISTERED_AT
    page = list_cases.sync(client=api, page_size=3, sort=oldest)
    seen = [c.number for c in page.items]
    while page.next_cursor:
        page = list_cases.sync(client=api, page_size=3, sort=oldest, cursor=page.next_cursor)
        seen += [c.number for c in page.items]
    assert len(seen) == len(set(seen)) == 4
    assert seen[-1] == registered.number
