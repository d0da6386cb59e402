"""Ledger rows written straight into the table, for the cockpit's tests and its benchmark.

The cockpit only reads, so its tests may not go through the case services (an import-linter
contract forbids the cockpit package, tests included, to import them). The rows are plausible:
deadlines after registration, answers and resolutions after it, ratings only on done cases,
and nothing later than `now`.
"""

import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from lianxin.cases.models import Case, Category, Channel, Feedback, Satisfaction, Urgency
from lianxin.cases.states import Status
from lianxin.orgs.models import Org

# (status, weight): most cases are done, some open, a few rejected.
STATUSES = [
    (Status.CLOSED, 45),
    (Status.RESOLVED, 15),
    (Status.IN_PROGRESS, 14),
    (Status.ACCEPTED, 8),
    (Status.REGISTERED, 8),
    (Status.REFERRED, 5),
    (Status.REJECTED, 5),
]
CHANNELS = [
    c for c, w in zip(Channel.values, (6, 3, 2, 1, 1, 1, 1, 1), strict=False) for _ in range(w)
]
URGENCIES = [Urgency.ORDINARY] * 8 + [Urgency.URGENT, Urgency.COMPLEX]
SATISFACTIONS = (
    [Satisfaction.SATISFIED] * 7 + [Satisfaction.MOSTLY] * 2 + [Satisfaction.DISSATISFIED]
)


def case_row(
    *,
    number: str,
    org: Org,
    category: Category,
    registered_at: datetime,
    status: str = Status.REGISTERED,
    channel: str = Channel.VISIT,
    urgency: str = Urgency.ORDINARY,
    responded_after: timedelta | None = None,
    resolved_after: timedelta | None = None,
    satisfaction: str = "",
    response_days: float = 1,
    resolution_days: float = 10,
    owner: Org | None = None,
) -> Case:
    """One unsaved case with the given facts (times relative to registration)."""
    responded = registered_at + responded_after if responded_after is not None else None
    resolved = registered_at + resolved_after if resolved_after is not None else None
    return Case(
        number=number,
        title="车间噪声大影响听力",
        description="老旧设备噪声大，希望检测并降噪。",
        category=category,
        channel=channel,
        urgency=urgency,
        status=status,
        origin_org=org,
        owner_org=owner or org,
        registered_at=registered_at,
        responded_at=responded,
        resolved_at=resolved,
        closed_at=resolved if status == Status.CLOSED else None,
        satisfaction=satisfaction,
        response_due=registered_at + timedelta(days=response_days),
        resolution_due=registered_at + timedelta(days=resolution_days),
        is_anonymous=True,
    )


def make_case_row(**facts) -> Case:
    """One saved case; a rating comes with its feedback round."""
    case = case_row(**facts)
    case.save()
    if case.satisfaction:
        Feedback.objects.create(
            case=case, rating=case.satisfaction, at=case.resolved_at or case.registered_at
        )
    return case


def random_cases(
    *,
    orgs: Sequence[Org],
    n: int,
    start: datetime,
    end: datetime,
    now: datetime,
    rng: random.Random,
    prefix: str = "B",
) -> Iterator[Case]:
    """`n` plausible unsaved cases arising in `orgs`, registered in [start, min(end, now)), in
    time order (as a ledger grows: numbers and rows follow registration)."""
    categories = list(Category.objects.all())
    statuses = [s for s, w in STATUSES for _ in range(w)]
    span = (min(end, now) - start).total_seconds()
    moments = sorted(rng.random() * span for _ in range(n))
    for i, offset in enumerate(moments):
        registered = start + timedelta(seconds=offset)
        age = (now - registered).total_seconds()
        status = rng.choice(statuses)
        responded = resolved = None
        if status != Status.REGISTERED:
            responded = timedelta(seconds=min(age, rng.random() * 2.5 * 86400))
        if status in (Status.RESOLVED, Status.CLOSED):
            resolved = timedelta(seconds=min(age, rng.uniform(0.5, 14) * 86400))
            responded = min(responded, resolved) if responded is not None else resolved
        yield case_row(
            number=f"{prefix}-{i + 1:08d}",
            org=rng.choice(orgs),
            category=rng.choice(categories),
            registered_at=registered,
            status=status,
            channel=rng.choice(CHANNELS),
            urgency=rng.choice(URGENCIES),
            responded_after=responded,
            resolved_after=resolved,
            satisfaction=rng.choice(SATISFACTIONS)
            if status == Status.CLOSED and rng.random() < 0.8
            else "",
        )


def feedback_rows(cases: Sequence[Case]) -> list[Feedback]:
    """The 回访 rounds behind the saved cases' ratings: the rating itself when the case was
    resolved, and before it, for every seventh rated case, a dissatisfied round that reopened it
    (the 满意率 counts every round, cases.metrics)."""
    rows = []
    for i, case in enumerate(c for c in cases if c.satisfaction):
        at = case.resolved_at or case.registered_at
        if i % 7 == 0:
            earlier = case.registered_at + (at - case.registered_at) / 2
            rows.append(Feedback(case=case, rating=Satisfaction.DISSATISFIED, at=earlier))
        rows.append(Feedback(case=case, rating=case.satisfaction, at=at))
    return rows


def _write(rows: list[Case], batch: int) -> int:
    Case.objects.bulk_create(rows, batch_size=batch)
    Feedback.objects.bulk_create(feedback_rows(rows), batch_size=batch)
    return len(rows)


def bulk_cases(batch: int = 5000, **kwargs) -> int:
    """Insert random_cases(**kwargs) in batches, with their feedback; returns how many cases were
    written."""
    rows: list[Case] = []
    total = 0
    for case in random_cases(**kwargs):
        rows.append(case)
        if len(rows) == batch:
            total += _write(rows, batch)
            rows = []
    if rows:
        total += _write(rows, batch)
    return total
