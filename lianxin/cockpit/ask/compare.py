"""Comparisons in Chinese questions: 同比 (against the same period last year) and 环比 (against the
period just before).

`find_comparison(text)` finds the words that ask for one — 同比, 与去年同期相比, 比去年, 环比,
比上月 … — and the words that only say which way the figure moved (增长了多少, 缩短了多少, 多了多少,
的变化 …), and takes them out of the text, so the rest is read as any question: one figure, one
org, one period. The earlier period itself is never computed here: the answer shifts the period
with the cockpit's own `same_period_last_year` and `previous_period`.
"""

import re

YOY, MOM = "yoy", "mom"

_LAST_YEAR = r"(?:去年同期|上年同期|上一年同期|去年|上年|上一年)"
_BEFORE = r"(?:上个月|上一个月|上月|上一期|上期|上个季度|上一季度|上季度)"
_WITH = r"(?:与|和|跟|同)"
_THAN = r"(?:相较于|相比于|相比|对比|比起|较|比)"
_AFTER = r"(?:相比较|相比|比较|对比|比)"


def _markers(last: str, word: str) -> re.Pattern[str]:
    return re.compile(
        rf"{_WITH}{last}{_AFTER}|{_THAN}{last}|{last}{_AFTER}|{word}"
        + (r"|同期相比|同期比" if word == "同比" else "")
    )


MARKERS = ((YOY, _markers(_LAST_YEAR, "同比")), (MOM, _markers(_BEFORE, "环比")))

# How the figure moved: said with a comparison, they add nothing to read (the answer gives the
# difference and the percentage either way).
CHANGE = re.compile(
    r"(?:的)?(?:(?:增长率|变化率|增长|增加|减少|下降|上升|提高|提升|降低|缩短|延长|变化|变动|增减|"
    r"增幅|降幅|幅度|涨幅)(?:了)?|(?:多|少|快|慢|高|低|长|短)了)"
    r"(?:多少个百分点|几个百分点|百分之几|多少天|几天|多少|几)?"
)


def find_comparison(text: str) -> tuple[str, str]:
    """(YOY, MOM or "", the text without the comparison's words). A question naming both is
    read as neither: its words stay, and the reader refuses them."""
    found = [(kind, pattern) for kind, pattern in MARKERS if pattern.search(text)]
    if len(found) != 1:
        return "", text
    kind, pattern = found[0]
    rest = pattern.sub(" ", text)
    rest = CHANGE.sub(" ", rest)
    return kind, rest
