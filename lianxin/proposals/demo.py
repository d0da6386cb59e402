"""Demo data for proposals and 议事厅 meetings, after Chancheng's 工事共商 (seeds/002): online
改善提案 rewarded once adopted and beneficial, and offline meetings whose resolutions turned a
storeroom into a mothers' room and a games room.

`load_proposals_demo()` needs the Jiaozuo demo orgs and accounts (lianxin.demo) and is idempotent:
a second run changes nothing. Every row goes through the services, with the clock set back to when
it would have happened. It adds one worker login, `worker` (陈小红, no role), who follows her own
proposals at /proposals/mine/.
"""

import random
from datetime import UTC, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lianxin.cases.models import Case, Channel
from lianxin.core import clock
from lianxin.orgs.models import Org, OrgKind
from lianxin.proposals import services
from lianxin.proposals.models import Meeting, Proposal
from lianxin.proposals.services import TierSpec

PASSWORD = "lianxin-demo"
WORKER = ("worker", "陈小红")
MARK = "工事共商议事厅（第一期）"

TIERS = [
    TierSpec("鼓励奖", Decimal(0), base_amount=Decimal(100), form="honour"),
    TierSpec("三等奖", Decimal(10000), base_amount=Decimal(300), percent=Decimal(2)),
    TierSpec("二等奖", Decimal(50000), base_amount=Decimal(1000), percent=Decimal(3),
             max_amount=Decimal(6000)),
    TierSpec("一等奖", Decimal(200000), base_amount=Decimal(3000), percent=Decimal(2),
             max_amount=Decimal(20000)),
]  # fmt: skip

# (title, problem, proposal, realised benefit in yuan a year or None for a non-monetary one)
IDEAS = [
    ("包装线快速换模", "换一次包装规格要停线40分钟。", "做定位销和快换夹具，换型前预热。", 36000),
    ("面粉输送管道防堵", "输送管道每周堵两三次，要拆管清理。", "在弯头加装振打器和观察窗。", 18000),
    ("车间照明改LED", "老式金卤灯耗电大、发热高。", "分批换成LED并加装分区开关。", 52000),
    ("冷却水循环再利用", "冷却水直排，水费高。", "加装冷却塔和回水池。", 88000),
    ("工具定置管理", "找工具耽误时间。", "按班组画线定置，工具影子板。", 6000),
    ("夜班食堂加餐", "夜班职工凌晨没有热饭。", "食堂凌晨两点供应热汤面。", None),
    ("更衣室加装储物柜", "更衣室柜子不够，衣物堆放。", "增加一排带锁储物柜。", None),
    ("设备点检二维码", "纸质点检表容易漏填。", "设备贴二维码，手机扫码点检。", 24000),
    ("余热回收烘干", "烘干工序用电加热。", "利用空压机余热预热烘干风。", 230000),
    ("叉车通道标识", "仓库叉车和行人混行。", "地面划分人车通道并加凸面镜。", None),
]
NAMES = [
    "王丽",
    "李强",
    "张敏",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄婷",
    "周涛",
    "吴霞",
    "徐斌",
    "孙悦",
    "胡军",
    "朱琳",
    "高峰",
    "林芳",
    "何勇",
    "郭蕾",
    "马超",
    "罗燕",
]


