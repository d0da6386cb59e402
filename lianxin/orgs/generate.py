"""Build large org trees fast (bulk inserts with paths computed up front) for tests and benchmarks."""

from collections.abc import Iterator

from lianxin.orgs import tree
from lianxin.orgs.models import Org, OrgKind

# (kind, children per node) from the root downward: 1 province → 10 cities → 10 districts →
# 10 streets → 100 enterprises = 100,000 enterprises (with the levels above, 111,111 orgs).
DEFAULT_SHAPE: list[tuple[str, int]] = [
    (OrgKind.FEDERATION, 10),
    (OrgKind.FEDERATION, 10),
    (OrgKind.UNION, 10),
    (OrgKind.ENTERPRISE, 100),
]


def iter_tree(
    root: Org, shape: list[tuple[str, int]], prefix: str = "G"
) -> Iterator[tuple[Org, str]]:
    """Yield unsaved orgs depth-first with their parent's path; parents are resolved on insert."""

    def walk(parent_path: str, parent_code: str, level: int) -> Iterator[tuple[Org, str]]:
        if level == len(shape):
            return
        kind, fanout = shape[level]
        for n in range(1, fanout + 1):
            path = tree.child_path(parent_path, n)
            code = f"{parent_code}.{n}"
            yield Org(code=code, name=f"{kind}{code}", kind=kind, path=path), parent_path
            yield from walk(path, code, level + 1)

    yield from walk(root.path, f"{prefix}{root.pk}", 0)


def bulk_generate(
    root: Org, shape: list[tuple[str, int]] = DEFAULT_SHAPE, batch: int = 5000
) -> int:
    """Insert the tree below `root` level by level so every parent has its id before its children."""
    by_level: dict[int, list[tuple[Org, str]]] = {}
    for org, parent_path in iter_tree(root, shape):
        by_level.setdefault(tree.depth(org.path), []).append((org, parent_path))
    ids = {root.path: root.pk}
    total = 0
    for level in sorted(by_level):
        rows = by_level[level]
        for org, parent_path in rows:
            org.parent_id = ids[parent_path]
        # Both SQLite (3.35+) and PostgreSQL hand the new ids back from a bulk insert.
        Org.objects.bulk_create([o for o, _ in rows], batch_size=batch)
        ids.update((o.path, o.pk) for o, _ in rows)
        total += len(rows)
    return total
