"""智能问数 never falls back to a default figure (issue 20): a question whose subject it cannot
map to a metric is refused — no metric chosen — with or without the areas' declarations; and the
phrasings of the case ledger it must read (a subject noun alone, every way of saying “not finished
yet”, month ranges, two categories in one phrase) are read as meant.
"""

from datetime import date

import pytest

from lianxin.cockpit.ask.answering import ask, describe, from_parsed
from lianxin.cockpit.ask.parser import parse
from lianxin.cockpit.tests.test_ask_areas import no_areas, test_areas  # noqa: F401 (fixtures)
from lianxin.cockpit.tests.test_ask_questions import ORGS, TODAY, E, interpretation
from lianxin.core import clock

D = date

AREA_SUBJECTS = [
    # subjects the test registry keeps no figure of, or names no figure of (an app's declarations
    # may answer some of them, rightly: 提案采纳率 once proposals declares it)
    "今年参加竞赛的有多少人", "揭榜挂帅的项目有多少", "今年困难帮扶了多少人", "送温暖慰问了多少职工",
    "互助保障参保人数", "工匠学院的学员有多少", "学分银行发了多少学分", "就业服务招聘会有几场",
    "今年活动报名人数", "数据治理发现了多少问题", "提案采纳率是多少", "今年有多少人入会",
    "会员的解决率", "改善提案的满意率", "职工参与率最高的企业",
]  # fmt: skip

ANYWHERE = [
    # a bare “how many” without a case noun
    "驿站有多少", "热线有多少", "山阳区有多少", "有多少", "多少", "哪个区最多", "各企业有多少",
    "今年职工工资是多少", "职工培训有多少人", "加班多不多", "今年福利发了多少", "合同签了多少份",
    "全市有多少家企业", "天香面业的职工人数", "职工人数是多少", "社保交了多少钱",
    # no question of the ledger at all
    "今年怎么样", "山阳区情况如何", "天气预报", "帮我写一份报告", "今年的GDP是多少", "各区排名",
    # comparisons, averages and two of one slot
    # (comparisons are answered now — test_ask_compare.py — unless they lack a baseline or a
    # figure, or break the figure down)
    "诉求量增长了多少", "满意率提高了多少", "各区诉求量同比", "同比环比的解决率", "各区平均工资", "诉求人的平均年龄", "欠薪和工伤的诉求各有多少",
    "欠薪、工伤诉求有多少", "热线和随手拍的诉求量", "解决率和满意率各是多少",
    "工伤保险的参保率",
]  # fmt: skip
REFUSED = AREA_SUBJECTS + ANYWHERE


def test_the_refusal_set_is_large_and_distinct():
    assert len(REFUSED) >= 40
    assert len(set(REFUSED)) == len(REFUSED)


@pytest.mark.usefixtures("no_areas")
@pytest.mark.parametrize("question", REFUSED)
def test_refused_without_the_areas_declarations(question):
    parsed = parse(question, today=TODAY, orgs=ORGS)
    assert parsed.error
    assert parsed.metric is None


@pytest.mark.usefixtures("test_areas")
@pytest.mark.parametrize("question", REFUSED)
def test_refused_with_areas_declared(question):
    parsed = parse(question, today=TODAY, orgs=ORGS)
    assert parsed.error
    assert parsed.metric is None


@pytest.mark.parametrize("question", ANYWHERE)
def test_refused_with_what_the_apps_declare(question):
    parsed = parse(question, today=TODAY, orgs=ORGS)
    assert parsed.error
    assert parsed.metric is None


@pytest.mark.usefixtures("no_areas")
def test_the_issues_question_gets_no_figure_and_no_interpretation(world):
    answer = ask(user=world.leader, question="今年参加竞赛的有多少人", today=TODAY, now=clock.now())
    assert answer["understood"] is False
    assert answer["interpretation"] is None
    assert answer["rows"] == []
    assert answer["examples"]


YTD = (D(2026, 1, 1), TODAY)
FEB_APR = (D(2026, 2, 1), D(2026, 4, 30))

PHRASES = [
    # a subject noun alone is its count
    ("工伤问题按季度看看", E("case_count", "quarter", cat="injury_health")),
    ("欠薪诉求", E("case_count", cat="wages")),
    ("各区的投诉", E("case_count", "child")),
    ("本周有多少件", E("case_count", period=(TODAY, TODAY))),
    ("安全问题有多少", E("case_count", cat="safety")),
    # every way of saying “not finished yet”
    ("还在办的有多少", E("open_count")),
    ("尚未办结的诉求", E("open_count")),
    ("没办完的诉求有几件", E("open_count")),
    ("未办结的", E("open_count")),
    ("还没办结的诉求", E("open_count")),
    ("仍在办理的诉求有多少", E("open_count")),
    ("还没结案的有多少", E("open_count")),
    ("各区还在处理的诉求", E("open_count", "child")),
    ("尚未解决的欠薪诉求", E("open_count", cat="wages")),
    # month ranges
    ("2到4月的诉求量", E("case_count", period=FEB_APR)),
    ("3月至6月的解决率", E("resolution_rate", period=(D(2026, 3, 1), TODAY))),
    ("2-4月满意率", E("satisfaction_rate", period=FEB_APR)),
    ("去年11月到2月的诉求量", E("case_count", period=(D(2025, 11, 1), D(2026, 2, 28)))),
    ("6到8月的诉求量", E("case_count", period=(D(2025, 6, 1), D(2025, 8, 31)))),
    ("2025年3到5月每月的解决率", E("resolution_rate", "month", period=(D(2025, 3, 1), D(2025, 5, 31)))),
    # two categories in one phrase: the first in the taxonomy
    ("骑手送餐摔伤的诉求有多少", E("case_count", cat="gig_platform")),
    ("工伤事故的诉求量", E("case_count", cat="injury_health")),
    ("外卖骑手拖欠工资的诉求有多少", E("case_count", cat="wages")),
]  # fmt: skip


@pytest.mark.usefixtures("no_areas")
@pytest.mark.parametrize(("question", "expected"), PHRASES, ids=[q for q, _e in PHRASES])
def test_phrase(question, expected):
    assert interpretation(question) == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("no_areas")
def test_two_categories_in_one_phrase_are_named_in_the_interpretation():
    parsed = parse("骑手送餐摔伤的诉求有多少", today=TODAY, orgs=ORGS)
    assert parsed.note
    assert "新就业形态与平台规则" in parsed.note
    text = describe(from_parsed(parsed, TODAY))
    assert parsed.note in text
