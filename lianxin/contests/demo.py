"""Demo data for contests: a Shijiazhuang-style points contest (定位赛 → 积分赛 → 总决赛) over the
five 五小 tracks with a three-level screening ladder, and a Shenyang-style 揭榜挂帅 board.

`load_contest_demo()` needs the Jiaozuo demo orgs and accounts (lianxin.demo) and is idempotent: a
second run changes nothing. Every row goes through the services, with the clock set back to when it
would have happened; the last scores land today, so the standings show movement since yesterday.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lianxin.contests import services
from lianxin.contests.models import Contest, ScreenerKind
from lianxin.contests.services import CriterionSpec, StageSpec
from lianxin.contests.states import StageKind
from lianxin.core import clock
from lianxin.core.errors import PermissionDenied
from lianxin.orgs.models import Org, OrgKind

TITLE = "2026年焦作市职工技术创新积分赛"
TRACKS = ["工艺技术革新", "设备工具改造", "管理服务优化", "安全环保节能", "数字智能应用"]
PASSWORD = "lianxin-demo"

# (name, kind, enterprise name contains, [(title, track index, benefit in 10k yuan)])
PARTICIPANTS = [
    ("王丽娟创新工作室", "team", "天香面业", [("面粉输送管道防堵改造", 1, 18), ("包装工序快速换模法", 0, 26), ("车间能耗看板", 4, 9)]),
    ("李栋攻关团队", "team", "恒信机械", [("合金钢轧制温度精准控制", 0, 310), ("轧辊磨削夹具改进", 1, 42), ("刀具寿命预测模型", 4, 55), ("冷却液循环过滤装置", 3, 21)]),
    ("刘蕊军团队", "team", "瑞通铝材", [("铝型材挤压模具快速预热", 0, 120), ("废铝屑压块回收", 3, 64)]),
    ("张志刚", "worker", "宏达汽配", [("焊装夹具防错销", 1, 15), ("班组质量追溯表", 2, 6)]),
    ("陈秀英", "worker", "锦华纺织", [("细纱断头自动报警", 4, 33)]),
    ("赵国强小组", "team", "中站热电", [("锅炉吹灰程序优化", 3, 88), ("输煤皮带跑偏纠正器", 1, 27)]),
    ("孙海燕", "worker", "康达医药", [("药品效期预警流程", 2, 12)]),
    ("马建军团队", "team", "金石化工", [("反应釜密封改进", 0, 76), ("危化品装卸双人确认卡", 3, 8)]),
    ("周玉兰", "worker", "润泽印务", [("印版快速定位尺", 1, 11)]),
    ("黄志明数字化小组", "team", "智联软件", [("设备点检小程序", 4, 19), ("工单派发看板", 2, 14)]),
]  # fmt: skip

# A mature result applied for years: the seeding stage's entries (participant index, title, track).
SEEDING = [(1, "中频炉余热回收系统", 3), (2, "挤压机液压站降噪", 1), (5, "凝汽器在线清洗", 3)]

CHALLENGES = [
    ("高温合金薄壁件加工变形", "焦作恒信机械", "攻关奖金8万元", 120, "solved"),
    ("涂装线VOCs排放超标", "焦作联创新材料", "攻关奖金5万元", 90, "claimed"),
    ("铝材表面氧化色差", "瑞通铝材", "攻关奖金3万元", 60, "open"),
    ("老旧锅炉燃烧效率低", "中站热电", "攻关奖金6万元", 150, "open"),
]


def _user(username: str, name: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


def _enterprise(fragment: str) -> Org:
    return Org.objects.filter(kind=OrgKind.ENTERPRISE, name__contains=fragment).order_by("pk")[0]


def _contest(admin: User, now) -> Contest:
    return services.create_contest(
        actor=admin,
        owner_org=Org.objects.get(code="JZ"),
        title=TITLE,
        description=(
            "借鉴石家庄市总工会积分制做法：定位赛以应用满两年的成熟成果取得初始积分；积分赛不限次数报送"
            "新成果，专家按创新性、实用性、效益性逐项打分，排名实时更新；总决赛路演，"
            "总分 = 前两阶段积分（60%）+ 决赛得分（40%）。成果经部门初审、小组复审、专家评审三级筛选。"
        ),
        starts_on=(now - timedelta(days=280)).date(),
        ends_on=(now + timedelta(days=40)).date(),
        tracks=TRACKS,
        criteria=[
            CriterionSpec("创新性", Decimal(40)),
            CriterionSpec("实用性", Decimal(30)),
            CriterionSpec("效益性", Decimal(30)),
        ],
        stages=[
            StageSpec(StageKind.SEEDING, now - timedelta(days=280), now - timedelta(days=250)),
            StageSpec(StageKind.POINTS, now - timedelta(days=249), now + timedelta(days=20)),
            StageSpec(StageKind.FINAL, now + timedelta(days=25), now + timedelta(days=30)),
        ],
        screening=[
            ("部门初审", ScreenerKind.ENTERPRISE),
            ("小组复审", ScreenerKind.ORGANISER),
            ("专家评审", ScreenerKind.JUDGES),
        ],
        finalists_count=6,
    )


def _judges(admin: User, contest: Contest) -> list[User]:
    """Five experts on every track; expert1 works at 天香面业 (conflict of interest shows)."""
    experts = [_user(f"expert{i}", f"评审专家{i}") for i in range(1, 6)]
    for track in contest.tracks.all():
        for i, expert in enumerate(experts):
            enterprise = _enterprise("天香面业") if i == 0 else None
            services.add_judge(actor=admin, track_id=track.pk, user=expert, enterprise=enterprise)
    return experts


def _judge_entry(entry, admin, experts, rng: random.Random, contest: Contest) -> None:
    criteria = list(contest.criteria.all())
    for _level in range(3):
        screener = admin if _level < 2 else experts[1]
        services.pass_screening(entry_id=entry.pk, actor=screener, reason="符合参赛要求")
    for judge in rng.sample(experts, k=rng.choice([2, 3, 5])):
        marks = {
            c.pk: Decimal(rng.randint(int(c.max_score * 5 // 10), int(c.max_score)))
            for c in criteria
        }
        try:
            services.score_entry(entry_id=entry.pk, actor=judge, marks=marks)
        except PermissionDenied:
            continue  # expert1 and the 天香面业 entries: conflict of interest, refused as it should be


@transaction.atomic
def load_contest_demo() -> int:
    """The demo contest and challenge board; returns the entries created (0 when already loaded)."""
    if Contest.objects.filter(title=TITLE).exists():
        return 0
    rng = random.Random(7)
    admin = User.objects.get(username="admin")
    now = timezone.now()
    with clock.frozen_at(now - timedelta(days=290)):
        contest = _contest(admin, now)
        experts = _judges(admin, contest)
        for stage in contest.stages.exclude(kind=StageKind.FINAL):
            services.open_stage(stage_id=stage.pk, actor=admin)
    worker = _user("worker", "刘红梅")
    people = _participants(admin, contest, worker)
    tracks = list(contest.tracks.all())
    created = 0
    for index, title, track in SEEDING:
        with clock.frozen_at(now - timedelta(days=270 - index)):
            entry = _submit(
                people[index], tracks[track], StageKind.SEEDING, title, now, applied_years=3
            )
            _judge_entry(entry, admin, experts, rng, contest)
            created += 1
    with clock.frozen_at(now - timedelta(days=249)):
        services.close_stage(stage_id=contest.stages.get(kind=StageKind.SEEDING).pk, actor=admin)
    queue = [
        (p, r)
        for p, (_n, _k, _f, results) in zip(people, PARTICIPANTS, strict=True)
        for r in results
    ]
    rng.shuffle(queue)
    for n, (participant, (title, track, benefit)) in enumerate(queue):
        today = n >= len(queue) - 3  # the last three are scored today: movement since yesterday
        when = now if today else now - timedelta(days=230 - n * 9)
        with clock.frozen_at(when):
            entry = _submit(
                participant, tracks[track], StageKind.POINTS, title, now, benefit=benefit
            )
            _judge_entry(entry, admin, experts, rng, contest)
            created += 1
    _challenge_board(admin, worker, now)
    return created


def _participants(admin: User, contest: Contest, worker: User) -> list:
    """The demo's contestants; the first is the demo worker's own account."""
    people = []
    for i, (name, kind, fragment, _results) in enumerate(PARTICIPANTS):
        account = worker if i == 0 else _user(f"contestant{i}", name)
        people.append(
            services.register_participant(
                actor=admin, contest_id=contest.pk, kind=kind, name=name,
                enterprise=_enterprise(fragment), user=account,
            )
        )  # fmt: skip
    return people


def _submit(participant, track, stage_kind, title, now, *, applied_years=0, benefit=0):
    completed = clock.now().date() - timedelta(days=20 + 365 * applied_years)
    return services.submit_entry(
        actor=participant.user, participant_id=participant.pk, track_id=track.pk,
        stage_kind=stage_kind, title=title,
        description=f"{title}：针对生产中的实际问题提出的改进，已在班组推广应用。",
        completed_on=completed,
        first_applied_on=completed if applied_years else None,
        benefit_claimed=Decimal(benefit * 10000) if benefit else None,
    )  # fmt: skip


def _challenge_board(admin: User, worker: User, now) -> None:
    """揭榜挂帅: problems posted by the city federation for the chain's enterprises to take on."""
    city = Org.objects.get(code="JZ")
    for title, fragment, reward, days, state in CHALLENGES:
        with clock.frozen_at(now - timedelta(days=60)):
            challenge = services.post_challenge(
                actor=admin, org=city, title=title, reward=reward,
                description=f"{fragment}提出：{title}，长期影响产品合格率，面向产业链企业和劳模创新工作室张榜求解。",
                deadline=date.today() + timedelta(days=days),
            )  # fmt: skip
        if state == "open":
            continue
        with clock.frozen_at(now - timedelta(days=50)):
            claim = services.claim_challenge(
                actor=worker, challenge_id=challenge.pk, team_name="王丽娟创新工作室",
                enterprise=_enterprise("天香面业"), plan="组建跨企业攻关小组，三个月内完成试验和小批量验证。",
            )  # fmt: skip
            services.accept_claim(claim_id=claim.pk, actor=admin, note="同意揭榜")
        with clock.frozen_at(now - timedelta(days=30)):
            services.report_progress(claim_id=claim.pk, actor=worker, text="已完成工艺试验，合格率提升明显。")  # fmt: skip
        if state == "solved":
            with clock.frozen_at(now - timedelta(days=10)):
                services.deliver_claim(claim_id=claim.pk, actor=worker, text="交付工艺方案和验证报告。")  # fmt: skip
                services.accept_delivery(claim_id=claim.pk, actor=admin, note="验收通过，合格率达98.5%。")  # fmt: skip
