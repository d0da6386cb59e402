"""A year of demo cases (1 Dec 2025 – 20 Nov 2026) for the Jiaozuo demo, replayed through the services.

Every case is registered, accepted, handled, referred or escalated, resolved and rated by the case
services under `clock.frozen_at(t)`, so numbers, deadlines, journal and notifications are what real
use would have left. The steps of all cases run in time order (a heap of per-case stories), with a
Monday-morning 督办 run (supervision.supervise_cases) in between, so supervision sees the ledger as it
stood that day. Accounts are the documented ones: the chair acts in her enterprise, staff in 山阳区,
admin elsewhere; the labour-bureau officer and the judge report back; the supervisor reopens.
Fates are drawn from random.Random(seed), so a seed always gives the same ledger; about 1.3% of the
accepted cases older than a month stay unresolved, as in Jiaozuo's 183 cases at 98.7%.
"""

import heapq
import logging
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from lianxin.cases import services
from lianxin.cases.deadlines import BEIJING, is_working_day
from lianxin.cases.models import Case, Category
from lianxin.cases.supervision import supervise_cases
from lianxin.core import clock
from lianxin.demo import orgs_data as data
from lianxin.orgs.models import Org, OrgKind, subtree_q

START, END = date(2025, 12, 1), datetime(2026, 11, 20, 23, 59, 59, tzinfo=BEIJING)
CASES = 480
# Spring Festival (Feb) is quiet; wage worries peak before it and heat complaints in summer.
MONTH_WEIGHTS = {(2025, 12): 10, (2026, 1): 12, (2026, 2): 7, (2026, 3): 10, (2026, 4): 9,
                 (2026, 5): 10, (2026, 6): 10, (2026, 7): 12, (2026, 8): 11, (2026, 9): 9,
                 (2026, 10): 8, (2026, 11): 6}  # fmt: skip
STUCK_SHARE = 0.013
OPENS, CLOSES = time(8, 30), time(17, 30)
GIG_WORDS = ("配送", "网约车", "物流", "运输")
Claim = tuple[str, Decimal, Decimal]  # claim type, amount claimed, amount paid


@dataclass
class Spec:
    """One case to replay: what the worker said, where and when, and how the story will go."""

    at: datetime
    origin: Org
    key: str
    channel: str
    text: tuple[str, str, str]  # title, description, result
    worker: tuple[str, str]  # ("", "") is an anonymous worker
    place: tuple[str, Decimal | None, Decimal | None]
    claim: Claim | None
    urgency: str = "ordinary"
    fate: str = "resolved"  # resolved | rejected | stuck | dissatisfied | reopened
    late: bool = False
    escalate: bool = False
    partner: str = ""  # "" | "hrss" | "court"


class Cast:
    """The documented demo accounts, each acting only where its role reaches."""

    def __init__(self) -> None:
        self.users = User.objects.in_bulk(list(data.ACCOUNTS), field_name="username")
        self.orgs = Org.objects.in_bulk()
        self.chair_org = Org.objects.get(code=data.ACCOUNTS["chair"][2])
        self.district = Org.objects.get(code=data.ACCOUNTS["staff"][2])
        self.categories = Category.objects.in_bulk(field_name="key")
        self.escalations = 0  # by supervision so far
        self.partners = {
            "hrss": (Org.objects.get(code=data.PARTNERS["hrss"][0]), self.users["partner"]),
            "court": (Org.objects.get(code=data.PARTNERS["court"][0]), self.users["judge"]),
        }

    def handler(self, org: Org) -> User:
        if org.is_within(self.chair_org):
            return self.users["chair"]
        return self.users["staff" if org.is_within(self.district) else "admin"]

    def supervisor(self, org: Org) -> User:
        return self.users["supervisor" if org.is_within(self.district) else "admin"]

    def owner(self, case: "Tracked") -> Org:
        """The case's owner org, read again only if supervision has escalated cases since."""
        if case.seen != self.escalations:
            case.owner_id = Case.objects.values_list("owner_org_id", flat=True).get(pk=case.pk)
            case.seen = self.escalations
        return self.orgs[case.owner_id]


@dataclass
class Tracked:
    """A case being replayed: its owner as the last step left it (escalation moves it)."""

    pk: int
    owner_id: int
    seen: int  # Cast.escalations when owner_id was last known

    def moved(self, case: Case) -> None:
        self.owner_id = case.owner_org_id


def load_cases(seed: int = 2026) -> int:
    """Replay a year of cases (after load_orgs and load_accounts); nothing if the demo has cases."""
    city = Org.objects.get(code=data.CITY["code"])
    if Case.objects.filter(subtree_q([city.path], field="origin_org__path")).exists():
        return 0
    rng, cast = random.Random(seed), Cast()
    specs = _plan(rng, city)
    stories: list[Iterator[datetime]] = [_story(s, cast, rng) for s in specs]
    starts = [s.at for s in specs]
    # A replayed year writes hundreds of notifications; their delivery log would drown the output.
    with _quiet("lianxin.notifications", "lianxin.supervision"), transaction.atomic():
        _run([*zip(starts, stories, strict=True), (_at(START, OPENS), _weekly_supervision(cast))])
    return Case.objects.filter(subtree_q([city.path], field="origin_org__path")).count()


# ---- the replay ---------------------------------------------------------------------------------


def _run(entries: list[tuple[datetime, Iterator[datetime]]]) -> None:
    """Advance each story at the moment it asks for, earliest first, until the demo's end."""
    heap = [(t, i, story) for i, (t, story) in enumerate(entries)]
    heapq.heapify(heap)
    while heap:
        moment, i, story = heapq.heappop(heap)
        if moment > END:
            continue
        # UTC: the journal hashes `at` as the database returns it.
        with clock.frozen_at(moment.astimezone(UTC)):
            following = next(story, None)
        if following is not None:
            heapq.heappush(heap, (max(following, moment), i, story))


