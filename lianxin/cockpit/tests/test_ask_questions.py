"""智能问数 against a table of questions written for the project, each with the interpretation a
person means. Today is fixed (Monday 18 May 2026); the orgs are the Jiaozuo demo city's.

The table covers every slot and phrase class of the issue: metric words and synonyms, relative and
absolute periods, group-by phrases, org / category / channel / urgency filters, ranking — and
questions that must be refused with the helpful answer (REFUSE), never answered with a guess.
"""

from datetime import date

import pytest

from lianxin.cockpit.ask.answering import from_parsed
from lianxin.cockpit.ask.parser import OrgRef, parse
from lianxin.demo import orgs_data

TODAY = date(2026, 5, 18)
REFUSE = None


def demo_orgs() -> list[OrgRef]:
    """The demo org tree as the loader builds it (names, short names and codes), without a DB."""
    refs = [OrgRef(1, orgs_data.CITY["code"], orgs_data.CITY["name"], orgs_data.CITY["short_name"])]
    for d_code, (d_name, _region, unions) in orgs_data.DISTRICTS.items():
        refs.append(OrgRef(len(refs) + 1, d_code, d_name))
        for u_code, (u_name, enterprises) in unions.items():
            refs.append(OrgRef(len(refs) + 1, u_code, u_name))
            for i, e_name in enumerate(enterprises, start=1):
                short = e_name.removeprefix("焦作市").removeprefix("焦作").removesuffix("有限公司")
                code = f"{u_code}-{i:02d}"
                refs.append(OrgRef(len(refs) + 1, code, e_name + "工会", short))
                for j, team in enumerate(orgs_data.TEAMS[:2], start=1):
                    refs.append(OrgRef(len(refs) + 1, f"{code}-T{j}", f"{short}{team}"))
    for p_code, p_name in orgs_data.PARTNERS.values():
        refs.append(OrgRef(len(refs) + 1, p_code, p_name))
    return refs


ORGS = demo_orgs()

D = date
YTD = (D(2026, 1, 1), TODAY)
Y2025 = (D(2025, 1, 1), D(2025, 12, 31))
MAY = (D(2026, 5, 1), TODAY)
APR = (D(2026, 4, 1), D(2026, 4, 30))
Q1 = (D(2026, 1, 1), D(2026, 3, 31))
L7 = (D(2026, 5, 12), TODAY)
L30 = (D(2026, 4, 19), TODAY)


def E(metric, group=None, org=None, cat="", ch="", urg="", period=YTD, order=None, limit=None):
    return {
        "metric": metric, "group_by": group, "org": org, "category": cat, "channel": ch,
        "urgency": urg, "period": period, "order": order, "limit": limit,
    }  # fmt: skip


