"""The 创新竞赛 area the cockpit reads: its figures equal the contests app's own counts for the same
scope and period, count each entry where its participant works, and show an outsider nothing."""

from datetime import date

import pytest

from lianxin.contests import selectors
from lianxin.contests.tests.factories import at, make_contest, open_all, participant, submit
from lianxin.core.areas import area, area_metric, area_metrics

pytestmark = pytest.mark.django_db

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
MAY = (date(2025, 5, 1), date(2025, 5, 31))


@pytest.fixture
def contest(world):
    """The city's 2025 points contest: 甲组 (A1) enters on 1 May and 1 June at 07:00 Beijing time
    (still 31 May in UTC), 乙组 (A2) on 2 May, 丙组 (B1) on 3 May."""
    c = make_contest(world, judges=0)
    open_all(c, world)
    for name, enterprise, days in (
        ("甲组", world.ent_a1, [at(2025, 5, 1), at(2025, 6, 1, 7)]),
        ("乙组", world.ent_a2, [at(2025, 5, 2)]),
        ("丙组", world.ent_b1, [at(2025, 5, 3)]),
    ):
        p, user = participant(c, world, name, enterprise)
        for i, when in enumerate(days):
            submit(c, p, user, when, title=f"{name}成果{i}")
    return c


def compute(key: str, user, org, period=YEAR):
    metric = area_metric(key)
    assert metric is not None, key
    return metric.compute(user, org, *period)


def test_the_area_is_declared_with_its_metrics():
    contests = area("contests")
    assert contests is not None
    assert (contests.order, contests.headline) == (90, "contest_entries")
    keys = [m.key for m in area_metrics("contests")]
    assert keys == ["contest_entries", "contest_participants"]


def test_the_citys_figures_equal_the_contest_lists_counts(world, contest):
    # Given a city contest whose participants all work in the city; when the city reads the year
    rows = list(selectors.contest_list(user=world.city_staff))
    # then the area's figures are the contest list's own counts
    assert compute("contest_entries", world.city_staff, None) == sum(r.entry_count for r in rows)
    assert compute("contest_participants", world.city_staff, None) == sum(
        r.participant_count for r in rows
    )
    assert compute("contest_entries", world.city_staff, None) == 4


def test_a_district_counts_its_own_workers_entries_only(world, contest):
    assert compute("contest_entries", world.staff, None) == 3  # 甲组 ×2, 乙组
    assert compute("contest_participants", world.staff, None) == 2
    assert compute("contest_entries", world.leader, world.district_b) == 1  # 丙组


def test_the_period_is_beijing_days(world, contest):
    # 甲组's June entry was made at 07:00 on 1 June in Beijing, 23:00 on 31 May in UTC
    assert compute("contest_entries", world.city_staff, None, MAY) == 3
    june = (date(2025, 6, 1), date(2025, 6, 1))
    assert compute("contest_entries", world.city_staff, None, june) == 1
    assert compute("contest_participants", world.city_staff, None, june) == 1


@pytest.mark.parametrize("who", ["nobody", "partner", "judge"])
def test_a_user_without_a_union_role_sees_nothing(world, contest, who):
    user = getattr(world, who)
    assert compute("contest_entries", user, None) == 0
    assert compute("contest_participants", user, None) == 0


def test_another_unions_org_answers_nothing_not_its_figures(world, contest):
    assert compute("contest_entries", world.chair_b, world.district_a) == 0
    assert compute("contest_participants", world.chair_b, world.district_a) == 0
    assert compute("contest_entries", world.chair_b, None) == 1  # their own: 丙组's entry


# ---- 揭榜挂帅 ------------------------------------------------------------------------------------


def _post(world, org, day, title):
    from lianxin.contests import services
    from lianxin.core import clock

    with clock.frozen_at(at(*day)):
        return services.post_challenge(
            actor=world.city_staff, org=org, title=title, description="d", reward="r",
            deadline=date(2025, 12, 31),
        )  # fmt: skip


def _solve(world, challenge, day):
    from lianxin.contests import services
    from lianxin.core import clock
    from lianxin.orgs.tests.factories import UserFactory

    team = UserFactory()
    with clock.frozen_at(at(*day)):
        k = services.claim_challenge(actor=team, challenge_id=challenge.pk, team_name="攻关组",
                                     enterprise=world.ent_b1, plan="p")  # fmt: skip
        services.accept_claim(claim_id=k.pk, actor=world.city_staff, note="")
        services.deliver_claim(claim_id=k.pk, actor=team, text="交付")
        services.accept_delivery(claim_id=k.pk, actor=world.city_staff, note="验收通过")


def test_challenges_posted_and_solved_count_by_the_day_of_each(world):
    # Given three challenges of A1, A2 and B1 posted in May; A1's solved in June, A2's in May
    a1 = _post(world, world.ent_a1, (2025, 5, 5), "刀具寿命")
    a2 = _post(world, world.ent_a2, (2025, 5, 6), "焊缝气孔")
    _post(world, world.ent_b1, (2025, 5, 7), "能耗")
    _solve(world, a1, (2025, 6, 10))
    _solve(world, a2, (2025, 5, 20))
    # Then the city counts three posted in May, one solved in May and one in June
    assert compute("challenges_posted", world.city_staff, None, MAY) == 3
    assert compute("challenges_solved", world.city_staff, None, MAY) == 1
    assert compute("challenges_solved", world.city_staff, None, YEAR) == 2
    # the board's own solved column holds the same two
    assert len(selectors.challenge_board()["solved"]) == 2
    # district A counts its two enterprises' challenges, not B1's
    assert compute("challenges_posted", world.staff, world.district_a, MAY) == 2
    # an outsider sees nothing
    assert compute("challenges_posted", world.chair_b, world.district_a, MAY) == 0
    assert compute("challenges_posted", world.partner, None, YEAR) == 0