def _weekly_supervision(cast: Cast) -> Iterator[datetime]:
    """督办 at 08:30 on every Monday that is a working day."""
    day = START
    while True:
        day += timedelta(days=1)
        if day.weekday() == 0 and is_working_day(day):
            yield _at(day, OPENS)
            cast.escalations += supervise_cases(warn_hours=48).escalated


def _story(s: Spec, cast: Cast, rng: random.Random) -> Iterator[datetime]:
    """One case from registration to its last step; each `yield` waits until that moment."""
    case = _register(s, cast)
    due, quick = case.resolution_due, case.resolution_due - s.at < timedelta(days=2)
    tracked = Tracked(case.pk, case.owner_org_id, cast.escalations)

    def act(service: Callable[..., Case], **fields: object) -> None:
        tracked.moved(
            service(case_id=tracked.pk, actor=cast.handler(cast.owner(tracked)), **fields)
        )

    yield _answer_at(s.at, case.response_due, rng)
    if s.fate == "rejected":
        act(services.reject_case, reason=rng.choice(REJECTIONS))
        return
    act(services.accept_case)
    yield _later(clock.now(), rng.uniform(0.1, 2), quick)
    act(services.start_case)
    if s.escalate:
        yield _office(clock.now(), rng.uniform(3, 16))
        act(services.escalate_case, reason=rng.choice(ESCALATIONS))
    if s.partner:
        yield from _referral(s, tracked, act, cast, rng)
    if s.fate == "stuck":
        yield _office(clock.now(), rng.uniform(8, 40))
        act(services.add_progress, note=rng.choice(PROGRESS), public=True)
        return
    yield _resolve_at(clock.now(), due, rng, late=s.late, quick=quick)
    act(services.resolve_case, result=s.text[2], amount_paid=s.claim[2] if s.claim else None)
    yield from _feedback(s, tracked, act, cast, rng)


def _register(s: Spec, cast: Cast) -> Case:
    (title, description, _result), (name, phone) = s.text, s.worker
    address, latitude, longitude = s.place
    return services.register_case(
        actor=cast.handler(s.origin),
        new=services.NewCase(
            origin_org=s.origin,
            category=cast.categories[s.key],
            channel=s.channel,
            title=title,
            description=description,
            urgency=s.urgency,
            is_anonymous=not name,
            worker_name=name,
            worker_phone=phone,
            address=address,
            latitude=latitude,
            longitude=longitude,
            claim_type=s.claim[0] if s.claim else "",
            amount_claimed=s.claim[1] if s.claim else None,
        ),
    )


def _referral(s: Spec, case: Tracked, act: Callable, cast: Cast, rng: random.Random) -> Iterator:
    """转办 to the partner agency; it reports back days later (a stuck case is still with it)."""
    partner, officer = cast.partners[s.partner]
    note, reports_by_category = REFERRALS[s.partner]
    reports = reports_by_category.get(s.key, reports_by_category[""])
    yield _office(clock.now(), rng.uniform(2, 14))
    act(services.refer_case, partner=partner, note=note)
    if s.fate != "stuck":
        yield _office(clock.now(), rng.uniform(12, 60))
        case.moved(services.report_back(case_id=case.pk, actor=officer, report=rng.choice(reports)))


def _feedback(s: Spec, case: Tracked, act: Callable, cast: Cast, rng: random.Random) -> Iterator:
    """回访 a day or two after resolving: a dissatisfied worker sends it back, a supervisor may too."""
    yield _office(clock.now(), rng.uniform(3, 20))
    if s.fate == "dissatisfied":
        act(services.record_feedback, rating="dissatisfied", comment=rng.choice(FEEDBACK[2]))
        yield _office(clock.now(), rng.uniform(8, 30))
        act(services.resolve_case, result=rng.choice(RESOLVED_AGAIN))
        yield _office(clock.now(), rng.uniform(3, 16))
    # Nobody to call back for half the anonymous cases; a dissatisfied worker is reachable by now.
    anonymous = not s.worker[0]
    if s.fate != "dissatisfied" and ((anonymous and rng.random() < 0.5) or rng.random() < 0.03):
        act(services.close_case, note=FEEDBACK[3][0 if anonymous else 1])
    else:
        rating = rng.choices(["satisfied", "mostly"], [75, 25])[0]
        comment = rng.choice(FEEDBACK[0 if rating == "satisfied" else 1])
        act(services.record_feedback, rating=rating, comment=comment)
    if s.fate == "reopened":
        yield _office(clock.now(), rng.uniform(8, 40))
        supervisor = cast.supervisor(cast.owner(case))
        reason = rng.choice(REOPENINGS)
        case.moved(services.reopen_case(case_id=case.pk, actor=supervisor, reason=reason))
        yield _office(clock.now(), rng.uniform(8, 24))
        act(services.resolve_case, result=rng.choice(RESOLVED_AGAIN))
        yield _office(clock.now(), rng.uniform(3, 16))
        act(services.record_feedback, rating="satisfied", comment=rng.choice(FEEDBACK[0]))


# ---- time ---------------------------------------------------------------------------------------


def _at(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=BEIJING)


def _office(start: datetime, hours: float) -> datetime:
    """`hours` of office time (working days, 08:30–17:30 Beijing time) after `start`."""
    t, left = start.astimezone(BEIJING), timedelta(hours=hours)
    while True:
        day = t.date()
        if not is_working_day(day) or t >= _at(day, CLOSES):
            t = _at(day + timedelta(days=1), OPENS)
            continue
        t = max(t, _at(day, OPENS))
        if t + left <= _at(day, CLOSES):
            return t + left
        left -= _at(day, CLOSES) - t
        t = _at(day, CLOSES)


