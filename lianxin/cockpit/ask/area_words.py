"""The words of the business areas the apps declare (core.areas), as 智能问数 reads them.

A metric's synonyms and name fill the metric slot with that metric; an area's synonyms and name
say which area a question is about, so a question about 入会 or 驿站 that names no figure is refused
with that area's examples instead of being answered with a figure of the case ledger. Areas the
registry does not hold yet are still recognised by a few fixed words (vocabulary.AREA_WORDS): a
question about them is refused, never answered with another figure.
"""

from collections.abc import Callable

from django.utils import translation

from lianxin.cockpit.ask import vocabulary as v
from lianxin.cockpit.registry import METRICS
from lianxin.core import areas as hook

AREA, AREA_METRIC, CASE_WORD = "area", "area_metric", "case_word"
Entries = dict[str, tuple[str, str]]

_cache: dict[tuple, Entries] = {}


def case_area() -> str:
    """The area of the case ledger (its figures are the cockpit registry's, with dimensions)."""
    metric = hook.area_metric("case_count")
    return metric.area if metric else "cases"


def _names(name: object) -> list[str]:
    with translation.override("zh-hans"):
        zh = str(name)
    return [zh, str(name)]


def _chinese(name: object, synonyms: tuple[str, ...]) -> str:
    """The name a person reads: the Chinese name, or the first synonym while it is untranslated."""
    zh = _names(name)[0]
    if any("\u4e00" <= c <= "\u9fff" for c in zh) or not synonyms:
        return zh
    return synonyms[0]


def _build(normalize: Callable[[str], str]) -> Entries:
    out: Entries = {}
    cases = case_area()
    for metric in hook.area_metrics():
        kind = v.METRIC if metric.key in METRICS else AREA_METRIC
        for word in (*metric.synonyms, *_names(metric.name)):
            out.setdefault(normalize(word), (kind, metric.key))
    for key, text in v.AREA_METRIC_WORDS.items():
        declared = hook.area_metric(key)
        for word in text.split() if declared is not None else ():
            out.setdefault(normalize(word), (AREA_METRIC, key))
    for area in hook.areas():
        kind = CASE_WORD if area.key == cases else AREA
        for word in (*area.synonyms, *_names(area.name)):
            out.setdefault(normalize(word), (kind, area.key))
    for key, text in v.AREA_WORDS.items():
        for word in text.split():
            out.setdefault(normalize(word), (AREA, key))
    return {w: e for w, e in out.items() if len(w) >= 2}


def entries(normalize: Callable[[str], str]) -> Entries:
    """word → (kind, key) for every declared area and metric (rebuilt when the registry grows)."""
    key = (tuple(a.key for a in hook.areas()), tuple(m.key for m in hook.area_metrics()))
    if key not in _cache:
        _cache.clear()
        _cache[key] = _build(normalize)
    return _cache[key]


def metric_area(key: str) -> str | None:
    """The area of an area metric the cockpit answers through its `compute` (None: a case one)."""
    metric = hook.area_metric(key)
    return metric.area if metric and key not in METRICS else None


def examples(area_key: str | None) -> list[str]:
    """Questions about one area that the reader answers (the general examples when it has none)."""
    if area_key is None or area_key == case_area():
        return list(v.EXAMPLES)
    out = []
    for metric in hook.area_metrics(area_key)[:5]:
        word = metric.synonyms[0] if metric.synonyms else _chinese(metric.name, ())
        out.append(f"今年{word}是多少")
    return out or list(v.EXAMPLES)


def area_label(area_key: str) -> str:
    area = hook.area(area_key)
    if area is not None:
        return _chinese(area.name, area.synonyms)
    return v.AREA_WORDS.get(area_key, area_key).split()[0]
