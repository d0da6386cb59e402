"""The rule-based reader of statistics questions in Chinese: it fills the registry's slots.

It never builds a query from the text: every word it knows maps onto a registry key
(vocabulary.py), an org of the user's scope, or a period (periods.py). A question it cannot read
whole — no measure, two measures, two periods, an org it cannot find, a measure the registry does
not have — is refused with a reason, so the caller answers with examples instead of a guess.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from lianxin.cases.taxonomy import CATEGORIES
from lianxin.cockpit.ask import area_words as aw
from lianxin.cockpit.ask import vocabulary as v
from lianxin.cockpit.ask.compare import find_comparison
from lianxin.cockpit.ask.periods import Period, cn_number, find_periods
from lianxin.cockpit.registry import METRICS
from lianxin.core.areas import area_metric

ORG = "org"
ORDER = "order"
RANK_LIMIT = re.compile(
    r"(?:前|头|后|倒数第?|末)(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,2})(?:名|个|家|位|条|类|项)?"
)
LEADING = re.compile(
    r"^(?:的|在|是|和|与|及|从|对|里|中|请问|看看|查询|哪|那|这|各|每|前|后|倒数|第|末|名|个|家|位|\d+|"
    r"[一二两三四五六七八九十]+)+"
)
COUNT_AFTER = re.compile(r"(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,2})(?:个|家|名|位|类|项|条)")


@dataclass(frozen=True)
class OrgRef:
    """An org named in a question (the parser needs only these fields)."""

    id: int
    code: str
    name: str
    short_name: str = ""


@dataclass
class Parsed:
    """The slots read from a question; `error` says why it could not be read whole."""

    metric: str | None = None
    group_by: str | None = None
    org: OrgRef | None = None
    category: str = ""
    channel: str = ""
    urgency: str = ""
    period: Period | None = None
    order: str | None = None
    limit: int | None = None
    area: str | None = None  # the area of an area metric, or the area a refused question is about
    compare: str = ""  # "yoy" (同比), "mom" (环比) or "" (compare.py)
    note: str = ""  # a choice the reader made that the interpretation must show
    error: str = ""
    words: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, value, text)


def normalize(question: str) -> str:
    text = unicodedata.normalize("NFKC", question).upper()
    return re.sub(r"[\s?？!！。,，、;；:：\"'“”‘’]+", "", text)


# ---- the dictionary ---------------------------------------------------------------------------


def _static_entries() -> dict[str, tuple[str, str]]:
    entries: dict[str, tuple[str, str]] = {}

    def add(kind: str, table: dict[str, str]) -> None:
        for value, text in table.items():
            for word in text.split():
                entries.setdefault(normalize(word), (kind, value))

    add(v.UNSUPPORTED, {"": v.UNSUPPORTED_WORDS})
    add(v.METRIC, v.METRIC_WORDS)
    add(v.GROUP, v.GROUP_WORDS)
    add(ORDER, {"high": v.HIGH, "low": v.LOW, "good": v.GOOD, "bad": v.BAD})
    add(ORDER, {"desc": v.ORDER_DESC, "asc": v.ORDER_ASC})
    add(v.CATEGORY, v.CATEGORY_WORDS)
    add(v.CHANNEL, v.CHANNEL_WORDS)
    add(v.URGENCY, v.URGENCY_WORDS)
    add(v.COUNT_HINT, {"case_count": v.COUNT_HINTS})
    return entries


STATIC = _static_entries()
ORG_SUFFIXES = ("总工会", "工会联合会", "工会委员会", "联合工会", "工会")
COMPANY_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "集团", "公司")
REGION_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}?[省市]")
AREA_SUFFIXES = ("街道", "镇", "乡", "区", "县")


def org_aliases(name: str, short_name: str = "") -> set[str]:
    """The ways a question may name an org: 山阳区总工会 → 山阳区, 山阳; 焦作市天香面业有限公司工会
    → 天香面业有限公司, 天香面业 …"""
    found = {normalize(n) for n in (name, short_name) if n}
    for _round in range(3):
        for alias in list(found):
            for suffix in ORG_SUFFIXES + COMPANY_SUFFIXES + AREA_SUFFIXES:
                if alias.endswith(suffix) and len(alias) - len(suffix) >= 2:
                    found.add(alias[: -len(suffix)])
            stripped = REGION_PREFIX.sub("", alias)
            if len(stripped) >= 2:
                found.add(stripped)
    return {a for a in found if len(a) >= 2 and a not in STATIC}


def org_entries(orgs: list[OrgRef]) -> dict[str, OrgRef | None]:
    """alias → org; None where an alias fits several orgs and none of them by its own name."""
    exact: dict[str, list[OrgRef]] = {}
    derived: dict[str, list[OrgRef]] = {}
    for org in orgs:
        own = {normalize(org.name), normalize(org.short_name)}
        for alias in org_aliases(org.name, org.short_name):
            (exact if alias in own else derived).setdefault(alias, []).append(org)
    out: dict[str, OrgRef | None] = {}
    for alias in exact.keys() | derived.keys():
        candidates = exact.get(alias) or derived.get(alias, [])
        out[alias] = candidates[0] if len(candidates) == 1 else None
    return out


def tokenize(
    text: str, orgs: dict[str, OrgRef | None], extra: aw.Entries | None = None
) -> tuple[list[tuple], str]:
    """Forward maximum matching: at each position the longest known word (an org, then the fixed
    dictionary, then the areas' words). Returns the tokens (kind, value, word) and what is left
    over, unknown characters kept in place."""
    extra = extra or {}
    longest = max([len(w) for w in STATIC] + [len(w) for w in orgs] + [len(w) for w in extra] + [1])
    tokens: list[tuple] = []
    rest: list[str] = []
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            word = text[i : i + size]
            if word in orgs:
                tokens.append((ORG, orgs[word], word))
                break
            if word in STATIC:
                tokens.append((*STATIC[word], word))
                break
            if word in extra:
                tokens.append((*extra[word], word))
                break
        else:
            rest.append(text[i])
            i += 1
            continue
        rest.append(" ")
        i += size
    return tokens, "".join(rest)


# ---- reading ------------------------------------------------------------------------------------


def parse(question: str, *, today: date, orgs: list[OrgRef]) -> Parsed:
    """Read the slots of `question`; on anything it cannot read, `error` says what."""
    out = Parsed()
    text = normalize(question)
    if not text:
        out.error = _("Please type a question.")
        return out
    out.compare, text = find_comparison(text)
    if not text.strip():
        out.error = _("Which figure do you mean?")
        return out
    periods = find_periods(text, today)
    if len({p for p, _span in periods}) > 1:
        out.error = _("Please ask about one period at a time.")
        return out
    if periods:
        out.period = periods[0][0]
        a, b = periods[0][1]
        text = text[:a] + " " + text[b:]
    extra = aw.entries(normalize)
    tokens, rest = tokenize(text, org_entries(orgs), extra)
    if _area_words(tokens) and (_distinct(tokens, v.METRIC) or _about_cases(tokens, rest)):
        # 热线诉求的按期办结率, 技能培训的诉求: with cases the subject, an area word made of the
        # ledger's own slice words (热线 + 诉求, 技能 + 培训) is read as those words.
        shaped = {w for w in _area_words(tokens) if _case_shaped(w)}
        extra = {w: e for w, e in extra.items() if w not in shaped}
        tokens, rest = tokenize(text, org_entries(orgs), extra)
    out.words = [
        (k, str(val) if not isinstance(val, OrgRef) else val.code, w) for k, val, w in tokens
    ]
    listed = bool(re.search(r"[、,，/]", question))
    out.error = _fill(out, tokens, rest, listed=listed)
    if out.compare and not out.error and (out.group_by or out.order):
        out.error = _("A comparison is answered for one total; please ask it without a breakdown.")
    if out.error:
        out.metric = None  # a refused question has chosen no figure
    return out


def _area_words(tokens: list[tuple]) -> list[str]:
    return [w for k, _v, w in tokens if k in (aw.AREA, aw.AREA_METRIC)]


def _case_shaped(word: str) -> bool:
    """A word made only of the ledger's slice words and case nouns (热线诉求, 数据问题)."""
    tokens, rest = tokenize(word, {})
    nouns = v.COUNT_NOUNS.split()
    slices = (v.CATEGORY, v.CHANNEL, v.URGENCY)
    return (
        bool(tokens)
        and all(kind in slices for kind, _v, _w in tokens)
        and all(chunk in nouns for chunk in rest.split())
    )


def _distinct(tokens: list[tuple], kind: str) -> list:
    values: list = []
    for k, value, _word in tokens:
        if k == kind and value not in values:
            values.append(value)
    return values


def _fill(out: Parsed, tokens: list[tuple], rest: str, *, listed: bool = False) -> str:
    """Put the tokens into the slots; a non-empty result is why the question was refused."""
    if unsupported := [w for k, _v, w in tokens if k == v.UNSUPPORTED]:
        return _("“%(word)s” is not a figure the cockpit keeps yet.") % {"word": unsupported[0]}
    orgs = _distinct(tokens, ORG)
    if None in orgs:
        word = next(w for k, val, w in tokens if k == ORG and val is None)
        return _("“%(word)s” fits several organisations; please use the full name.") % {
            "word": word
        }
    if unknown := _unknown_place(rest):
        return _("No organisation in your scope is called “%(name)s”.") % {"name": unknown}
    for kind, slot, many in (
        (ORG, "org", _("Please name one organisation at a time, or ask “各区” to compare.")),
        (v.CHANNEL, "channel", _("Please name one channel at a time, or ask “分渠道”.")),
        (v.URGENCY, "urgency", _("Please name one urgency at a time.")),
    ):
        values = _distinct(tokens, kind)
        if len(values) > 1:
            return str(many)
        if values:
            setattr(out, slot, values[0])
    if why := _category(out, tokens, rest, listed=listed):
        return why
    if (why_area := _area_reading(out, tokens, rest)) is not None:
        return why_area
    return _case_reading(out, tokens, rest)


def _case_reading(out: Parsed, tokens: list[tuple], rest: str) -> str:
    """A figure of the case ledger: named, or the count when cases are the question's subject."""
    metrics = _distinct(tokens, v.METRIC)
    if len(metrics) > 1:
        return _("Please ask about one figure at a time.")
    orders = _distinct(tokens, ORDER)
    out.metric = metrics[0] if metrics else None
    if out.metric is None and _about_cases(tokens, rest):
        out.metric = "case_count"
    if "平均" in rest and out.metric != "avg_resolve_days":
        return _("The cockpit averages only the days to resolve a case.")
    if out.metric is None:
        out.area = _pointed_area(tokens)
        if out.area:
            return _("Which figure of “%(area)s” do you mean?") % {"area": aw.area_label(out.area)}
        return _("Which figure do you mean?")
    groups = _distinct(tokens, v.GROUP)
    if len(groups) > 1:
        return _("Please break the figure down one way at a time.")
    out.group_by = groups[0] if groups else None
    return _rank(out, orders, tokens, rest)


def _about_cases(tokens: list[tuple], rest: str) -> bool:
    """Cases are the subject: a case noun (诉求, 问题, 多少件 …), never a bare 多少 or an org."""
    nouns = v.COUNT_NOUNS.split()
    words = [w for k, _v, w in tokens if k != v.UNSUPPORTED]
    return (
        any(n in rest for n in nouns)
        or any(n in w for n in nouns for w in words)
        or any(k == aw.CASE_WORD for k, _v, _w in tokens)
    )


def _pointed_area(tokens: list[tuple]) -> str | None:
    """The area a word of the question belongs to, though the case ledger reads it as a slice
    (驿站, 热线 are channels, and areas too)."""
    entries = aw.entries(normalize)
    for _k, _v, word in tokens:
        kind, key = entries.get(word, ("", ""))
        if kind == aw.AREA_METRIC:
            return aw.metric_area(key)
        if kind == aw.AREA:
            return key
    return None


def _category(out: Parsed, tokens: list[tuple], rest: str, *, listed: bool) -> str:
    """One category; a phrase naming two (骑手送餐摔伤) is read as the first in the taxonomy, and
    the interpretation says so. Categories listed (欠薪和工伤, 欠薪、工伤) are refused."""
    values = _distinct(tokens, v.CATEGORY)
    if len(values) > 1:
        if listed or re.search(r"和|与|及|或|跟|还是", rest):
            return _("Please name one category at a time, or ask “按类别”.")
        order = list(CATEGORIES)
        values.sort(key=lambda key: order.index(key) if key in order else len(order))
        words = "".join(w for k, _v, w in tokens if k == v.CATEGORY)
        name = CATEGORIES[values[0]][0] if values[0] in CATEGORIES else values[0]
        out.note = _(
            "“%(words)s” names several categories; read as “%(category)s”, "
            "the first of them in the taxonomy."
        ) % {"words": words, "category": name}
    if values:
        out.category = values[0]
    return ""


def _area_reading(out: Parsed, tokens: list[tuple], rest: str) -> str | None:
    """A question about an area's figure (None: it names no area's word). A figure of the area
    is answered alone: for the period and the org named, without breakdowns or ranking."""
    metrics = _distinct(tokens, aw.AREA_METRIC)
    named = _distinct(tokens, aw.AREA)
    if not metrics and not named:
        return None
    out.area = aw.metric_area(metrics[0]) if metrics else named[0]
    if len(metrics) > 1 or (metrics and _distinct(tokens, v.METRIC)):
        return _("Please ask about one figure at a time.")
    label = aw.area_label(out.area or "")
    if not metrics:
        if aw.examples(out.area) == v.EXAMPLES:
            return _("The cockpit keeps no figures of “%(area)s” yet.") % {"area": label}
        return _("Which figure of “%(area)s” do you mean?") % {"area": label}
    if any(key != out.area for key in named):
        return _("Please ask about one area at a time.")
    out.metric = metrics[0]
    return _area_slots(out, tokens, rest)


def _area_slots(out: Parsed, tokens: list[tuple], rest: str) -> str:
    """An area's figure is broken down only by a dimension its registration accepts (by month,
    by sub-org); a ranking, another breakdown or a case slice is refused."""
    word = next(w for k, _v, w in tokens if k == aw.AREA_METRIC)
    groups = _distinct(tokens, v.GROUP)
    metric = area_metric(out.metric or "")
    declared = len(groups) == 1 and metric is not None and metric.accepts(groups[0])
    if (
        (groups and not declared)
        or any(k == ORDER for k, _v, _w in tokens)
        or RANK_LIMIT.search(rest)
    ):
        return _(
            "“%(metric)s” is a total for the period; it cannot be broken down or ranked yet."
        ) % {"metric": word}
    out.group_by = groups[0] if groups else None
    if "平均" in rest:
        return _("“%(metric)s” is a total for the period; it has no average.") % {"metric": word}
    entries = aw.entries(normalize)
    own = {
        w for w, (_k, key) in entries.items() if key == out.area or aw.metric_area(key) == out.area
    }
    sliced = [w for k, _v, w in tokens if k in (v.CATEGORY, v.URGENCY, v.CHANNEL) and w not in own]
    if sliced:
        return _("“%(word)s” slices cases; “%(metric)s” has no such slice.") % {
            "word": sliced[0],
            "metric": word,
        }
    out.category = out.channel = out.urgency = ""
    return ""


def _rank(out: Parsed, orders: list[str], tokens: list[tuple], rest: str) -> str:
    limit_match = RANK_LIMIT.search(rest)
    if not orders and not limit_match:
        return ""
    metric = METRICS[out.metric or "case_count"]
    directions = set()
    for order in orders:
        if order in ("good", "bad"):
            order = "high" if (order == "good") == metric.higher_is_better else "low"
        directions.add("desc" if order in ("high", "desc") else "asc")
    if limit_match:
        word = limit_match.group(0)
        directions.add("asc" if word[0] in "后倒末" else "desc")
        out.limit = cn_number(limit_match.group("n"))
    if len(directions) > 1:
        return _("Please rank one way at a time: highest or lowest.")
    out.order = directions.pop()
    if out.limit is None and {"high", "low", "good", "bad"} & set(orders):
        count = COUNT_AFTER.search(rest)
        out.limit = cn_number(count.group("n")) if count else 1
    if out.group_by is None:
        out.group_by = _bare_group(rest)
    if out.group_by is None:
        return _("Ranking needs something to rank, e.g. “各区” or “各企业”.")
    return ""


def _bare_group(rest: str) -> str | None:
    for key, text in v.BARE_GROUPS.items():
        if any(word in rest for word in text.split()):
            return key
    return None


def _unknown_place(rest: str) -> str | None:
    """A word in what is left over that looks like an org's name (…区, …公司): a typo or an org
    outside the scope, which must not silently widen the answer to the whole scope."""
    for chunk in rest.split():
        for suffix in sorted(v.PLACE_SUFFIXES.split(), key=len, reverse=True):
            at = chunk.find(suffix)
            while at >= 0:
                candidate = chunk[: at + len(suffix)]
                candidate = LEADING.sub("", candidate)
                if len(candidate) - len(suffix) >= 2 and candidate not in v.NOT_PLACES.split():
                    return candidate
                at = chunk.find(suffix, at + 1)
    return None
