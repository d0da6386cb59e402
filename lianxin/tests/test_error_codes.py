"""One error code scheme: every domain error names a stable `<area>.<what>` code, listed in the docs."""

import re

from lianxin.core.error_catalogue import CODE, error_codes, raised_codes


def test_every_domain_error_raised_names_a_stable_code_of_the_scheme():
    found = list(raised_codes())
    assert len(found) > 200  # the reader does see the raises
    without = [f"{path}:{line}" for path, line, code in found if code is None]
    assert without == []
    passed_on = {path for path, _line, code in found if code == "*"}
    assert passed_on == {"lianxin/core/errors.py", "lianxin/core/workflow.py"}
    wrong = [
        f"{p}:{line} {code}"
        for p, line, code in found
        if code not in (None, "*") and not CODE.match(code)
    ]
    assert wrong == []


def test_the_api_docs_list_every_code(client):
    description = client.get("/api/openapi.json").json()["info"]["description"]
    codes = error_codes()
    assert "case.transition_not_allowed" in codes
    assert "import.file_too_large" in codes
    assert all(f"`{code}`" in description for code in codes)


def test_the_api_codes_listed_are_the_ones_the_api_answers_with():
    from pathlib import Path

    from lianxin.rest import API_CODES

    root = Path(__file__).resolve().parents[1]
    used = set()
    for name in ("rest.py", "views.py"):
        used |= set(re.findall(r'"(api\.[a-z_]+)"', (root / name).read_text(encoding="utf-8")))
    assert used == set(API_CODES)
