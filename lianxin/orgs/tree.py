"""The materialized path of the org tree.

Each org's `path` is its ancestors' segments followed by its own, each a fixed-width run of digits.
The subtree of P is then the range  P <= path < upper(P)  where upper(P) increments P's last segment:
one range scan on a plain B-tree index, on SQLite and PostgreSQL alike, with no recursion and no
LIKE (SQLite's case-insensitive LIKE cannot use an ordinary index). Digit-only paths compare the same
under any collation.
"""

SEGMENT = 6
MAX_SEGMENT = 10**SEGMENT - 1


def segment(n: int) -> str:
    if not 1 <= n <= MAX_SEGMENT:
        raise ValueError(f"tree segment out of range: {n}")
    return f"{n:0{SEGMENT}d}"


def child_path(parent_path: str, n: int) -> str:
    return parent_path + segment(n)


def upper_bound(path: str) -> str:
    """The smallest path that sorts after every path in P's subtree."""
    head, last = path[:-SEGMENT], int(path[-SEGMENT:])
    return head + f"{last + 1:0{SEGMENT}d}"


def depth(path: str) -> int:
    return len(path) // SEGMENT


def last_segment(path: str) -> int:
    return int(path[-SEGMENT:])


def ancestor_paths(path: str) -> list[str]:
    """Every proper ancestor's path, root first."""
    return [path[:i] for i in range(SEGMENT, len(path), SEGMENT)]
