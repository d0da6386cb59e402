"""Every error code Lianxin can answer with, read from its own source.

Codes are written where the error is raised (`raise NotFound(..., code="case.not_found")`,
`require(ok, message, "import.file_empty")`), so this reads them there instead of keeping a second
list that could drift: the API docs show the list, and the suite fails on a raise without a code.
"""

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
ERRORS = frozenset(
    {"DomainError", "TransitionNotAllowed", "PermissionDenied", "NotFound", "InvalidInput"}
)
HELPERS = frozenset({"require"})  # core.errors.require(condition, message, code)
DECLARED = frozenset({"Refusal"})  # core.errors.Refusal(message, code=…), raised later
PACKAGE = Path(__file__).resolve().parent.parent


def _sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts):
            yield path


def raised_codes() -> Iterator[tuple[str, int, str | None]]:
    """(file, line, code) for every construction of a domain error or call of `require`: the code,
    "*" where a helper passes on its caller's, or None where none is given."""
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in ERRORS | HELPERS | DECLARED:
                continue
            given = next((k.value for k in node.keywords if k.arg == "code"), None)
            if given is None and name in HELPERS and len(node.args) > 2:
                given = node.args[2]
            if given is None:
                code = None
            else:  # a code passed on by a helper (core.errors.require, a Workflow) reads as "*"
                code = str(given.value) if isinstance(given, ast.Constant) else "*"
            yield str(path.relative_to(PACKAGE.parent)), node.lineno, code


@cache
def error_codes() -> list[str]:
    """Every code in use, sorted (the workflows' `<name>.transition_not_allowed` included)."""
    from lianxin.core.workflow import WORKFLOWS

    codes = {code for _f, _l, code in raised_codes() if code and code != "*"}
    return sorted(codes | {flow.code for flow in WORKFLOWS})
