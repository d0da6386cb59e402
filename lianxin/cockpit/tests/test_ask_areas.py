"""智能问数 over the business areas (issue 20): a question about an area's figure is answered with
that figure, through its `compute`, for the period and org it names; anything else about an area
is refused — never answered with a figure of the case ledger.

The areas here are test areas registered in a fixture into an emptied registry, so the tests do
not depend on what the apps declare.
"""

from datetime import date

import pytest

from lianxin.cases.metrics import Rate
from lianxin.cockpit.ask import llm
from lianxin.cockpit.ask.answering import ask, validate
from lianxin.cockpit.ask.area_words import examples
from lianxin.cockpit.ask.parser import parse
from lianxin.cockpit.tests.test_ask_questions import ORGS, TODAY, E, interpretation
from lianxin.core import areas as hook
from lianxin.core import clock
from lianxin.core.errors import InvalidInput
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import visible_orgs

REFUSE = None
D = date
YTD = (D(2026, 1, 1), TODAY)


def _scope(user, org):
    """The orgs a compute measures: the org's subtree, inside what the user may see."""
    orgs = visible_orgs(user)
    return orgs.filter(path__startswith=org.path) if org is not None else orgs


def count_orgs(user, org, start, end):
    CALLS.append((user, org, start, end))
    return _scope(user, org).count()


def enterprise_share(user, org, start, end):
    CALLS.append((user, org, start, end))
    orgs = _scope(user, org)
    return Rate(orgs.filter(kind=OrgKind.ENTERPRISE).count(), orgs.count())


CALLS: list[tuple] = []


def _area(key: str, name: str, words: tuple[str, ...], order: int, headline: str) -> None:
    hook.register_area(
        hook.Area(key=key, name=name, name_en=key, order=order, headline=headline, synonyms=words)
    )


def _metric(key: str, area: str, name: str, unit: str, words: tuple[str, ...], compute) -> None:
    hook.register_area_metric(
        hook.AreaMetric(
            key=key, area=area, name=name, name_en=key, unit=unit, definition=name,
            compute=compute, synonyms=words,
        )
    )  # fmt: skip


@pytest.fixture
def no_areas(monkeypatch):
    """An empty registry: no app's declarations."""
    monkeypatch.setattr(hook, "_AREAS", {})
    monkeypatch.setattr(hook, "_METRICS", {})
    CALLS.clear()


@pytest.fixture
def test_areas(no_areas):
    """Three test areas: members (a count and a rate), proposals (a rate), stations (a count)."""
    _area("t_members", "会员与入会", ("会员", "入会"), 9010, "t_member_count")
    _metric("t_member_count", "t_members", "会员人数", hook.COUNT,
            ("会员人数", "会员数", "有多少会员"), count_orgs)  # fmt: skip
    _metric("t_membership_rate", "t_members", "入会率", hook.RATE, ("入会率",), enterprise_share)
    _area("t_proposals", "改善提案", ("改善提案", "提案"), 9020, "t_participation_rate")
    _metric("t_participation_rate", "t_proposals", "职工参与率", hook.RATE,
            ("职工参与率", "参与率"), enterprise_share)  # fmt: skip
    _area("t_stations", "工会驿站", ("工会驿站", "驿站"), 9030, "t_station_visitors")
    _metric("t_station_visitors", "t_stations", "驿站服务人次", hook.COUNT,
            ("驿站服务人次", "驿站人次"), count_orgs)  # fmt: skip


