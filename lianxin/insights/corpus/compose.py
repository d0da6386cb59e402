"""Compose the category corpus from the hand-written fragments and lines (deterministic).

python -m lianxin.insights.corpus.compose   # rewrites train.tsv and heldout.tsv beside this file

Every fifth core complaint of a category (and the hand-written lines marked `heldout`) is kept out of
training: the held-out set asks the model about phrasings it never saw, not reshuffled copies.
"""

import random
from pathlib import Path

from lianxin.insights.corpus.cores import CORES, MORE_CORES
from lianxin.insights.corpus.fragments import CLOSERS, DETAILS, DIALECT_TAILS, OPENERS, TYPOS

HERE = Path(__file__).resolve().parent
TRAIN_PER_CATEGORY = 220
HELDOUT_PER_CATEGORY = 25
PLACES = ["", "", "", "我们厂", "俺们车间", "我们单位", "我们这", "我们公司", "我们站点",
          "我们项目上", "我们店里", "我们班组"]  # fmt: skip
AMOUNTS = ["200", "三百", "500", "八百", "1000", "两千", "3000", "五千多", "一万二"]


def is_heldout_core(index: int) -> bool:
    return index % 5 == 4


def _fill(text: str, rng: random.Random) -> str:
    return text.format(
        m=rng.choice(["两", "三", "4", "五", "6", "八", "半年多的"]),
        d=rng.choice(["15", "二十", "25", "28", "十来"]),
        n=rng.choice(["2", "三", "5", "七八", "十", "好几"]),
        amt=rng.choice(AMOUNTS),
        h=rng.choice(["9", "十", "11", "十二"]),
    )


def _misspell(text: str, rng: random.Random) -> str:
    for standard, typed in rng.sample(TYPOS, k=3):
        if standard in text and rng.random() < 0.5:
            text = text.replace(standard, typed, 1)
    return text


def compose_one(key: str, core: str, rng: random.Random) -> str:
    parts = [_fill(rng.choice(OPENERS), rng)]
    place = rng.choice(PLACES)
    parts.append(f"{place}{_fill(core, rng)}" if place and rng.random() < 0.6 else _fill(core, rng))
    if rng.random() < 0.5:
        parts.append("，" + _fill(rng.choice(DETAILS[key]), rng))
    tail = rng.choice(DIALECT_TAILS)
    parts.append(tail)
    closer = rng.choice(CLOSERS)
    if closer:
        parts.append(
            closer if tail.endswith("！") else ("，" if rng.random() < 0.5 else "。") + closer
        )
    text = "".join(parts)
    if rng.random() < 0.35:
        text = _misspell(text, rng)
    if rng.random() < 0.15:
        text = text.replace("，", " ")
    return text.strip()


def compose(*, heldout: bool, seed: int, per_category: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    rows: set[tuple[str, str]] = set()
    for key, cores in CORES.items():
        pool = [c for i, c in enumerate(cores) if is_heldout_core(i) == heldout]
        if not heldout:
            pool += MORE_CORES[key]
        made, attempts = 0, 0
        while made < per_category and attempts < per_category * 20:
            attempts += 1
            row = (key, compose_one(key, rng.choice(pool), rng))
            if row not in rows:
                rows.add(row)
                made += 1
    return sorted(rows)


def handwritten(split: str) -> list[tuple[str, str]]:
    lines = (HERE / "handwritten.tsv").read_text(encoding="utf-8").splitlines()
    return [
        (key, text) for s, key, text in (line.split("\t") for line in lines if line) if s == split
    ]


def write(path: Path, rows: list[tuple[str, str]]) -> None:
    path.write_text("".join(f"{key}\t{text}\n" for key, text in rows), encoding="utf-8")


def main() -> None:
    train = compose(heldout=False, seed=20260501, per_category=TRAIN_PER_CATEGORY)
    heldout = compose(heldout=True, seed=20261201, per_category=HELDOUT_PER_CATEGORY)
    write(HERE / "train.tsv", train + handwritten("train"))
    write(HERE / "heldout.tsv", heldout + handwritten("heldout"))
    print(
        f"train: {len(train) + len(handwritten('train'))}, heldout: {len(heldout) + len(handwritten('heldout'))}"
    )


if __name__ == "__main__":
    main()