def _later(t: datetime, hours: float, round_the_clock: bool) -> datetime:
    return t + timedelta(hours=hours) if round_the_clock else _office(t, hours)


def _answer_at(registered: datetime, due: datetime, rng: random.Random) -> datetime:
    """Urgent, safety and accident cases are answered round the clock, the rest in office hours."""
    if due - registered < timedelta(hours=12):
        return registered + (due - registered) * rng.uniform(0.2, 0.7)
    if rng.random() < 0.015:  # the odd case answered late
        return _office(due, rng.uniform(1, 8))
    return _office(registered, rng.uniform(0.3, 4))


def _resolve_at(
    now: datetime, due: datetime, rng: random.Random, *, late: bool, quick: bool
) -> datetime:
    if late:
        return _office(max(now, due), rng.uniform(4, 50))  # up to a week: a few still open at END
    t = now + (due - now) * rng.uniform(0.3, 0.85)
    if not quick and (t := _office(t, rng.uniform(0.1, 2))) > due:  # past closing: that evening
        t = due - timedelta(hours=rng.uniform(1, 4))
    return max(t, now + timedelta(minutes=20))


# ---- the plan -----------------------------------------------------------------------------------


def _plan(rng: random.Random, city: Org) -> list[Spec]:
    enterprises = list(city.subtree().filter(kind=OrgKind.ENTERPRISE))
    teams: dict[int, list[Org]] = {}
    for team in city.subtree().filter(kind=OrgKind.TEAM):
        teams.setdefault(team.parent_id or 0, []).append(team)
    chair_org = data.ACCOUNTS["chair"][2]
    weights = [5 if e.code == chair_org else (e.workforce or 150) / 100 for e in enterprises]
    picks = rng.choices(enterprises, weights, k=CASES)
    specs = sorted((_spec(rng, e, teams.get(e.pk, [])) for e in picks), key=lambda s: s.at)
    _assign_fates(rng, specs)
    return specs


def _spec(rng: random.Random, enterprise: Org, teams: list[Org]) -> Spec:
    gig = any(word in enterprise.name for word in GIG_WORDS)
    key = rng.choices(list(WEIGHTS), [w[gig] for w in WEIGHTS.values()])[0]
    gig_like = gig or key in {"accident", "gig_platform"}
    channel = rng.choices(list(CHANNELS), [w[1] if gig_like else w[0] for w in CHANNELS.values()])[
        0
    ]
    at = _registered_at(rng, channel, enterprise)
    road = rng.choice(ROADS)
    text, claim = _words(rng, key, at.month, shop=rng.choice(_shops(enterprise)), road=road)
    named = rng.random() >= CHANNELS[channel][2]
    with_place = channel == "snapshot" or key == "accident"
    on_team = teams and channel == "visit" and rng.random() < 0.3
    return Spec(
        at=at,
        origin=rng.choice(teams) if on_team else enterprise,
        key=key,
        channel=channel,
        text=text,
        worker=_worker(rng) if named else ("", ""),
        place=_place(rng, enterprise, road) if with_place else ("", None, None),
        claim=claim,
        urgency=_urgency(rng, key, claim),
    )


def _words(
    rng: random.Random, key: str, month: int, *, shop: str, road: str
) -> tuple[tuple[str, str, str], Claim | None]:
    """What the worker said and what was done, in season (no heat complaints in January)."""
    claim = None
    if key == "accident":
        claim_type, *template = rng.choice(ACCIDENTS)
        claim = _claim(rng, claim_type)
    else:
        in_season = [t for t in TEXTS[key] if month in SEASONS.get(t[0], ALL_YEAR)]
        template = list(rng.choice(in_season))
    slots = {"shop": shop, "road": road, "n": str(rng.randint(3, 36))}
    title, description, result = (part.format(**slots) for part in template)
    if claim:
        result += f"（申请{claim[1]}元，实际赔付{claim[2]}元）"
    return (title, description, result), claim