AREA_QUESTIONS = [
    ("会员人数有多少", E("t_member_count")),
    ("今年改善提案的职工参与率是多少", E("t_participation_rate")),
    ("山阳区的会员人数", E("t_member_count", org="JZ-SY")),
    ("去年的入会率", E("t_membership_rate", period=(D(2025, 1, 1), D(2025, 12, 31)))),
    ("上个月驿站服务人次", E("t_station_visitors", period=(D(2026, 4, 1), D(2026, 4, 30)))),
    ("2到4月的驿站人次", E("t_station_visitors", period=(D(2026, 2, 1), D(2026, 4, 30)))),
    ("天香面业的会员数", E("t_member_count", org="JZ-SY-YH-01")),
    ("一季度职工参与率", E("t_participation_rate", period=(D(2026, 1, 1), D(2026, 3, 31)))),
    ("有多少会员", E("t_member_count")),
    ("工会驿站的驿站服务人次", E("t_station_visitors")),
    ("近30天驿站人次", E("t_station_visitors", period=(D(2026, 4, 19), TODAY))),
    ("解放区去年的参与率", E("t_participation_rate", org="JZ-JF", period=(D(2025, 1, 1), D(2025, 12, 31)))),
    ("中站区入会率是多少", E("t_membership_rate", org="JZ-ZZ")),
    ("3月至4月提案的参与率", E("t_participation_rate", period=(D(2026, 3, 1), D(2026, 4, 30)))),
    # a count is broken down by sub-org or month (core.areas' default for counts)
    ("各区的会员人数", E("t_member_count", "child")),
    ("会员人数按区县看看", E("t_member_count", "child")),
    ("每月的驿站服务人次", E("t_station_visitors", "month")),
    # no other breakdown, no rate broken down, no ranking, average or case slice: refused
    ("各企业的会员人数", REFUSE),
    ("各区的入会率", REFUSE),
    ("按类别的驿站人次", REFUSE),
    ("参与率最高的企业", REFUSE),
    ("入会率排名", REFUSE),
    ("欠薪会员人数", REFUSE),
    ("热线的驿站人次", REFUSE),
    ("紧急的会员人数", REFUSE),
    ("平均每个区的会员人数", REFUSE),
    # two figures, two areas, or an area and a case figure
    ("会员人数和入会率", REFUSE),
    ("会员人数和解决率", REFUSE),
    ("驿站的入会率", REFUSE),
    ("改善提案的解决率", REFUSE),
    ("会员的满意率", REFUSE),
    # an area named without one of its figures
    ("驿站有多少", REFUSE),
    ("今年有多少人入会", REFUSE),
    ("改善提案有多少", REFUSE),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "expected"), AREA_QUESTIONS, ids=[q for q, _e in AREA_QUESTIONS]
)
def test_area_question(test_areas, question, expected):
    assert interpretation(question) == expected
    if expected is REFUSE:
        parsed = parse(question, today=TODAY, orgs=ORGS)
        assert parsed.metric is None
        assert parsed.error


@pytest.mark.parametrize(
    "question", ["会员人数有多少", "今年改善提案的职工参与率是多少", "今年参加竞赛的有多少人"]
)
def test_the_issue_questions_are_refused_while_their_area_declares_no_such_figure(
    no_areas, question
):
    parsed = parse(question, today=TODAY, orgs=ORGS)
    assert parsed.metric is None
    assert parsed.error
    assert parsed.area is not None  # the words point to an area: its examples, not the ledger's


def test_an_area_question_is_answered_through_its_compute_in_the_users_scope(test_areas, world):
    answer = ask(user=world.staff, question="去年的会员人数", today=TODAY, now=clock.now())
    assert answer["understood"] is True
    assert answer["interpretation"]["metric"] == "t_member_count"
    assert answer["interpretation"]["area"] == "t_members"
    assert [(world.staff, None, D(2025, 1, 1), D(2025, 12, 31))] == CALLS
    seen = visible_orgs(world.staff).count()
    assert answer["rows"] == [[seen]]
    assert seen < Org.objects.count()  # district A's staff does not count district B
    assert str(seen) in answer["answer"]


def test_a_rate_of_an_area_is_answered_with_numerator_and_denominator(test_areas, world):
    answer = ask(user=world.leader, question="A区总工会的入会率", today=TODAY, now=clock.now())
    assert answer["understood"] is True
    assert CALLS[0][1] == world.district_a
    subtree = Org.objects.filter(path__startswith=world.district_a.path)
    n, d = subtree.filter(kind=OrgKind.ENTERPRISE).count(), subtree.count()
    assert answer["rows"] == [[round(100 * n / d, 1), n, d]]
    assert len(answer["columns"]) == 3


