"""智能问数's comparisons (issue 20): 同比 and 环比 questions answered with the figure of both
periods and the change — a difference and a percentage, a rate's change in percentage points —
the earlier period being the cockpit's own (`same_period_last_year`, `previous_period`).

Hand counts: a test area whose compute counts a fixed list of dates, and a small ledger of
wage cases for a case metric.
"""

from datetime import date, datetime, timedelta

import pytest

from lianxin.cases.deadlines import BEIJING
from lianxin.cases.metrics import Rate
from lianxin.cases.models import Category
from lianxin.cases.states import Status
from lianxin.cockpit.ask.answering import ask, from_parsed, validate
from lianxin.cockpit.ask.parser import parse
from lianxin.cockpit.tests.builders import make_case_row
from lianxin.cockpit.tests.test_ask_areas import no_areas  # noqa: F401 (fixture)
from lianxin.cockpit.tests.test_ask_questions import ORGS, TODAY
from lianxin.core import areas as hook
from lianxin.core import clock
from lianxin.core.errors import InvalidInput

D = date
YTD = (D(2026, 1, 1), TODAY)
MAY = (D(2026, 5, 1), TODAY)

# (day, joined by an enterprise's worker?) — what the test area's computes count.
JOINED = [
    (D(2025, 2, 3), True), (D(2025, 4, 9), False), (D(2025, 6, 1), True),  # last year
    (D(2026, 1, 20), True), (D(2026, 3, 2), True), (D(2026, 4, 10), False),
    (D(2026, 4, 20), True), (D(2026, 5, 6), False),
]  # fmt: skip


def _in(start: date, end: date) -> list[bool]:
    return [flag for day, flag in JOINED if start <= day <= end]


def joined_count(user, org, start, end):
    return len(_in(start, end))


def joined_share(user, org, start, end):
    flags = _in(start, end)
    return Rate(sum(flags), len(flags))


@pytest.fixture
def joining(no_areas):  # noqa: F811
    hook.register_area(
        hook.Area(
            key="t_join", name="会员与入会", name_en="t", order=9100, headline="t_joined",
            synonyms=("会员",),
        )
    )  # fmt: skip
    for key, unit, words, compute in (
        ("t_joined", hook.COUNT, ("会员人数", "新入会人数"), joined_count),
        ("t_join_rate", hook.RATE, ("入会率",), joined_share),
    ):
        hook.register_area_metric(
            hook.AreaMetric(
                key=key, area="t_join", name=words[0], name_en=key, unit=unit,
                definition=words[0], compute=compute, synonyms=words,
            )
        )  # fmt: skip


def reading(question: str):
    parsed = parse(question, today=TODAY, orgs=ORGS)
    if parsed.error:
        return None
    slots = from_parsed(parsed, TODAY)
    return slots.metric, (slots.period.start, slots.period.end), slots.compare


COMPARISONS = [
    ("与去年同期相比诉求量增长了多少", ("case_count", YTD, "yoy")),
    ("平均化解时长比去年缩短了多少", ("avg_resolve_days", YTD, "yoy")),
    ("本月诉求量环比", ("case_count", MAY, "mom")),
    ("诉求量比去年减少了多少", ("case_count", YTD, "yoy")),
    ("与上月相比满意率的变化", ("satisfaction_rate", MAY, "mom")),
    ("今年解决率同比提高了几个百分点", ("resolution_rate", YTD, "yoy")),
    ("一季度欠薪诉求同比", ("case_count", (D(2026, 1, 1), D(2026, 3, 31)), "yoy")),
    ("上个月的响应率环比", ("response_rate", (D(2026, 4, 1), D(2026, 4, 30)), "mom")),
    ("按期办结率较去年同期", ("on_time_rate", YTD, "yoy")),
    ("未办结的诉求比上个月多了多少", ("open_count", MAY, "mom")),
]


@pytest.mark.usefixtures("no_areas")
@pytest.mark.parametrize(("question", "expected"), COMPARISONS, ids=[q for q, _e in COMPARISONS])
def test_a_comparison_is_read_with_its_period_and_kind(question, expected):
    assert reading(question) == expected


@pytest.mark.usefixtures("no_areas")
@pytest.mark.parametrize(
    "question",
    [
        "各区诉求量同比",
        "同比增长多少",
        "同比环比的解决率",
        "诉求量增长了多少",
        "哪个区满意率同比最高",
    ],
)
def test_a_comparison_without_a_baseline_a_figure_or_as_a_breakdown_is_refused(question):
    parsed = parse(question, today=TODAY, orgs=ORGS)
    assert parsed.error
    assert parsed.metric is None


