"""A points contest set up through the services, as an organiser would: the shared test fixture."""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from lianxin.contests import services
from lianxin.contests.models import ScreenerKind
from lianxin.contests.services import CriterionSpec, StageSpec
from lianxin.contests.states import StageKind
from lianxin.core import clock
from lianxin.orgs.tests.factories import UserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
TRACKS = ["工艺技术革新", "设备工具改造", "管理服务优化", "安全环保节能", "数字智能应用"]
THREE_LEVELS = [
    ("部门初审", ScreenerKind.ENTERPRISE),
    ("小组复审", ScreenerKind.ORGANISER),
    ("专家评审", ScreenerKind.JUDGES),
]


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=BEIJING)


def make_contest(world, *, screening=(), judges=5, **options) -> SimpleNamespace:
    """2025 points contest of the city: seeding in March, points April–October, final in November.

    Criteria 创新性 0–40, 实用性 0–30, 效益性 0–30 (weights 1); judges J1…Jn on the first track,
    J1 works at enterprise A1.
    """
    with clock.frozen_at(at(2025, 2, 1)):
        contest = services.create_contest(
            actor=world.city_staff,
            owner_org=world.city,
            title="2025年职工技术创新积分赛",
            starts_on=date(2025, 3, 1),
            ends_on=date(2025, 11, 30),
            tracks=TRACKS,
            criteria=[
                CriterionSpec("创新性", Decimal(40)),
                CriterionSpec("实用性", Decimal(30)),
                CriterionSpec("效益性", Decimal(30)),
            ],
            stages=[
                StageSpec(StageKind.SEEDING, at(2025, 3, 1, 0), at(2025, 4, 1, 0)),
                StageSpec(StageKind.POINTS, at(2025, 4, 1, 0), at(2025, 11, 1, 0)),
                StageSpec(StageKind.FINAL, at(2025, 11, 10, 0), at(2025, 11, 21, 0)),
            ],
            screening=screening,
            finalists_count=3,
            **options,
        )
    track = contest.tracks.get(name=TRACKS[0])
    js = []
    for i in range(1, judges + 1):
        user = UserFactory(username=f"expert{i}", first_name=f"专家{i}")
        services.add_judge(
            actor=world.city_staff,
            track_id=track.pk,
            user=user,
            enterprise=world.ent_a1 if i == 1 else None,
        )
        js.append(user)
    stages = {s.kind: s for s in contest.stages.all()}
    criteria = list(contest.criteria.all())
    return SimpleNamespace(
        contest=contest, track=track, judges=js, stages=stages, criteria=criteria
    )


def marks(c: SimpleNamespace, a, b, d) -> dict[int, Decimal]:
    """Marks for 创新性, 实用性, 效益性."""
    return {
        c.criteria[0].pk: Decimal(a),
        c.criteria[1].pk: Decimal(b),
        c.criteria[2].pk: Decimal(d),
    }


def split(total: int) -> tuple[int, int, int]:
    """A judge total spread over the three criteria within their ranges."""
    a = min(40, total)
    b = min(30, total - a)
    return a, b, total - a - b


def open_all(c: SimpleNamespace, world) -> None:
    with clock.frozen_at(at(2025, 2, 1)):
        for stage in c.stages.values():
            services.open_stage(stage_id=stage.pk, actor=world.city_staff)


def participant(c, world, name, enterprise, *, kind="team", user=None):
    """Registered by the organiser for a new worker account (so private contests work alike)."""
    user = user or UserFactory()
    p = services.register_participant(
        actor=world.city_staff,
        contest_id=c.contest.pk,
        kind=kind,
        name=name,
        enterprise=enterprise,
        user=user,
    )
    return p, user


def submit(c, p, user, when, *, stage=StageKind.POINTS, title="成果", applied=None, track=None):
    with clock.frozen_at(when):
        return services.submit_entry(
            actor=user,
            participant_id=p.pk,
            track_id=(track or c.track).pk,
            stage_kind=stage,
            title=title,
            description=f"{title}的说明",
            completed_on=when.date(),
            first_applied_on=applied,
        )


def score(c, entry, judge, total, when):
    with clock.frozen_at(when):
        return services.score_entry(entry_id=entry.pk, actor=judge, marks=marks(c, *split(total)))