def _worker() -> User:
    user, created = User.objects.get_or_create(
        username=WORKER[0], defaults={"first_name": WORKER[1]}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


def _enterprises() -> list[Org]:
    return list(
        Org.objects.filter(kind=OrgKind.ENTERPRISE, code__startswith="JZ-").order_by("path")
    )


def _actor_for(org: Org, chair: User, admin: User) -> User:
    return chair if org.code == "JZ-SY-YH-01" else admin


@transaction.atomic
def load_proposals_demo(seed: int = 2026) -> int:
    """Reward tiers, proposals along the whole pipeline and two meetings; returns the proposals
    created (0 when already loaded)."""
    if Meeting.objects.filter(title=MARK).exists():
        return 0
    rng, now = random.Random(seed), timezone.now().astimezone(UTC)
    chair, admin = User.objects.get(username="chair"), User.objects.get(username="admin")
    me = _worker()
    enterprises = _enterprises()
    home = next(e for e in enterprises if e.code == "JZ-SY-YH-01")
    for org in enterprises[:8]:
        with clock.frozen_at(now - timedelta(days=200)):
            services.set_reward_rules(
                actor=_actor_for(org, chair, admin), enterprise=org, tiers=TIERS
            )
    created = 0
    for org in enterprises[:8]:
        count = 24 if org == home else rng.randint(4, 9)
        names = rng.sample(NAMES, k=min(len(NAMES), count))
        for i in range(count):
            created += _one(org, names[i % len(names)], rng, now, _actor_for(org, chair, admin))
    created += _worker_story(me, home, chair, now)
    created += _from_cases(home, chair, now)
    _meetings(home, chair, now)
    return created


def _one(org: Org, name: str, rng: random.Random, now, actor: User) -> int:
    title, problem, solution, benefit = rng.choice(IDEAS)
    start = now - timedelta(days=rng.randint(20, 170), hours=rng.randint(0, 8))
    with clock.frozen_at(start):
        p = services.submit_proposal(
            actor=actor, enterprise=org, title=title, problem=problem, solution=solution,
            proposer_names=[name], department="生产部",
        )  # fmt: skip
    depth = rng.choices(range(8), weights=[2, 1, 1, 1, 1, 2, 3, 6])[0]
    _walk(p, actor, start, depth, benefit, rng)
    return 1


def _walk(p: Proposal, actor: User, start, depth: int, benefit, rng: random.Random) -> None:
    """Take the proposal `depth` steps along the pipeline, a few days apart (depth 1: declined)."""
    pid, at = p.pk, start
    if depth == 1:
        with clock.frozen_at(at + timedelta(days=3)):
            services.decline_proposal(
                proposal_id=pid, actor=actor, reason="与在建技改项目重复，已转入项目组参考。"
            )
        return
    amount = None if benefit is None else Decimal(benefit) * Decimal(rng.choice([0.6, 0.8, 1, 1.2]))
    steps = [
        lambda: services.review_proposal(proposal_id=pid, actor=actor, note="部门初审通过"),
        lambda: services.forward_proposal(proposal_id=pid, actor=actor),
        lambda: services.adopt_proposal(proposal_id=pid, actor=actor, note="提案委员会审议采纳"),
        lambda: services.start_implementation(proposal_id=pid, actor=actor),
        lambda: services.record_implementation(
            proposal_id=pid, actor=actor, realised_benefit=amount,
            benefit_description="" if amount is not None else "职工满意度明显提升",
        ),
        lambda: services.reward_proposal(proposal_id=pid, actor=actor),
    ]  # fmt: skip
    for step in steps[: max(0, depth - 1)]:
        at += timedelta(days=rng.randint(2, 9))
        if at > timezone.now():
            return
        with clock.frozen_at(at):
            step()


def _worker_story(me: User, home: Org, chair: User, now) -> int:
    """陈小红's own proposals: one rewarded, one under committee review, one just submitted."""
    stories = [
        ("包装工序快速换模法", "换一次包装规格要停线40分钟。", "做定位销和快换夹具。", 120, 7),
        ("车间能耗看板", "各班组不清楚自己的用电量。", "每条线装电表，看板每日公布。", 30, 3),
        ("更衣室加装储物柜", "更衣室柜子不够。", "增加一排带锁储物柜。", 2, 0),
    ]
    rng = random.Random(7)
    for title, problem, solution, days_ago, depth in stories:
        start = now - timedelta(days=days_ago)
        with clock.frozen_at(start):
            p = services.submit_proposal(
                actor=me, enterprise=home, title=title, problem=problem, solution=solution,
                department="包装车间", proposer_names=["王丽"],
            )  # fmt: skip
        if depth:
            _walk(p, chair, start, depth, 42000, rng)
    return len(stories)


def _from_cases(home: Org, chair: User, now) -> int:
    """Two suggestions from the online box become proposals, keeping the link to their cases."""
    cases = Case.objects.filter(origin_org__path__startswith=home.path, channel=Channel.ONLINE)
    made = 0
    for case in cases.exclude(is_anonymous=True).order_by("-registered_at")[:2]:
        with clock.frozen_at(max(case.registered_at + timedelta(days=1), now - timedelta(days=1))):
            services.proposal_from_case(case_number=case.number, actor=chair)
        made += 1
    return made


def _meetings(home: Org, chair: User, now) -> None:
    """Two 议事厅 meetings: the first's resolutions done (one of them late), the second's open,
    one of them overdue — so the ledger's supervision view has something to show."""
    held = now - timedelta(days=75)
    with clock.frozen_at(held):
        m = services.create_meeting(
            actor=chair, org=home, title=MARK, held_at=held, place="职工之家"
        )
        for text in ("闲置杂物间如何利用", "健康驿站设备添置", "食堂菜品按职工偏好调整"):
            services.add_agenda_item(meeting_id=m.pk, actor=chair, text=text)
        for name, side in (("张敏", "workers"), ("李强", "workers"), ("周总", "management"),
                           ("王秀梅", "union")):  # fmt: skip
            services.add_attendee(meeting_id=m.pk, actor=chair, name=name, side=side)
        services.record_minutes(
            meeting_id=m.pk, actor=chair,
            minutes="一、闲置杂物间改建为母婴室和职工活动室（台球桌）。\n二、健康驿站添置自助体检设备。\n三、食堂每月征集一次菜品意见。",
        )  # fmt: skip
        first = services.add_resolution(meeting_id=m.pk, actor=chair, text="杂物间改建母婴室和活动室",
                                        owner_name="行政部 周总", due=held + timedelta(days=30))  # fmt: skip
        second = services.add_resolution(meeting_id=m.pk, actor=chair, text="健康驿站添置自助体检设备",
                                         owner_name="工会 王秀梅", due=held + timedelta(days=20))  # fmt: skip
        services.publish_minutes(meeting_id=m.pk, actor=chair)
    with clock.frozen_at(held + timedelta(days=26)):
        services.complete_resolution(
            resolution_id=first.pk, actor=chair, outcome="母婴室和活动室已启用"
        )
    with clock.frozen_at(held + timedelta(days=24)):
        services.complete_resolution(
            resolution_id=second.pk, actor=chair, outcome="血压计、体脂秤已到位"
        )
    held = now - timedelta(days=12)
    with clock.frozen_at(held):
        m = services.create_meeting(actor=chair, org=home, title="工事共商议事厅（第二期）", held_at=held,
                                    place="职工之家")  # fmt: skip
        services.add_agenda_item(meeting_id=m.pk, actor=chair, text="职工宿舍拎包入住")
        services.add_attendee(meeting_id=m.pk, actor=chair, name="张敏", side="workers")
        services.add_resolution(meeting_id=m.pk, actor=chair, text="宿舍配齐床品和家具，实现拎包入住",
                                owner_name="后勤部 刘经理", due=held + timedelta(days=7))  # fmt: skip
        services.add_resolution(meeting_id=m.pk, actor=chair, text="每月一次定期义诊",
                                owner_name="工会 王秀梅", due=now + timedelta(days=2))  # fmt: skip
