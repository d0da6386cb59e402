"""The 改善提案 and 议事厅 areas the cockpit reads: each registered figure equals the proposals app's
own figure for the same scope and period, and an outsider's scope sees none of it."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from lianxin.cases.metrics import Rate, Scope
from lianxin.core import clock
from lianxin.core.areas import area, area_metric, area_metrics
from lianxin.orgs.models import Org
from lianxin.proposals import metrics, selectors, services
from lianxin.proposals.tests.factories import advance, meeting, set_tiers, submit, worker

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
START, END = date(2025, 1, 1), date(2025, 12, 31)
# The app's own figures take [start, end) instants: the first moments of the first and next day.
SINCE, UNTIL = datetime(2025, 1, 1, tzinfo=BEIJING), datetime(2026, 1, 1, tzinfo=BEIJING)
# registered metric key → the field of the app's own `metrics.summary()`
SUMMARY_FIELDS = {
    "proposal_count": "proposal_count",
    "proposal_adoption_rate": "adoption_rate",
    "proposal_participation_rate": "participation_rate",
    "proposal_benefit": "realised_benefit",
    "proposal_rewards": "rewards_paid",
}


def at(y: int, m: int, d: int, h: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=BEIJING)


@pytest.fixture
def year(world):
    """2025 in the city. A1 (workforce 4): 陈 ×2 (rewarded on 20,000; declined), 王 (in review);
    A2 (workforce 10): 赵 (adopted); B1 (workforce 5): 孙 (rewarded on 60,000). Outside 2025 in
    Beijing time: 李's proposal to A1 at 23:30 on 31 December 2024. Meetings: A1 in March and
    (planned) a year after today, B1 in May, A1 in December 2024."""
    for pk, wf in ((world.ent_a1.pk, 4), (world.ent_a2.pk, 10), (world.ent_b1.pk, 5)):
        Org.objects.filter(pk=pk).update(workforce=wf)
    for ent, chair in ((world.ent_a1, world.chair), (world.ent_b1, world.chair_b)):
        set_tiers(chair, ent)
    chen, wang, li, zhao, sun = (worker(n) for n in ("陈", "王", "李", "赵", "孙"))
    a1 = world.ent_a1
    advance(
        submit(actor=chen, enterprise=a1, at=at(2025, 3, 1)),
        world.chair,
        "rewarded",
        benefit="20000",
    )
    declined = submit(actor=chen, enterprise=a1, at=at(2025, 4, 1))
    services.decline_proposal(proposal_id=declined.pk, actor=world.chair, reason="重复")
    submit(actor=wang, enterprise=a1, at=at(2025, 12, 31, 23, 30))
    submit(actor=li, enterprise=a1, at=at(2024, 12, 31, 23, 30))
    advance(submit(actor=zhao, enterprise=world.ent_a2, at=at(2025, 6, 1)), world.staff, "adopted")
    advance(
        submit(actor=sun, enterprise=world.ent_b1, at=at(2025, 7, 1)),
        world.chair_b,
        "rewarded",
        benefit="60000",
    )
    meeting(actor=world.chair, org=a1, held_at=at(2025, 3, 5))
    meeting(actor=world.chair, org=a1, held_at=clock.now() + timedelta(days=365))
    meeting(actor=world.chair_b, org=world.ent_b1, held_at=at(2025, 5, 5))
    meeting(actor=world.chair, org=a1, held_at=at(2024, 12, 20))
    return world  # fmt: skip


def compute(key: str, user, org, start: date = START, end: date = END):
    metric = area_metric(key)
    assert metric is not None, key
    return metric.compute(user, org, start, end)


def test_the_two_areas_are_declared_with_their_metrics():
    proposals, meetings = area("proposals"), area("meetings")
    assert proposals is not None
    assert meetings is not None
    assert (proposals.order, proposals.headline) == (70, "proposal_count")
    assert (meetings.order, meetings.headline) == (80, "consultation_meetings")
    assert [m.key for m in area_metrics("proposals")] == list(SUMMARY_FIELDS)
    assert [m.key for m in area_metrics("meetings")] == ["consultation_meetings"]
    assert all(2 <= len(m.synonyms) <= 5 for m in area_metrics("proposals"))


@pytest.mark.parametrize("key", list(SUMMARY_FIELDS))
@pytest.mark.parametrize(
    ("who", "where", "org_code"),
    [("city_staff", None, "JZ"), ("leader", "DA", "DA"), ("staff", None, "DA"), ("chair", None, "EA1")],
)  # fmt: skip
def test_each_proposal_figure_equals_the_apps_own_summary_for_the_scope_and_year(
    year, key, who, where, org_code
):
    # Given the year's proposals; when the user's area figure is read for their scope (or an org)
    org = Org.objects.get(code=where) if where else None
    figure = compute(key, getattr(year, who), org)
    # then it is the app's own figure for that org and 2025 (Beijing days)
    own = metrics.summary(Scope(org=Org.objects.get(code=org_code), start=SINCE, end=UNTIL))
    assert figure == getattr(own, SUMMARY_FIELDS[key])


def test_the_city_figures_by_hand(year):
    staff = year.city_staff
    assert (
        compute("proposal_count", staff, None) == 5
    )  # 李's, at 23:30 on New Year's Eve 2024, is not
    assert compute("proposal_adoption_rate", staff, None) == Rate(3, 4)  # 陈①, 赵, 孙; 陈② declined
    # Distinct proposers over the workforce: A1 陈, 王 of 4; A2 赵 of 10; B1 孙 of 5
    assert compute("proposal_participation_rate", staff, None) == Rate(4, 19)
    assert compute("proposal_benefit", staff, None) == Decimal("80000.00")
    assert compute("proposal_rewards", staff, None) == Decimal("3700.00")  # 900 + 2,800
    assert compute("consultation_meetings", staff, None) == 2


def test_the_period_is_inclusive_beijing_days(year):
    new_years_eve = date(2024, 12, 31)
    assert compute("proposal_count", year.city_staff, None, new_years_eve, new_years_eve) == 1
    assert compute("proposal_count", year.city_staff, None, END, END) == 1  # 王, 23:30 Beijing


def test_meetings_equal_the_apps_own_list_of_meetings_held_in_the_period(year):
    for user in (year.city_staff, year.staff, year.chair_b):
        held = selectors.meeting_list(user=user).filter(
            held_at__gte=SINCE, held_at__lt=UNTIL, held_at__lte=clock.now()
        )
        assert compute("consultation_meetings", user, None) == held.count()
    assert compute("consultation_meetings", year.staff, None) == 1  # the planned one is not held


@pytest.mark.parametrize("who", ["nobody", "partner", "judge"])
def test_a_user_without_a_union_role_sees_nothing(year, who):
    user = getattr(year, who)
    assert compute("proposal_count", user, None) == 0
    assert compute("proposal_participation_rate", user, None) == Rate(0, 0)
    assert compute("proposal_benefit", user, None) == Decimal("0.00")
    assert compute("consultation_meetings", user, None) == 0


def test_another_unions_org_answers_the_empty_figure_not_its_figures(year):
    # B1's chair asks about district A, where A1 has proposals, rewards and a meeting
    chair_b, district_a = year.chair_b, year.district_a
    assert compute("proposal_count", chair_b, district_a) == 0
    assert compute("proposal_adoption_rate", chair_b, district_a) == Rate(0, 0)
    assert compute("proposal_rewards", chair_b, district_a) == Decimal("0.00")
    assert compute("consultation_meetings", chair_b, district_a) == 0
    # and their own scope holds only B1's
    assert compute("proposal_count", chair_b, None) == 1
    assert compute("proposal_rewards", chair_b, None) == Decimal("2800.00")
