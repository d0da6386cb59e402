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
from lianxin.cases.models import Case, Category, ReferralOutcome
from lianxin.cases.supervision import supervise_cases
from lianxin.core import clock
from lianxin.demo import orgs_data as data
from lianxin.demo.cases_text import (
    ACCIDENTS,
    ALL_YEAR,
    CHANNELS,
    ESCALATIONS,
    FEEDBACK,
    NAMES,
    PROGRESS,
    REFERABLE,
    REFERRALS,
    REJECTIONS,
    REOPENINGS,
    RESOLVED_AGAIN,
    ROADS,
    SEASONS,
    SHOPS,
    TEXTS,
    WEIGHTS,
)
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
        self.reports = 0  # reports back so far: every ninth is not a success (转办成功率 ≈ 89 %)
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


UNSETTLED = (
    (ReferralOutcome.UNSUCCESSFUL, "多次协调仍未达成一致，已告知职工其他救济途径。"),
    (ReferralOutcome.LITIGATION, "调解未成，已引导职工依法提起诉讼，并安排法律援助律师。"),
    (ReferralOutcome.OTHER, "企业已停业清算，已告知职工依法申报债权。"),
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
        outcome, report = ReferralOutcome.MEDIATED, rng.choice(reports)
        cast.reports += 1
        if cast.reports % 9 == 0:  # Maigaiti's 89 %: one report in nine is not a success
            outcome, report = UNSETTLED[cast.reports // 9 % len(UNSETTLED)]
        case.moved(
            services.report_back(case_id=case.pk, actor=officer, report=report, outcome=outcome)
        )


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
