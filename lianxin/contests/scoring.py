"""How marks become an entry's score and scores become a total: pure arithmetic, stated on the page.

- A judge's score for an entry is the weighted sum of their marks (Σ weight × mark).
- An entry's score is the mean over its judges; from `trim_from` judges on (5 by default) the highest
  and the lowest are dropped first (a trimmed mean).
- Optionally each judge's scores are normalised first: z = (x − the judge's mean) / the judge's
  standard deviation, mapped back onto the common scale (overall mean + z × overall deviation), so one
  harsh or generous judge cannot reorder the field.
- The total is points_weight × scaled points + final_weight × final score, where the scaled points are
  points / the highest finalist's points × scale_to (by default), or the points as they are.
"""

from collections.abc import Hashable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean, pstdev
from typing import TypeVar

CENT = Decimal("0.01")
K = TypeVar("K", bound=Hashable)
E = TypeVar("E", bound=Hashable)


def cents(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def judge_total(marks: Mapping[int, Decimal], weights: Mapping[int, Decimal]) -> Decimal:
    """Σ weight × mark over the criteria."""
    return cents(sum((weights[c] * Decimal(m) for c, m in marks.items()), Decimal(0)))


def combine(totals: Sequence[Decimal], *, trim_from: int = 5) -> Decimal | None:
    """The mean of the judges' totals, trimmed of the highest and lowest from `trim_from` judges."""
    if not totals:
        return None
    kept = sorted(totals)
    if trim_from and len(kept) >= max(trim_from, 3):
        kept = kept[1:-1]
    return cents(sum(kept, Decimal(0)) / len(kept))


def normalised(by_judge: Mapping[K, Mapping[E, Decimal]]) -> dict[K, dict[E, Decimal]]:
    """{judge: {entry: score}} with every judge's scores moved onto the common scale via z-scores.

    A judge with a single score, or with all scores equal, contributes the common mean.
    """
    everything = [float(v) for scores in by_judge.values() for v in scores.values()]
    if not everything:
        return {}
    mean_all, sd_all = fmean(everything), pstdev(everything)
    out: dict[K, dict[E, Decimal]] = {}
    for judge, scores in by_judge.items():
        values = [float(v) for v in scores.values()]
        mean_j, sd_j = fmean(values), pstdev(values)
        out[judge] = {
            entry: cents(mean_all + ((float(v) - mean_j) / sd_j if sd_j else 0.0) * sd_all)
            for entry, v in scores.items()
        }
    return out


def scaled_points(
    points: Decimal, *, top: Decimal | None, scale_to: Decimal, relative: bool
) -> Decimal:
    """Points on the final's scale: relative to the highest finalist (top → scale_to), or as they are."""
    if not relative:
        return points
    if not top:
        return Decimal(0)
    return cents(points / top * scale_to)


def total(
    *,
    points: Decimal,
    final_score: Decimal,
    top: Decimal | None,
    scale_to: Decimal,
    relative: bool,
    points_weight: Decimal,
    final_weight: Decimal,
) -> Decimal:
    """总分 = points_weight × scaled points + final_weight × final score."""
    scaled = scaled_points(points, top=top, scale_to=scale_to, relative=relative)
    return cents(points_weight * scaled + final_weight * final_score)
