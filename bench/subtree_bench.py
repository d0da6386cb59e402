"""Subtree queries over a generated province of 100k+ orgs: the plan (an index range scan) and the time.

python bench/subtree_bench.py            # SQLite in a temporary file
DATABASE_URL=postgres://… python bench/subtree_bench.py
"""

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["LIANXIN_SQLITE"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from lianxin.orgs.generate import bulk_generate  # noqa: E402
from lianxin.orgs.models import Org, OrgKind  # noqa: E402
from lianxin.orgs.services import create_org  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    root = Org.objects.filter(code="BENCH").first() or create_org(
        actor=None, code="BENCH", name="基准省总工会", kind=OrgKind.FEDERATION
    )
    started = time.perf_counter()
    total = bulk_generate(root) if not root.children.exists() else root.subtree().count() - 1
    load_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE orgs_org")
    districts = list(Org.objects.filter(code__regex=rf"^G{root.pk}\.\d+\.\d+$")[:50])
    timings = []
    for district in districts:
        t = time.perf_counter()
        list(Org.objects.subtree_of(district).values_list("id", flat=True))
        timings.append((time.perf_counter() - t) * 1000)
    plan = Org.objects.subtree_of(districts[0]).only("id").explain()
    result = {
        "name": "subtree",
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores",
        "database": connection.vendor,
        "orgs": total + 1,
        "load_seconds": round(load_s, 2),
        "median_ms": round(statistics.median(timings), 3),
        "p95_ms": round(sorted(timings)[int(len(timings) * 0.95) - 1], 3),
        "plan": plan,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = ROOT / "bench" / "results" / f"subtree_{connection.vendor}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
