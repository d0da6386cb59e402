#!/usr/bin/env python3
"""The longest modules and functions outside tests and migrations; fails past the limits.

`make lint` runs it: a module over 600 lines or a function over 50 is where a newcomer gets lost,
so it is split before it lands (ARCHITECTURE.md). `--top N` lists the N longest of each.
"""

import argparse
import ast
import sys
from pathlib import Path

MODULE_LIMIT = 600
FUNCTION_LIMIT = 50
SKIP_PARTS = {"tests", "migrations", "node_modules", ".venv", "var", "results"}


def skipped(parts: tuple[str, ...]) -> bool:
    """Tests, migrations, generated results, and hidden folders (virtualenvs such as
    bench/.helpdesk-venv, the peer's) are not the project's code to split."""
    folders = parts[:-1]
    return bool(SKIP_PARTS & set(folders)) or any(part.startswith(".") for part in folders)


def sources(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if not skipped(p.relative_to(root).parts))


def functions(path: Path) -> list[tuple[int, str]]:
    """(length in lines, "path:line name") of every function and method in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            found.append((length, f"{path}:{node.lineno} {node.name}"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("roots", nargs="*", default=["lianxin", "scripts", "bench"])
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    modules, funcs = [], []
    for root in map(Path, args.roots):
        for path in sources(root):
            modules.append((len(path.read_text(encoding="utf-8").splitlines()), str(path)))
            funcs.extend(functions(path))
    modules.sort(reverse=True)
    funcs.sort(reverse=True)
    print(f"longest modules (limit {MODULE_LIMIT} lines):")
    for length, name in modules[: args.top]:
        print(f"  {length:5d}  {name}")
    print(f"longest functions (limit {FUNCTION_LIMIT} lines):")
    for length, name in funcs[: args.top]:
        print(f"  {length:5d}  {name}")
    over = [m for m in modules if m[0] > MODULE_LIMIT] + [f for f in funcs if f[0] > FUNCTION_LIMIT]
    for length, name in over:
        print(f"too long: {name} ({length} lines)", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
