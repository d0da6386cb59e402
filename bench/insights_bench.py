"""Insights on one core: category suggestions per second, and topics over many cases.

python bench/insights_bench.py          # 10,000 cases for the topics
python bench/insights_bench.py --full   # 100,000 cases (takes a core for about a minute)
python bench/insights_bench.py --small  # 2,000 cases: the smoke test

It reads no database, so `python -m bench` runs it once, with the first database.

The cases are in memory (texts composed from the corpus fragments, spread over 300 enterprises and
six months), so the topics figure is the clustering itself; reading 100k rows from the database
(`selectors.recent_topics`) adds a second or two on SQLite.
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"  # one core, as the target says

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianxin.settings")

import django  # noqa: E402

django.setup()

from lianxin.insights import classifier  # noqa: E402
from lianxin.insights.corpus.compose import compose_one  # noqa: E402
from lianxin.insights.corpus.cores import CORES, MORE_CORES  # noqa: E402
from lianxin.insights.topics import Row, find_topics  # noqa: E402


def classify_rate(model: classifier.Model, texts: list[str]) -> dict:
    started = time.perf_counter()
    model.suggest_many(texts)
    batch = len(texts) / (time.perf_counter() - started)
    one = texts[:500]
    took = []
    for text in one:
        started = time.perf_counter()
        model.suggest_many([text])
        took.append(time.perf_counter() - started)
    took.sort()
    return {
        "texts": len(texts),
        "batch_per_second": int(batch),
        "one_by_one_per_second": int(len(one) / sum(took)),
        "one_ms_median": round(1000 * took[len(took) // 2], 2),
        "one_ms_p95": round(1000 * took[int(len(took) * 0.95)], 2),  # the target: ≤ 20 ms
    }


def cases(n: int) -> list[Row]:
    rng = random.Random(7)
    keys = list(CORES)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        key = rng.choice(keys)
        text = compose_one(key, rng.choice(CORES[key] + MORE_CORES[key]), rng)
        at = start + timedelta(minutes=rng.randrange(180 * 24 * 60))
        rows.append(Row(i, text, key, rng.randrange(300), at))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="100,000 cases for the topics")
    parser.add_argument("--small", action="store_true", help="2,000 cases (the smoke test)")
    args, _ = parser.parse_known_args()
    started = time.perf_counter()
    model = classifier.train()
    train_s = time.perf_counter() - started
    heldout, _keys = classifier.read_tsv(classifier.HELDOUT_FILE)
    n = 100_000 if args.full else 2_000 if args.small else 10_000
    rows = cases(n)
    rate = classify_rate(model, [r.text for r in rows[:10_000]])
    started = time.perf_counter()
    topics = find_topics(rows)
    topics_s = time.perf_counter() - started
    result = {
        "name": "insights",
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, one used",
        "train_seconds": round(train_s, 2),
        "heldout_macro_f1": round(classifier.heldout_macro_f1(model), 3),
        "heldout_texts": len(heldout),
        "classify": rate,
        "topics": {
            "cases": n,
            "seconds": round(topics_s, 1),
            "topics": len(topics),
            "largest": [(t.label, t.count, len(t.org_ids)) for t in topics[:5]],
        },
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = ROOT / "bench" / "results" / f"insights_{n}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