QUESTIONS = [
    # metrics and their synonyms
    ("今年各区的解决率", E("resolution_rate", "child")),
    ("今年的办结率是多少", E("resolution_rate")),
    ("去年满意率", E("satisfaction_rate", period=Y2025)),
    ("本月满意度怎么样", E("satisfaction_rate", period=MAY)),
    ("上个月响应率", E("response_rate", period=APR)),
    ("一季度按期办结率", E("on_time_rate", period=Q1)),
    ("上半年平均办理时长", E("avg_resolve_days")),
    ("近30天有多少件诉求", E("case_count", period=L30)),
    ("2025年诉求数量", E("case_count", period=Y2025)),
    ("3月份超期的有多少", E("overdue_count", period=(D(2026, 3, 1), D(2026, 3, 31)))),
    ("现在逾期未办结的有几件", E("overdue_count")),
    ("各区超期件数", E("overdue_count", "child")),
    ("未办结的诉求有多少", E("open_count")),
    ("山阳区积压了多少件", E("open_count", org="JZ-SY")),
    ("平均要多久才能办结", E("avg_resolve_days")),
    ("天香面业的诉求平均办理天数", E("avg_resolve_days", org="JZ-SY-YH-01")),
    ("近半年的按时办结率", E("on_time_rate", period=(D(2025, 11, 19), TODAY))),
    ("最近一周新增多少诉求", E("case_count", period=L7)),
    ("昨天新增诉求", E("case_count", period=(D(2026, 5, 17), D(2026, 5, 17)))),
    ("在办诉求按渠道分布", E("open_count", "channel")),
    # periods
    ("2025年一季度满意率", E("satisfaction_rate", period=(D(2025, 1, 1), D(2025, 3, 31)))),
    ("去年12月的解决率", E("resolution_rate", period=(D(2025, 12, 1), D(2025, 12, 31)))),
    ("前年的诉求总数", E("case_count", period=(D(2024, 1, 1), D(2024, 12, 31)))),
    ("上季度超期件", E("overdue_count", period=Q1)),
    ("2026-02-01至2026-02-28的响应率", E("response_rate", period=(D(2026, 2, 1), D(2026, 2, 28)))),
    ("近7天的诉求量", E("case_count", period=L7)),
    ("本周有多少件", E("case_count", period=(TODAY, TODAY))),
    ("上周的响应率", E("response_rate", period=(D(2026, 5, 11), D(2026, 5, 17)))),
    ("下半年满意率", E("satisfaction_rate", period=(D(2025, 7, 1), D(2025, 12, 31)))),
    ("三季度的诉求量", E("case_count", period=(D(2025, 7, 1), D(2025, 9, 30)))),
    ("8月份的解决率", E("resolution_rate", period=(D(2025, 8, 1), D(2025, 8, 31)))),
    ("近一年各区的诉求量", E("case_count", "child", period=(D(2025, 5, 19), TODAY))),
    ("今年以来各类别的诉求量", E("case_count", "category")),
    ("本季度各街道的办结率", E("resolution_rate", "child", period=(D(2026, 4, 1), TODAY))),
    ("二季度的满意率", E("satisfaction_rate", period=(D(2026, 4, 1), TODAY))),
    (
        "去年下半年各区的解决率",
        E("resolution_rate", "child", period=(D(2025, 7, 1), D(2025, 12, 31))),
    ),
    ("Q1的响应率", E("response_rate", period=Q1)),
    ("二〇二五年的满意度", E("satisfaction_rate", period=Y2025)),
    ("近三个月每月的满意度", E("satisfaction_rate", "month", period=(D(2026, 2, 19), TODAY))),
    ("上一年的办结率", E("resolution_rate", period=Y2025)),
    # group-by phrases
    ("各企业的满意率", E("satisfaction_rate", "enterprise")),
    ("按类别统计今年的诉求量", E("case_count", "category")),
    ("每月的诉求数", E("case_count", "month")),
    ("分渠道看上个月的诉求量", E("case_count", "channel", period=APR)),
    ("各季度解决率", E("resolution_rate", "quarter")),
    ("1月到3月每月的诉求量", E("case_count", "month", period=Q1)),
    ("各渠道的满意率", E("satisfaction_rate", "channel")),
    ("按月统计去年的解决率", E("resolution_rate", "month", period=Y2025)),
    ("每个月的超期件数", E("overdue_count", "month")),
    ("2025年每季度的诉求量", E("case_count", "quarter", period=Y2025)),
    ("各县区的办结率", E("resolution_rate", "child")),
    ("各基层工会的满意率", E("satisfaction_rate", "enterprise")),
    ("按企业统计超期件", E("overdue_count", "enterprise")),
    ("去年各区的响应率", E("response_rate", "child", period=Y2025)),
    ("各下级单位的按期办结率", E("on_time_rate", "child")),
    ("近30天热线来的诉求按类别分", E("case_count", "category", ch="hotline", period=L30)),
    # org filters anywhere in scope
    ("山阳区的解决率", E("resolution_rate", org="JZ-SY")),
    ("天香面业今年的满意率", E("satisfaction_rate", org="JZ-SY-YH-01")),
    ("解放区欠薪问题的办结率", E("resolution_rate", org="JZ-JF", cat="wages")),
    ("山阳区各街道的响应率", E("response_rate", "child", org="JZ-SY")),
    ("锦华纺织的诉求有多少", E("case_count", org="JZ-JF-JN-01")),
    ("中站区化工产业工会的办结率", E("resolution_rate", org="JZ-ZZ-CY")),
    ("中站区的超期件", E("overdue_count", org="JZ-ZZ")),
    ("焦作市总工会今年的满意率", E("satisfaction_rate", org="JZ")),
    ("解放区快鸟同城配送站的诉求量", E("case_count", org="JZ-JF-JN-03")),
    ("艺新街道各企业的解决率", E("resolution_rate", "enterprise", org="JZ-SY-YH")),
    ("焦作恒信机械制造有限公司的满意率", E("satisfaction_rate", org="JZ-SY-YH-02")),
    # category filters and synonyms
    ("欠薪诉求有多少件", E("case_count", cat="wages")),
    ("一季度欠薪诉求有多少件", E("case_count", cat="wages", period=Q1)),
    ("社保方面的诉求有多少", E("case_count", cat="social_insurance")),
    ("工伤类诉求的平均办结时长", E("avg_resolve_days", cat="injury_health")),
    ("食堂宿舍问题的满意率", E("satisfaction_rate", cat="canteen_dorm")),
    ("女职工权益的诉求量", E("case_count", cat="women")),
    ("安全生产诉求的响应率", E("response_rate", cat="safety")),
    ("骑手反映的诉求有多少件", E("case_count", cat="gig_platform")),
    ("加班问题有多少", E("case_count", cat="hours_leave")),
    ("加班费的诉求有多少", E("case_count", cat="wages")),
    ("劳动合同纠纷的解决率", E("resolution_rate", cat="contract")),
    ("拖欠工资的诉求各区有多少", E("case_count", "child", cat="wages")),
    # channel and urgency filters
    ("热线来的诉求有多少", E("case_count", ch="hotline")),
    ("12351热线的响应率", E("response_rate", ch="hotline")),
    ("随手拍的诉求量", E("case_count", ch="snapshot")),
    ("陪伴日收集的诉求解决率", E("resolution_rate", ch="visit")),
    ("网上意见箱的满意度", E("satisfaction_rate", ch="online")),
    ("工会驿站的诉求有多少", E("case_count", ch="station")),
    ("议事厅的诉求办结率", E("resolution_rate", ch="meeting")),
    ("来信来访的诉求量", E("case_count", ch="letter")),
    ("热线诉求的按期办结率", E("on_time_rate", ch="hotline")),
    ("紧急诉求的响应率", E("response_rate", urg="urgent")),
    ("复杂诉求的平均办理时长", E("avg_resolve_days", urg="complex")),
    ("今年紧急诉求有多少件", E("case_count", urg="urgent")),
    # ranking
    ("哪个区解决率最高", E("resolution_rate", "child", order="desc", limit=1)),
    ("满意率最低的三家企业", E("satisfaction_rate", "enterprise", order="asc", limit=3)),
    (
        "上个月满意率最低的三家企业",
        E("satisfaction_rate", "enterprise", period=APR, order="asc", limit=3),
    ),
    ("各区满意度排名", E("satisfaction_rate", "child", order="desc")),
    ("超期最多的前三个区", E("overdue_count", "child", order="desc", limit=3)),
    ("上半年哪个区平均办理时长最短", E("avg_resolve_days", "child", order="asc", limit=1)),
    ("哪家企业的按期办结率最低", E("on_time_rate", "enterprise", order="asc", limit=1)),
    ("解决率排名前五的企业", E("resolution_rate", "enterprise", order="desc", limit=5)),
    ("各区解决率从低到高", E("resolution_rate", "child", order="asc")),
    ("倒数三名的区满意率", E("satisfaction_rate", "child", order="asc", limit=3)),
    ("哪个渠道诉求最多", E("case_count", "channel", order="desc", limit=1)),
    ("哪类问题最多", E("case_count", "category", order="desc", limit=1)),
    ("欠薪诉求最多的企业", E("case_count", "enterprise", cat="wages", order="desc", limit=1)),
    ("上个月各区的超期件排名", E("overdue_count", "child", period=APR, order="desc")),
    ("满意度最好的区", E("satisfaction_rate", "child", order="desc", limit=1)),
    ("超期最少的企业", E("overdue_count", "enterprise", order="asc", limit=1)),
    ("平均办理时长最长的前三家企业", E("avg_resolve_days", "enterprise", order="desc", limit=3)),
    ("解决率最高的企业", E("resolution_rate", "enterprise", order="desc", limit=1)),
    # the second reading of the 解决率, and the accident claims
    ("今年全口径解决率", E("resolution_rate_all")),
    ("各区的全口径解决率", E("resolution_rate_all", "child")),
    ("今年理赔件数", E("claim_count")),
    ("各类理赔的赔付金额", E("claim_amount_paid", "claim_type")),
    ("按理赔类型的理赔件数", E("claim_count", "claim_type")),
    ("今年交通事故的申请金额", E("claim_amount_claimed", cat="accident")),
    # refused: the helpful answer, never a guess
    ("今天天气怎么样", REFUSE),
    ("你好", REFUSE),
    ("北京市的解决率", REFUSE),
    ("解决率和满意率", REFUSE),
    ("各区的超期率", REFUSE),
    ("今年和去年的诉求量", REFUSE),
    ("山阳区和解放区的解决率", REFUSE),
    ("职工平均工资是多少", REFUSE),
    ("同比增长多少", REFUSE),
    ("各区按月的解决率", REFUSE),
    ("排名", REFUSE),
    ("郑州市金水区的诉求有多少", REFUSE),
    ("满意率最高", REFUSE),
]