@pytest.mark.django_db
def test_this_years_members_against_the_same_days_last_year(joining, world):
    answer = ask(
        user=world.leader, question="今年会员人数比去年同期多了多少", today=TODAY, now=clock.now()
    )
    assert answer["understood"] is True
    assert answer["interpretation"]["compare"] == "yoy"
    # 2026-01-01..05-18: 5 days of JOINED; 2025-01-01..05-18: 2 (not the 1 June)
    assert [row[1] for row in answer["rows"]] == [5, 2]
    assert answer["change"]["delta"] == 3
    assert answer["change"]["percent"] == 150.0
    assert answer["change"]["earlier"] == {"start": "2025-01-01", "end": "2025-05-18"}
    assert "+3" in answer["answer"]
    assert "+150" in answer["answer"]


@pytest.mark.django_db
def test_a_rate_against_the_previous_period_changes_in_percentage_points(joining, world):
    answer = ask(user=world.leader, question="4月入会率环比", today=TODAY, now=clock.now())
    assert answer["understood"] is True
    # April: 1 of 2 (50 %); March, the whole month before: 1 of 1 (100 %)
    assert answer["rows"][0][1:] == [50.0, 1, 2]
    assert answer["rows"][1][1:] == [100.0, 1, 1]
    assert answer["change"]["delta"] == -50.0
    assert answer["change"]["percent"] is None
    assert answer["change"]["unit"] == "points"
    assert answer["change"]["earlier"] == {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.mark.django_db
def test_a_period_that_is_not_whole_months_is_compared_with_as_many_days_before(joining, world):
    answer = ask(user=world.leader, question="本月新入会人数环比", today=TODAY, now=clock.now())
    # 1..18 May (6 May) against the 18 days before, 13..30 April (20 April)
    assert answer["change"]["earlier"] == {"start": "2026-04-13", "end": "2026-04-30"}
    assert [row[1] for row in answer["rows"]] == [1, 1]
    assert answer["change"]["delta"] == 0


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=BEIJING)


@pytest.fixture
def wage_cases(world):
    wages, safety = Category.objects.get(key="wages"), Category.objects.get(key="safety")
    facts = [
        (wages, D(2026, 2, 10)), (wages, D(2026, 3, 5)), (wages, D(2026, 5, 10)),
        (safety, D(2026, 3, 6)),  # another category
        (wages, D(2025, 2, 11)), (wages, D(2025, 4, 1)),
        (wages, D(2025, 6, 1)),  # after the same days of last year
    ]  # fmt: skip
    for i, (category, day) in enumerate(facts):
        make_case_row(
            number=f"CMP-{i}",
            org=world.ent_a1,
            category=category,
            registered_at=_at(day),
            status=Status.CLOSED,
            responded_after=timedelta(hours=2),
            resolved_after=timedelta(days=2),
        )


@pytest.mark.django_db
def test_a_case_figure_against_the_same_period_last_year(world, wage_cases):
    answer = ask(
        user=world.leader,
        question="与去年同期相比欠薪诉求量增长了多少",
        today=TODAY,
        now=clock.now(),
    )
    assert answer["understood"] is True
    assert answer["interpretation"]["filters"]["category"] == "wages"
    assert [row[1] for row in answer["rows"]] == [3, 2]
    assert (answer["change"]["delta"], answer["change"]["percent"]) == (1, 50.0)
    assert answer["rows"][0][0].startswith("2026-01-01")
    assert answer["rows"][1][0].startswith("2025-01-01")


@pytest.mark.django_db
def test_an_outsider_compares_nothing(world, wage_cases):
    answer = ask(user=world.nobody, question="欠薪诉求量同比", today=TODAY, now=clock.now())
    assert [row[1] for row in answer["rows"]] == [0, 0]
    assert answer["change"]["percent"] is None


@pytest.mark.django_db
def test_a_model_may_propose_a_comparison_but_not_of_a_breakdown(no_areas):  # noqa: F811
    good = {"metric": "case_count", "period": {"start": "2026-01-01", "end": "2026-03-31"}}
    assert validate({**good, "compare": "yoy"}, orgs=ORGS).compare == "yoy"
    for change in ({"compare": "weekly"}, {"compare": "mom", "group_by": "month"}):
        with pytest.raises(InvalidInput) as refused:
            validate({**good, **change}, orgs=ORGS)
        assert refused.value.details["slot"] == "compare"