def test_an_outsider_gets_none_of_an_areas_figure(test_areas, world):
    answer = ask(user=world.nobody, question="会员人数有多少", today=TODAY, now=clock.now())
    assert answer["understood"] is True
    assert answer["rows"] == [[0]]


def test_a_breakdown_an_area_figure_does_not_declare_is_refused_with_its_areas_examples(
    test_areas, world
):
    answer = ask(user=world.leader, question="每月的入会率", today=TODAY, now=clock.now())
    assert answer["understood"] is False
    assert answer["interpretation"] is None
    assert "入会率" in answer["text"]
    assert answer["examples"]
    assert all("会员人数" in e or "入会率" in e for e in answer["examples"])
    assert CALLS == []


def test_the_areas_examples_are_questions_the_reader_answers(test_areas):
    for area in ("t_members", "t_proposals", "t_stations"):
        questions = examples(area)
        assert questions
        for question in questions:
            parsed = parse(question, today=TODAY, orgs=ORGS)
            assert (parsed.error, parsed.area) == ("", area), question


@pytest.mark.django_db
def test_a_model_may_propose_an_area_figure_and_it_is_validated_against_the_registry(
    test_areas,
):
    good = {"metric": "t_membership_rate", "period": {"start": "2026-01-01", "end": "2026-03-31"}}
    slots = validate(good, orgs=ORGS)
    assert (slots.metric, slots.area) == ("t_membership_rate", "t_members")
    for change, slot in (
        ({"group_by": "month"}, "group_by"),  # a rate declares no breakdown
        ({"metric": "t_member_count", "group_by": "enterprise"}, "group_by"),
        ({"metric": "t_member_count", "group_by": "child", "order": "desc"}, "order"),
        ({"filters": {"category": "wages"}}, "filters"),
        ({"metric": "t_unknown_rate"}, "metric"),
    ):
        with pytest.raises(InvalidInput) as refused:
            validate({**good, **change}, orgs=ORGS)
        assert refused.value.details["slot"] == slot


@pytest.mark.django_db
def test_the_models_prompt_offers_the_area_figures(test_areas):
    prompt = llm.prompt(TODAY, ORGS[:3])
    assert "t_member_count" in prompt
    assert "t_participation_rate" in prompt


def test_a_count_of_an_area_by_sub_org_is_its_compute_for_each_sub_org(test_areas, world):
    # given the leader of the city, whose sub-orgs are districts A and B (partners raise nothing)
    answer = ask(user=world.leader, question="会员人数按区县看看", today=TODAY, now=clock.now())
    # then each row is the area's own figure for that district, computed for it
    assert answer["understood"] is True
    assert answer["interpretation"]["group_by"] == "child"
    expected = [
        [c.short_name or c.name, _scope(world.leader, c).count()]
        for c in (world.district_a, world.district_b)
    ]
    assert answer["rows"] == expected
    assert {call[1] for call in CALLS} == {world.district_a, world.district_b}
    assert answer["chart"] == "bar"


def test_a_count_of_an_area_by_month_is_its_compute_for_each_month(test_areas, world):
    answer = ask(user=world.leader, question="今年每月的驿站服务人次", today=TODAY, now=clock.now())
    assert answer["understood"] is True
    months = [row[0] for row in answer["rows"]]
    assert months == [f"2026-{m:02d}" for m in range(1, TODAY.month + 1)]
    assert (CALLS[0][2], CALLS[0][3]) == (D(2026, 1, 1), D(2026, 1, 31))
    assert (CALLS[-1][2], CALLS[-1][3]) == (D(2026, TODAY.month, 1), TODAY)
    assert [row[1] for row in answer["rows"]] == [visible_orgs(world.leader).count()] * len(months)


@pytest.mark.django_db
def test_a_model_may_propose_a_declared_breakdown_of_a_count(test_areas):
    slots = validate(
        {"metric": "t_member_count", "group_by": "child", "period": {"start": "2026-01-01",
         "end": "2026-03-31"}}, orgs=ORGS,
    )  # fmt: skip
    assert (slots.metric, slots.group_by) == ("t_member_count", "child")