def interpretation(question: str):
    parsed = parse(question, today=TODAY, orgs=ORGS)
    if parsed.error:
        return REFUSE
    slots = from_parsed(parsed, TODAY)
    return E(
        slots.metric,
        slots.group_by,
        slots.org.code if slots.org else None,
        slots.category,
        slots.channel,
        slots.urgency,
        (slots.period.start, slots.period.end),
        slots.order,
        slots.limit,
    )


def test_the_table_is_large_and_covers_every_slot():
    understood = [e for _q, e in QUESTIONS if e is not REFUSE]
    assert len(QUESTIONS) >= 80
    assert {e["metric"] for e in understood} == {
        "case_count", "open_count", "overdue_count", "response_rate", "resolution_rate",
        "resolution_rate_all", "satisfaction_rate", "on_time_rate", "avg_resolve_days",
        "claim_count", "claim_amount_claimed", "claim_amount_paid",
    }  # fmt: skip
    assert {e["group_by"] for e in understood} >= {
        "child",
        "enterprise",
        "category",
        "channel",
        "month",
        "quarter",
    }
    assert all(
        any(e[slot] for e in understood) for slot in ("org", "category", "channel", "urgency")
    )
    assert {e["order"] for e in understood} >= {"asc", "desc"}
    assert len({q for q, _e in QUESTIONS}) == len(QUESTIONS)


def test_at_least_95_percent_are_read_as_meant_and_every_miss_is_refused():
    misses = [(q, expected, interpretation(q)) for q, expected in QUESTIONS]
    misses = [m for m in misses if m[1] != m[2]]
    assert len(misses) <= len(QUESTIONS) * 0.05, misses
    wrong = [m for m in misses if m[2] is not REFUSE]
    assert wrong == [], "a miss must be the helpful answer, not a wrong interpretation"


@pytest.mark.parametrize(("question", "expected"), QUESTIONS, ids=[q for q, _e in QUESTIONS])
def test_question(question, expected):
    assert interpretation(question) == expected