def _registered_at(rng: random.Random, channel: str, enterprise: Org) -> datetime:
    """A day by the month weights; the chair's visit falls on the enterprise's weekday."""
    year, month = rng.choices(list(MONTH_WEIGHTS), list(MONTH_WEIGHTS.values()))[0]
    last = END.day if (year, month) == (END.year, END.month) else 28
    day = date(year, month, rng.randint(1, last))
    if channel == "visit":
        # From the code, not the pk: the same seed must give the same ledger on any database.
        day += timedelta(days=sum(enterprise.code.encode()) % 5 - day.weekday())
    first_hour, last_hour, office_only = CHANNELS[channel][3]
    while office_only and not is_working_day(day):
        day += timedelta(days=1)
    minute = rng.randrange(first_hour * 60, last_hour * 60)
    return max(_at(day, time(minute // 60, minute % 60)), _at(START, OPENS))


def _assign_fates(rng: random.Random, specs: list[Spec]) -> None:
    """A handful rejected; ~1.3% of older accepted cases stuck; the rest resolved, a few the hard way."""
    for s in rng.sample(specs[:-10], k=round(len(specs) * 0.022)):
        s.fate = "rejected"
    older = [s for s in specs if s.at < END - timedelta(days=31) and s.fate != "rejected"]
    for s in rng.sample(older, k=round(len(older) * STUCK_SHARE)):
        s.fate, s.partner = "stuck", rng.choice(["court", "hrss", ""])
    settled = END - timedelta(days=50)  # long enough for a dissatisfied worker's second round
    for s in specs:
        if s.fate != "resolved" or (s.claim and s.claim[0] == "self_fall"):
            continue  # a small self-fall is settled at once (Panjin's 24-hour 一次性和解)
        partners = REFERABLE.get(s.key, ())
        s.partner = rng.choice(partners) if partners and rng.random() < 0.22 else ""
        s.escalate = rng.random() < (0.3 if s.urgency == "complex" else 0.03)
        s.late = rng.random() < (0.07 if s.at < settled else 0.1)
        if s.at < settled and (roll := rng.random()) < 0.06:
            s.fate = "dissatisfied" if roll < 0.05 else "reopened"


def _urgency(rng: random.Random, key: str, claim: Claim | None) -> str:
    if claim and claim[0] == "severe":
        return "complex"
    if key == "safety" and rng.random() < 0.35:
        return "urgent"
    return "complex" if key in {"social_insurance", "contract", "wages"} and rng.random() < 0.08 else "ordinary"  # fmt: skip


def _claim(rng: random.Random, claim_type: str) -> Claim:
    low, high, share = {"self_fall": (300, 2500, 0.8), "third_party": (3000, 30000, 0.7),
                        "severe": (20000, 120000, 0.6)}[claim_type]  # fmt: skip
    claimed = rng.randrange(low, high, 10)
    return claim_type, Decimal(claimed), Decimal(round(claimed * rng.uniform(share, 1.0), -1))


def _shops(enterprise: Org) -> list[str]:
    return next((shops for words, shops in SHOPS if any(w in enterprise.name for w in words)), SHOPS[-1][1])  # fmt: skip


def _worker(rng: random.Random) -> tuple[str, str]:
    surname, given = rng.choice(NAMES[0]), rng.choice(NAMES[1])
    return surname + given, f"139{rng.randrange(10**8):08d}"


def _place(rng: random.Random, enterprise: Org, road: str) -> tuple[str, Decimal, Decimal]:
    address = f"{enterprise.region.removeprefix('河南省')}{road}{rng.randint(1, 400)}号附近"
    lat, lng = 35.215 + rng.uniform(-0.04, 0.04), 113.242 + rng.uniform(-0.06, 0.06)
    return address, Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


@contextmanager
def _quiet(*loggers: str) -> Iterator[None]:
    saved = [(logging.getLogger(n), logging.getLogger(n).level) for n in loggers]
    for logger, _level in saved:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in saved:
            logger.setLevel(level)


# ---- what workers say, and what was done ---------------------------------------------------------
# {shop} is a workplace of the enterprise, {n} a head count, {road} a street of Jiaozuo.
# fmt: off
SUMMER, WINTER, ALL_YEAR = (6, 7, 8, 9), (11, 12, 1, 2), tuple(range(1, 13))
# category key → (weight in a factory, weight in a delivery/ride-hailing/transport enterprise)
WEIGHTS: dict[str, tuple[int, int]] = {"wages": (10, 6), "contract": (5, 4), "social_insurance": (7, 6), "injury_health": (7, 3),
           "safety": (7, 4), "hours_leave": (9, 6), "conditions": (10, 4), "canteen_dorm": (11, 3),
           "women": (5, 1), "welfare": (7, 4), "skills": (6, 2), "democracy": (4, 2),
           "gig_platform": (0, 16), "accident": (1, 16), "other": (3, 2)}
# channel → (weight in a factory, weight among riders and drivers, anonymous share, (hours, office only))
CHANNELS: dict[str, tuple[int, int, float, tuple[int, int, bool]]] = {"visit": (38, 12, 0.08, (9, 17, True)), "hotline": (15, 16, 0.35, (8, 21, False)),
            "online": (13, 15, 0.5, (7, 24, False)), "snapshot": (9, 27, 0.15, (7, 22, False)),
            "station": (7, 24, 0.2, (10, 20, False)), "meeting": (11, 4, 0.05, (14, 17, True)),
            "letter": (7, 2, 0.4, (9, 17, True))}
TEXTS: dict[str, list[tuple[str, str, str]]] = {
    "wages": [
        ("加班费两个月没发", "{shop}上两个月周六都在加班，说好的加班费到现在一分没见，问班长就说等通知。", "工会约谈企业人事和财务，核对考勤后企业已随本月工资补发两个月加班费，涉及职工{n}人。"),
        ("年前工资能不能按时发", "听说厂里资金紧张，快过年了，大家担心年前工资发不下来，家里都等着这笔钱。", "工会与企业负责人沟通，企业已在春节前足额发放工资，发放情况在厂务公开栏公示。"),
        ("计件单价降了没人通知", "{shop}这个月计件单价突然降了，事先没开会也没公示，算下来一个月少了六七百块。", "工会组织职工代表座谈重新核定计件单价，本月按原单价补足差额，今后调整须先经职代会讨论。"),
        ("试用期工资比说好的少", "入职时说试用期每月3500，结果只发了2800，说是扣了培训费，合同上根本没写这一条。", "工会查看劳动合同后向企业指出扣款没有依据，企业已退还培训费并补足试用期工资差额。"),
        ("夜班补贴一直没落实", "厂里文件写着夜班每晚补贴30元，我们{shop}上了半年夜班，工资条上从来没见过这一项。", "工会核实后督促企业落实夜班补贴，企业已补发半年夜班补贴，并在工资条中单列。"),
        ("辞职后最后一个月工资不给结", "我提前一个月递了辞职报告，手续都办完了，最后一个月工资拖着不给，说要等年底一起结。", "工会与企业人事沟通，企业已在五个工作日内结清该职工离职当月工资。"),
        ("高温天加班没有高温津贴", "七八月{shop}里三十七八度，照常加班，高温津贴一分没有。", "工会依据河南省高温津贴规定与企业协商，企业已按标准补发高温津贴。"),
    ],
    "contract": [
        ("干了快一年还没签合同", "我来厂里快一年了，一直没签劳动合同，问了几次都说忙，心里不踏实。", "工会督促企业与{n}名未签合同的职工补签书面劳动合同，并讲解了未签合同期间的权益。"),
        ("合同被公司收走了", "签完合同公司全收走了，说统一保管，我们手里一份都没有。", "工会向企业说明劳动合同应由双方各执一份，企业已将合同文本发还全部职工。"),
        ("调岗降薪没跟我商量", "突然把我从{shop}调去看仓库，工资也少了一截，没跟我商量，说不同意就走人。", "工会组织企业与职工协商，企业撤回调岗决定，恢复原岗位和工资待遇。"),
        ("派遣工同工不同酬", "我们派遣过来的和正式工干一样的活，过节福利、绩效奖金都没我们的份。", "工会与企业及派遣单位沟通，企业已将派遣职工纳入节日福利和绩效奖金发放范围。"),
        ("干了九年续签只给一年", "合同到期续签，公司说只能签一年，我在这已经干了九年了。", "工会向企业宣讲劳动合同法关于无固定期限合同的规定，企业已与该职工签订无固定期限劳动合同。"),
        ("车间撤了让我们自己走人", "厂里说{shop}要撤了，让我们自己走人，一分补偿都没有。", "工会依法提出意见，企业按工作年限向{n}名职工支付经济补偿，并协助部分职工转岗。"),
    ],
    "social_insurance": [
        ("社保断缴了三个月", "去医院看病刷不了医保卡，一查才知道公司三个月没给交社保。", "工会督促企业补缴欠缴社保，企业已补缴到位，职工医保恢复正常使用。"),
        ("社保按最低基数交", "我工资五千多，社保一直按最低基数交，以后养老金太低了。", "工会向企业说明缴费基数应按实际工资申报，企业已从下月起调整缴费基数。"),
        ("新来的工人没上社保", "我们{shop}新来的十几个人，干了三个月都没上社保，公司说过了试用期再说。", "工会协调企业自用工之日起为试用期职工补办参保，涉及{n}人。"),
        ("厂里从来没交过公积金", "厂里只交五险，从来没交过住房公积金，想买房贷款用不上。", "工会把公积金纳入集体协商议题，企业承诺分批为职工缴存，首批已办理开户。"),
        ("外地社保转不过来", "我从郑州回焦作上班，之前在郑州交的社保不知道怎么转过来，跑了两趟没弄明白。", "工会工作人员陪同职工到社保经办窗口办理转移接续，已办结。"),
        ("退休手续卡在档案上", "我明年退休，档案里缺招工表，社保局说办不了，厂里也不管。", "工会联系企业档案室和人社部门补齐档案材料，职工退休手续已按期办理。"),
    ],
    "injury_health": [
        ("车间噪声大影响听力", "{shop}几台老设备噪声特别大，一天下来耳朵嗡嗡响，好几个人说听力下降了。", "工会主席联系专业机构到车间做噪声检测，企业更换减振垫、加装隔音罩，半个月内完成降噪改造，并为职工配发耳塞、安排听力检查。"),
        ("粉尘大口罩不够用", "{shop}粉尘很大，一周只发两个口罩，根本不够用，下班鼻子里都是灰。", "工会督促企业按标准配发防尘口罩并每日更换，增设除尘设备，安排职业健康检查。"),
        ("工伤认定公司不配合", "我在{shop}被机器挤伤了手指，公司不给出证明，说是我自己不小心。", "工会协助职工收集证据申请工伤认定，已认定为工伤，企业按规定支付停工留薪期工资。"),
        ("职业健康体检好几年没做", "我们接触化学品的岗位，好几年没做过职业健康体检了，大家心里没底。", "工会推动企业组织接害岗位职工职业健康体检，{n}人已全部完成，结果一人一档。"),
        ("工伤住院让自己垫钱", "上个月在{shop}摔伤住院，公司让我先垫医药费，到现在也没给报。", "工会与企业沟通，企业已报销全部医疗费用，并为职工申报工伤保险待遇。"),
        ("车间太热有人中暑", "{shop}里太热，这个星期已经有两个人中暑了，降温就靠几台风扇。", "工会督促企业增加冷风机和防暑药品，调整作业时间避开午后高温，落实“夏送清凉”。"),
    ],
    "safety": [
        ("叉车在通道里开太快", "仓库通道窄，叉车经常开得飞快，差点撞到人，有人提过也没人管。", "工会会同安全员划设人车分流通道、设置限速标识，对叉车司机开展安全培训。"),
        ("灭火器过期了", "{shop}墙上的灭火器压力表都到红区了，检查卡还是去年的。", "企业已更换全部过期灭火器，工会劳动保护监督员每月检查登记。"),
        ("设备防护罩拆了没装回去", "{shop}有台设备检修后防护罩一直没装回去，转轴露在外面，太危险了。", "工会当天通知设备部门恢复防护罩，并组织班组开展隐患排查。"),
        ("车间里有煤气味", "{shop}东头这两天老有一股煤气味，担心管道漏气。", "接报后企业立即停用相关管线，请燃气公司检测并更换漏气阀门，排查后恢复使用。"),
        ("脚手架扣件松了", "工地西侧脚手架有几处扣件松了，工人还在上面干活。", "工会通知项目部立即停工整改，加固脚手架并经安全员验收后复工。"),
        ("安全出口被货堵了", "{shop}的安全出口堆满了纸箱，真出事根本跑不出去。", "企业当日清理安全出口，工会将消防通道纳入每周陪伴日巡查。"),
    ],
    "hours_leave": [
        ("夜班连上十二小时不让歇", "{shop}夜班从晚八点到早八点，中间没有固定吃饭休息时间，人熬不住。", "工会与企业协商调整排班，夜班中间安排不少于40分钟的用餐休息，并设夜班休息室。"),
        ("年休假从来休不了", "干了五年了，一天年休假都没休过，一请假就说人手不够。", "工会推动企业制定年休假计划，职工已按规定休假，未休部分按300%折算工资。"),
        ("一个月只休两天", "我们{shop}一个月只能休两天，天天加班，家里孩子都顾不上。", "工会与企业协商增补人手，保证每周至少休息一天，加班按规定支付加班费。"),
        ("婚假只给三天", "我下个月结婚，人事说婚假只给三天，还要扣全勤奖。", "工会向人事部门说明河南省婚假规定，企业已按规定批准婚假且不扣全勤奖。"),
        ("春节值班没给调休", "春节期间在厂里值了七天班，说好节后调休，到现在也没安排。", "工会协调企业为春节值班职工安排调休，并按规定支付法定节假日加班工资。"),
        ("上厕所超时要扣钱", "{shop}新规定离岗上厕所超过5分钟就扣钱，大家意见很大。", "工会与企业沟通，企业废止该规定，改为班组内轮换顶岗。"),
    ],
    "conditions": [
        ("车间没有空调太闷热", "{shop}夏天闷得喘不上气，只有几台电扇，干一会儿衣服就湿透。", "企业加装工业冷风机和排风扇，车间温度明显下降，工会陪伴日回访确认效果。"),
        ("厕所太少要排队", "{shop}一百多号人只有一个厕所，一到休息时间就排长队。", "企业新建一处卫生间并安排专人保洁，工会跟踪至完工。"),
        ("更衣室没有柜子", "换下来的衣服只能挂墙上，手机钱包没地方放，丢过好几回东西。", "企业采购带锁更衣柜，已按人头配发到位。"),
        ("车间灯坏了没人修", "{shop}几盏灯坏了很久没人修，晚上干活看不清，眼睛累。", "企业更换为LED照明并建立报修台账，工会陪伴日随机检查。"),
        ("冬天车间冷得伸不出手", "{shop}大门一直敞着，冬天冷得手都伸不出来，干活不利索。", "企业加装棉门帘和暖风机，为一线职工配发防寒手套。"),
        ("饮水机坏了半个月", "{shop}饮水机坏了半个月没人修，大家只能自己带水。", "企业已更换饮水机并定期清洗消毒，工会将饮水设施纳入巡查清单。"),
    ],
    "canteen_dorm": [
        ("食堂饭菜太咸油太大", "食堂最近饭菜又咸又油，菜价还涨了，好多人宁愿出去吃。", "工会组织职工代表和食堂承包方座谈，减盐减油，增加两个平价菜，每月开展一次满意度测评。"),
        ("宿舍热水时有时无", "宿舍热水器老出毛病，下夜班回来洗不上热水澡。", "企业检修更换宿舍热水器，供热水时间延长到凌晨一点，工会回访职工满意。"),
        ("下了夜班吃不上热饭", "下了夜班食堂早关门了，只能吃泡面。", "食堂增设夜班餐，晚十点到次日一点供应热饭热菜。"),
        ("宿舍八个人一间太挤", "宿舍一间住八个人，上下铺，夏天热得睡不着，东西也没地方放。", "企业改造闲置办公楼作宿舍，调整为每间四人并加装空调。"),
        ("宿舍没有洗衣机", "宿舍楼没有洗衣机，工作服油污手洗根本洗不干净。", "企业在宿舍楼每层安装两台洗衣机，工作服改为统一清洗。"),
        ("食堂有苍蝇碗筷不干净", "食堂餐桌上经常有苍蝇，碗筷也洗不干净。", "工会会同行政部检查食堂卫生，督促承包方整改，安装灭蝇灯，碗筷高温消毒。"),
        ("宿舍到厂区没有路灯", "宿舍到厂区那段路没有路灯，下夜班的女工走着害怕。", "企业在宿舍至厂区道路安装路灯和监控，夜班时段安排保安巡逻。"),
    ],
    "women": [
        ("怀孕了还排我上夜班", "我怀孕五个月了，班长还排我上夜班，说不上就算旷工。", "工会依据《女职工劳动保护特别规定》与企业沟通，企业已为该职工调整为白班并减轻工作量。"),
        ("想要一间妈咪小屋", "厂里哺乳期的女工有好几个，挤奶只能躲在厕所里，很不方便。", "企业腾出一间房建成“妈咪小屋”，配备冰箱、沙发和洗手池，已投入使用。"),
        ("女工体检没有妇科项目", "厂里年度体检没有妇科检查，女工们希望加上。", "工会推动企业在年度体检中增加女职工“两癌”筛查和妇科检查项目。"),
        ("休完产假岗位没了", "休完产假回来，原来的岗位给了别人，让我去干保洁。", "工会与企业协商，企业已恢复该职工原岗位及待遇。"),
        ("哺乳时间厂里不认", "孩子还不到一岁，每天一小时哺乳时间厂里不认，说影响生产。", "工会向企业说明哺乳期女职工权益，企业已按规定每天安排一小时哺乳时间。"),
        ("女更衣室没有门锁", "{shop}女更衣室没门锁，常有人不敲门就进来。", "企业为女更衣室安装门锁和提示牌，工会开展了防性骚扰宣传。"),
    ],
    "welfare": [
        ("端午福利发得太少", "今年端午就发了一箱牛奶，往年还有粽子和油。", "工会与企业协商补发节日慰问品，并将节日福利标准写入集体合同。"),
        ("想组织个篮球赛", "年轻人下了班没事干，想让工会组织篮球赛，场地厂里有。", "工会组织职工篮球联赛，{n}名职工报名参赛，并添置了篮球架和器材。"),
        ("职工书屋一年到头锁着", "厂里有个职工书屋，可一年到头锁着，想借书也借不了。", "工会安排专人管理职工书屋，每天中午和晚上开放，新购图书两百余册。"),
        ("孩子放暑假没人看", "暑假孩子在家没人管，双职工家庭很头疼，能不能办个托管班。", "工会联合社区举办职工子女暑期托管班，为{n}名职工子女提供托管。"),
        ("家里困难想申请帮扶", "我爱人生病住院花了很多钱，家里实在困难，想申请困难帮扶。", "工会核实后为该职工建档，发放困难帮扶金，并协助申请大病医疗互助补助。"),
        ("生日福利突然取消了", "以前过生日发蛋糕卡，今年突然没有了，也没个说法。", "工会与企业沟通恢复职工生日慰问，并公示福利发放标准。"),
    ],
    "skills": [
        ("想考电工证厂里能不能组织", "{shop}好几个人想考电工证，自己报班太贵，希望厂里组织培训。", "工会联系职业培训学校开办电工培训班，{n}名职工参加，考证费用由企业和工会共同承担。"),
        ("考了高级工工资不涨", "我考下了高级工证书，工资一分没涨，学技术没动力。", "工会推动企业建立技能等级与薪酬挂钩制度，持高级工证书职工每月增加技能津贴。"),
        ("新设备没培训就让上手", "{shop}换了新设备，没培训就让直接操作，出了问题还要我们担责。", "企业请设备厂家技术人员开展三天操作培训，考核合格后上岗。"),
        ("想报名市里的技能竞赛", "听说市里有技能竞赛，我们{shop}有几个老师傅手艺很好，想报名。", "工会协助报名市级职工技能竞赛，组织厂内选拔和赛前集训。"),
        ("学历提升有没有补助", "想报个成人大专，听说工会有学历提升补助，不知道怎么申请。", "工会讲解学历提升补助政策，协助{n}名职工报名，学费按规定给予补助。"),
        ("师带徒只是挂个名", "厂里说搞师带徒，结果师傅自己都忙不过来，根本没时间带。", "工会推动企业出台师带徒管理办法，明确师徒津贴和考核，首批结对{n}对。"),
    ],
    "democracy": [
        ("新考勤制度没开职代会", "厂里新出了考勤制度，罚款比以前多好几倍，没开职工代表大会就执行了。", "工会依法提出意见，企业暂停执行新制度，经职代会讨论修改后重新公布。"),
        ("绩效考核标准不公开", "每月绩效分多少全凭班长一句话，标准从来不公开。", "企业在厂务公开栏公开绩效考核细则，每月公示考核结果，设立申诉渠道。"),
        ("工会经费怎么花的", "每月都扣会费，也不知道钱花哪了，希望公开一下。", "工会在会员大会上公开年度经费收支，并在公示栏张贴明细。"),
        ("职工代表好几年没换", "职工代表还是五年前选的，有的人早走了，希望重新选。", "工会启动职工代表换届选举，各班组民主推选新一届职工代表{n}名。"),
        ("食堂续签想听听职工意见", "食堂承包快到期了，大家希望续签前征求一下职工意见。", "工会组织职工满意度测评，测评结果作为食堂承包续签依据并公开。"),
    ],
    "gig_platform": [
        ("超时罚款太重", "系统给的时间太紧，遇上堵车、等电梯，一超时就罚，一单白跑。", "工会与站点和平台区域负责人协商，恶劣天气和高峰时段放宽配送时限，超时罚款改为先申诉后处理。"),
        ("站点扣了冲单奖励", "说好的冲单奖励，站长说我没达标不给，我明明跑够了单量。", "工会核对后台单量数据，站点已补发冲单奖励，并公开奖励规则。"),
        ("小区不让电动车进", "好几个小区不让电动车进，只能停门口跑进去，超时又要罚。", "工会联合社区和物业协商，在小区设骑手临时停车点并开通送餐通道。"),
        ("电池不够用没处换电", "电瓶跑到下午就没电了，附近没有换电柜，只能停下来干等。", "工会推动在驿站旁增设换电柜和充电桩，骑手扫码即可换电。"),
        ("账号被封没个说法", "账号突然被封，说我违规，问客服只会发模板，也不说哪里违规。", "工会协助向平台申诉，核实为系统误判，账号已解封并补发封号期间损失。"),
        ("派单越来越远单价不变", "最近派的单越来越远，一单跑五公里，单价却一点没变。", "工会通过“双沟通”机制向平台反映，平台调整派单半径并提高远距离订单单价。"),
        ("没地方歇脚喝口热水", "中午送完单没地方歇，连口热水都喝不上。", "工会在商圈增设工会驿站，提供饮水、充电、微波炉和休息座椅。"),
    ],
    "other": [
        ("工会活动倒班的参加不了", "工会活动都安排在白天，我们倒班的从来参加不了。", "工会调整活动安排，分早晚两个时段举办，倒班职工也能参加。"),
        ("想入工会不知道找谁", "我是新来的，想加入工会，不知道找谁办。", "工会讲解入会流程，职工已通过“职工之家”APP完成入会。"),
        ("下夜班没有班车", "下夜班没有班车，打车太贵，骑电动车又太冷。", "企业增开夜班班车一趟，工会协调公交公司延长附近线路末班时间。"),
        ("孩子上学想问问政策", "外地户口的孩子在焦作上学要办什么手续，想请工会帮忙问问。", "工会向教育部门了解随迁子女入学政策，整理成明白卡发给职工。"),
        ("电动车棚太小没处停", "厂里车棚太小，电动车只能停路边，风吹日晒还被贴条。", "企业扩建车棚并安装充电插座，工会跟踪至完工。"),
    ],
}
# title → the months it is heard in (the others are heard all year round)
SEASONS: dict[str, tuple[int, ...]] = {
           "年前工资能不能按时发": WINTER,
           "高温天加班没有高温津贴": SUMMER,
           "车间太热有人中暑": SUMMER,
           "春节值班没给调休": (2, 3, 4),
           "车间没有空调太闷热": SUMMER,
           "冬天车间冷得伸不出手": WINTER,
           "端午福利发得太少": (6, 7),
           "孩子放暑假没人看": (6, 7, 8),
}
# (claim type, title, description, result): Panjin's three kinds of rider accident.
ACCIDENTS: list[tuple[str, str, str, str]] = [
    ("self_fall", "送餐路上自己摔了", "下雨路滑，送餐时电动车在{road}摔了，膝盖和手肘擦伤，站点说不归他们管。", "工会联系加盟商启动小额自摔“一次性和解”，24小时内赔付医疗费和误工费"),
    ("self_fall", "摔车后保险理赔没动静", "送件时为躲行人摔了车，保险材料交了三个星期还没动静。", "工会对接平台保险理赔专员，补齐材料后完成理赔"),
    ("third_party", "被小轿车剐倒对方不认账", "在{road}送单时被一辆小轿车剐倒，车主说我闯灯，不肯赔。", "工会协助调取监控和交警责任认定书，对接对方保险公司和平台保险，赔偿款已到账"),
    ("third_party", "上班路上被撞公司说不管", "早上骑车上班在{road}被电动车撞了，公司说路上的事不归厂里管。", "工会讲解上下班途中非本人主要责任交通事故可认定工伤，协助申请认定并已获赔付"),
    ("third_party", "等红灯被追尾对方跑了", "在{road}等红灯时被后面的三轮车追尾，车坏了人也伤了，对方跑了。", "工会协助报警并调取监控找到肇事方，经调解对方赔偿医疗费和修车费"),
    ("severe", "同事被货车撞了腿骨折", "同事在{road}被货车撞了，腿骨折住院，家里不知道怎么申请伤残赔偿。", "工会启动“伤残筛查+全程代办”，协助完成伤残鉴定，对接平台保险和职工互助保障，赔偿金和补助金已发放"),
]
SHOPS = [
    (("面业",), ["挂面生产车间", "和面工段", "烘干房", "包装车间"]),
    (("食品", "农产品"), ["生产车间", "冷库", "包装车间", "分拣线"]),
    (("物流", "运输", "配送", "网约车"), ["分拣中心", "站点", "车队", "仓库"]),
    (("建筑",), ["工地", "项目部", "钢筋班组"]),
    (("商贸", "医药", "家政", "酒店", "物业"), ["门店", "客房部", "后厨", "服务中心"]),
    (("软件", "电子", "电池", "印务"), ["产线", "装配线", "印刷车间", "检测室"]),
    ((), ["一车间", "二车间", "机加工车间", "包装车间", "仓库"]),
]
ROADS = ["塔南路", "民主南路", "人民路", "解放中路", "山阳路", "丰收路", "焦东路", "建设路", "迎宾路", "太行路", "南通路", "新华街"]
NAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许傅沈彭吕苏",
         ["建国", "秀英", "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
          "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "红梅", "志强", "海燕", "春生", "玉兰", "晓东",
          "丽华", "国庆", "金凤", "永刚", "卫东", "雪梅", "鹏", "浩然", "子涵", "俊杰"])
REFERABLE = {"wages": ("hrss", "hrss", "court"), "contract": ("hrss", "court"), "social_insurance": ("hrss",),
             "injury_health": ("hrss",), "hours_leave": ("hrss",), "accident": ("hrss", "court")}
# partner → (referral note, {category key or "" → what the agency reports back})
REFERRALS = {
    "hrss": ("企业协商后仍未整改，需人社部门依法处理，转市人力资源和社会保障局。", {
        "": ["劳动保障监察支队已约谈企业负责人并下达限期整改指令书，企业已整改到位。",
             "经调查核实，已责令企业依法整改，企业已按要求落实。"],
        "social_insurance": ["社保经办机构已核定欠缴金额并责令补缴，企业已补缴到位。"],
        "injury_health": ["已受理工伤认定申请并作出认定，认定结论已送达企业和职工。"],
        "accident": ["已受理工伤认定申请，认定为工伤，工伤保险待遇已核定。"]}),
    "court": ("双方分歧较大，转市中级人民法院诉前调解。", {
        "": ["经诉前调解，双方达成调解协议并已司法确认，款项分两期履行完毕。",
             "调解员组织双方面对面协商，当场支付款项，职工撤回申请。"]}),
}
REJECTIONS = [
    "反映的是与他人之间的民间借贷纠纷，不属于工会受理范围，已建议通过司法途径解决。",
    "与此前诉求内容重复，已并入原诉求一并办理并告知职工。",
    "反映内容不具体，多次联系无法核实，已告知可补充材料后重新反映。",
    "属于商品质量投诉，已告知职工向市场监管部门反映。",
]
ESCALATIONS = ["涉及多家单位，需上级工会出面协调。", "企业负责人拒不配合，提请上级工会督办。",
               "涉及人数较多，企业工会协调不了，上报上级工会。"]
PROGRESS = ["已与企业负责人面谈，企业表示尽快拿出方案。", "工会主席已到现场核实情况，正在协调落实。",
            "已召集企业相关部门开协调会，初步形成整改方案。", "已电话告知职工目前进展，正在等待相关部门答复。"]
REOPENINGS = ["抽查回访发现问题反弹，退回重新办理。", "办结材料缺少企业整改凭证，退回补办。"]
RESOLVED_AGAIN = ["经二次协调，企业已全部落实到位，工会将在下次陪伴日现场复核。",
                  "针对职工回访意见重新协调，企业补齐了未落实部分并书面承诺。",
                  "工会再次约谈企业负责人，企业已整改到位，并向职工当面说明结果。"]
# (satisfied, mostly satisfied, dissatisfied comments, (closing note: anonymous, unreachable))
FEEDBACK = (["问题解决了，谢谢工会！", "办得快，给工会点赞。", "说到做到，满意。", ""],
            ["基本解决了，希望以后常态化。", "解决了，就是时间有点长。", ""],
            ["只是口头答应，实际还没落实。", "钱只补了一半。", "改了两天又回老样子了。"],
            ["匿名反映，办理结果已在厂务公开栏公示，按程序销账。", "三次电话回访未接通，结果已短信告知，按程序销账。"])
# fmt: on
