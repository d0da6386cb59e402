"""The case metrics, each defined once and computed in the database.

Every rate comes with its numerator and denominator so that a published figure can be checked
("183/185 (98.9%)"). Every metric takes the cases to measure — a `Scope`, or a queryset already
narrowed with `cases_in()` — and a keyword `now` (default: `clock.now()`), so a registry can call
them all alike. `now` only moves deadlines: states are always the cases' current states.

The conditions below are the definitions: the single-metric functions and `summary()` /
`summary_by()` build their aggregates from the same terms, so they cannot drift apart.
A queryset passed in must hold each case once (no joins over feedback, referrals, ...).

Two rates have two readings in the field, and both are here, labelled:

- 满意率 (`satisfaction_rate`) counts ratings, not cases, as the field does: satisfied + mostly
  satisfied ratings over every rating received (回访) on the cases of the slice, every round
  counted. A case rated 不满意, reopened and then rated 满意 counts 1 of 2 — its dissatisfied round is
  not hidden by the later one. The period is the slice's, i.e. the cases registered in it, like
  every other figure here, so that a breakdown and its total agree and groups merge exactly.
- 解决率 (`resolution_rate`) is resolved or closed cases over the cases taken on (all but the
  rejected ones); `resolution_rate_all` is over every case registered (受理口径 vs 全口径).

Accident claims (the Panjin rider practice) are totalled per claim type: their count and the
amounts claimed and paid (`claim_count`, `claim_amount_claimed`, `claim_amount_paid`,
`claims_by_type()`).
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.expressions import Combinable
from django.db.models.functions import Left, TruncMonth

from lianxin.cases.deadlines import BEIJING
from lianxin.cases.filters import day_start, overdue_q
from lianxin.cases.models import (
    Case,
    ClaimType,
    Feedback,
    Referral,
    ReferralOutcome,
    Satisfaction,
    SupervisionOrder,
    Urge,
)
from lianxin.cases.permissions import visible_cases
from lianxin.cases.states import DONE_STATES, OPEN_STATES, Status
from lianxin.core import areas, clock
from lianxin.orgs import permissions as org_perms
from lianxin.orgs import tree
from lianxin.orgs.models import Org, subtree_q

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Rate:
    """A share that can be checked: `numerator` of `denominator` cases."""

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if not 0 <= self.numerator <= self.denominator:
            raise ValueError(f"not a rate: {self.numerator}/{self.denominator}")

    @property
    def value(self) -> float | None:
        """In 0..1; None when there is nothing to divide by (never a made-up 0% or 100%)."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None

    def __str__(self) -> str:
        shown = "—" if self.percent is None else f"{self.percent}%"
        return f"{self.numerator}/{self.denominator} ({shown})"


@dataclass(frozen=True)
class Scope:
    """A slice of the ledger: cases that arose in `org`'s subtree (None: everywhere), registered in
    [start, end) (either bound may be open), of a category key, channel and urgency ("" = any)."""

    org: Org | None = None
    start: datetime | None = None
    end: datetime | None = None
    category: str = ""
    channel: str = ""
    urgency: str = ""


def cases_in(scope: Scope, base: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases of `scope`, within `base` (e.g. `visible_cases(user)`) when given.

    A case counts where it arose (origin_org), not where it is handled now: escalating a case
    must not move it out of the figures of the enterprise or district it came from. A case that
    staff linked as a duplicate of another is the same problem and is not counted again.
    """
    qs = Case.objects.all() if base is None else base
    qs = qs.filter(duplicate_of__isnull=True)
    if scope.org is not None:
        qs = qs.filter(subtree_q([scope.org.path], field="origin_org__path"))
    if scope.start is not None:
        qs = qs.filter(registered_at__gte=scope.start)
    if scope.end is not None:
        qs = qs.filter(registered_at__lt=scope.end)
    if scope.category:
        qs = qs.filter(category__key=scope.category)
    if scope.channel:
        qs = qs.filter(channel=scope.channel)
    if scope.urgency:
        qs = qs.filter(urgency=scope.urgency)
    return qs


# ---- the definitions ----------------------------------------------------------------------------

OPEN = Q(status__in=OPEN_STATES)
DONE = Q(status__in=DONE_STATES)
RESPONDED_ON_TIME = Q(responded_at__isnull=False, responded_at__lte=F("response_due"))
# Rejected cases were answered (they count for the response rate) but are not the org's to solve.
RESOLVABLE = ~Q(status=Status.REJECTED)
# A case resolved outside the service may lack resolved_at; it is then neither on time nor late.
TIMED_DONE = DONE & Q(resolved_at__isnull=False)
ON_TIME = TIMED_DONE & Q(resolved_at__lte=F("resolution_due"))
# `Case.satisfaction` is the latest rating: set by every 回访 and never cleared, so a case with no
# rating has no feedback rows and its ratings need not be counted (the subqueries below are
# evaluated for rated cases only).
RATED = ~Q(satisfaction="")
GOOD_RATINGS = (Satisfaction.SATISFIED, Satisfaction.MOSTLY)
CLAIM = ~Q(claim_type="")
AMOUNT: DecimalField = DecimalField(max_digits=14, decimal_places=2)


def _ratings_of_case(ratings: Collection[str] | None = None) -> Subquery:
    """The number of the case's feedback rounds (of the given ratings); NULL when there are none."""
    rounds = Feedback.objects.filter(case=OuterRef("pk"))
    if ratings is not None:
        rounds = rounds.filter(rating__in=list(ratings))
    count = rounds.order_by().values("case").annotate(n=Count("pk")).values("n")
    return Subquery(count, output_field=IntegerField())


def _ratings(ratings: Collection[str] | None = None) -> Sum:
    """Feedback rounds (of the given ratings) summed over the cases: every round counts."""
    per_case = CaseWhen(When(RATED, then=_ratings_of_case(ratings)), output_field=IntegerField())
    return Sum(per_case, output_field=IntegerField())


def response_expected(now: datetime) -> Q:
    """Answered already, or past the response deadline: a case still within it is not judged yet."""
    return Q(responded_at__isnull=False) | Q(response_due__lt=now)


# The aggregates each metric is computed from: a Summary of some metrics only (`only=`) computes
# just theirs. It matters: on SQLite the mean resolution time alone costs more than every other
# term together (the datetime difference is a Python function per row), so a question about one
# count should not pay for it.
TERMS_OF = {
    "case_count": ("n_cases",),
    "open_count": ("n_open",),
    "overdue_count": ("n_overdue",),
    "response_rate": ("n_responded_on_time", "n_response_expected"),
    "resolution_rate": ("n_done", "n_resolvable"),
    "resolution_rate_all": ("n_done", "n_cases"),
    "satisfaction_rate": ("n_ratings_good", "n_ratings"),
    "on_time_rate": ("n_on_time", "n_timed_done"),
    "avg_resolve_days": ("avg_resolve", "n_timed_done"),  # its weight when groups are merged
    "by_state": tuple(f"n_state_{s}" for s in Status.values),
    "claim_count": ("n_claims",),
    "claim_amount_claimed": ("sum_claimed",),
    "claim_amount_paid": ("sum_paid",),
}


def metric_terms(now: datetime, only: Collection[str] | None = None) -> dict[str, Any]:
    """Every aggregate (or those of the metrics `only` names), named so it cannot clash with a
    Case field when used in annotate()."""
    terms = _all_terms(now)
    if only is None:
        return terms
    wanted = {term for metric in only for term in TERMS_OF[metric]}
    return {name: term for name, term in terms.items() if name in wanted}


def _all_terms(now: datetime) -> dict[str, Any]:
    terms: dict[str, Any] = {
        "n_cases": Count("pk"),
        "n_open": Count("pk", filter=OPEN),
        "n_overdue": Count("pk", filter=overdue_q(now)),
        "n_responded_on_time": Count("pk", filter=RESPONDED_ON_TIME),
        "n_response_expected": Count("pk", filter=response_expected(now)),
        "n_done": Count("pk", filter=DONE),
        "n_resolvable": Count("pk", filter=RESOLVABLE),
        "n_ratings_good": _ratings(GOOD_RATINGS),
        "n_ratings": _ratings(),
        "n_on_time": Count("pk", filter=ON_TIME),
        "n_timed_done": Count("pk", filter=TIMED_DONE),
        # Both backends average the datetime difference as a duration (PostgreSQL an interval,
        # SQLite microseconds), so the mean is taken in the database either way.
        "avg_resolve": Avg(F("resolved_at") - F("registered_at"), filter=TIMED_DONE),
    }
    terms.update({f"n_state_{s}": Count("pk", filter=Q(status=s)) for s in Status.values})
    terms["n_claims"] = Count("pk", filter=CLAIM)
    terms["sum_claimed"] = Sum("amount_claimed", filter=CLAIM, output_field=AMOUNT)
    terms["sum_paid"] = Sum("amount_paid", filter=CLAIM, output_field=AMOUNT)
    return terms


def _int(value: Any) -> int:
    """A count as an int (PostgreSQL sums bigints as numeric)."""
    return int(value or 0)


def _amount(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _days(duration: timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds() / SECONDS_PER_DAY


def _aggregate(cases: Scope | QuerySet[Case], now: datetime | None, *names: str) -> dict:
    """The named terms (all of them when none are named) over `cases`, in one query."""
    terms = metric_terms(now or clock.now())
    qs = cases_in(cases) if isinstance(cases, Scope) else cases
    return qs.order_by().aggregate(**{n: terms[n] for n in names or terms})


# ---- one metric, one query ----------------------------------------------------------------------


def case_count(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> int:
    """Cases registered in the scope, in any state (rejected ones included)."""
    return _aggregate(cases, now, "n_cases")["n_cases"]


def open_count(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> int:
    """Cases now registered, accepted, in progress or referred."""
    return _aggregate(cases, now, "n_open")["n_open"]


def overdue_count(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> int:
    """Open cases past their resolution deadline at `now`, or still unanswered past the response one."""
    return _aggregate(cases, now, "n_overdue")["n_overdue"]


def counts_by_state(
    cases: Scope | QuerySet[Case], *, now: datetime | None = None
) -> dict[str, int]:
    """Cases per current state; every state is present, with 0 when it has none."""
    row = _aggregate(cases, now, *(f"n_state_{s}" for s in Status.values))
    return {s: row[f"n_state_{s}"] for s in Status.values}


def response_rate(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> Rate:
    """Cases accepted or rejected by their response deadline (responded_at <= response_due),
    over cases answered already or past that deadline at `now`."""
    row = _aggregate(cases, now, "n_responded_on_time", "n_response_expected")
    return Rate(row["n_responded_on_time"], row["n_response_expected"])


def resolution_rate(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> Rate:
    """Cases now resolved or closed, over cases not rejected. A case reopened after a dissatisfied
    rating is not resolved until it is resolved again."""
    row = _aggregate(cases, now, "n_done", "n_resolvable")
    return Rate(row["n_done"], row["n_resolvable"])


def resolution_rate_all(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> Rate:
    """Cases now resolved or closed, over every case registered (rejected ones included): the
    全口径 reading of the 解决率, beside `resolution_rate` over the cases taken on."""
    row = _aggregate(cases, now, "n_done", "n_cases")
    return Rate(row["n_done"], row["n_cases"])


def satisfaction_rate(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> Rate:
    """满意率: satisfied + mostly satisfied ratings over all ratings received on the cases, every
    回访 round counted (a case rated dissatisfied, reopened and rated satisfied counts 1 of 2)."""
    row = _aggregate(cases, now, "n_ratings_good", "n_ratings")
    return Rate(_int(row["n_ratings_good"]), _int(row["n_ratings"]))


def on_time_rate(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> Rate:
    """Resolved or closed cases with resolved_at <= resolution_due, over resolved or closed cases
    (with a resolution time). Open cases do not count here: overdue_count shows them."""
    row = _aggregate(cases, now, "n_on_time", "n_timed_done")
    return Rate(row["n_on_time"], row["n_timed_done"])


def avg_resolve_days(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> float | None:
    """Mean of (resolved_at - registered_at) in days over resolved or closed cases; None if none.
    Calendar time, not working days: it is what the worker waited."""
    return _days(_aggregate(cases, now, "avg_resolve")["avg_resolve"])


def claim_count(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> int:
    """Accident cases with a claim type (self-fall, third party, severe injury)."""
    return _aggregate(cases, now, "n_claims")["n_claims"]


def claim_amount_claimed(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> Decimal:
    """Yuan claimed over the accident claims (a claim without an amount adds nothing)."""
    return _amount(_aggregate(cases, now, "sum_claimed")["sum_claimed"])


def claim_amount_paid(cases: Scope | QuerySet[Case], *, now: datetime | None = None) -> Decimal:
    """Yuan paid out over the accident claims (recorded when the case is resolved)."""
    return _amount(_aggregate(cases, now, "sum_paid")["sum_paid"])


CLAIM_METRICS = ("claim_count", "claim_amount_claimed", "claim_amount_paid")


def claims_by_type(
    cases: Scope | QuerySet[Case], *, now: datetime | None = None
) -> dict[str, "Summary"]:
    """The claims' count and amounts per claim type, every type present (0 when it has none)."""
    rows = summary_by(cases, "claim_type", now=now, only=CLAIM_METRICS)
    empty = Summary.from_row({})
    return {value: rows.get(value, empty) for value in ClaimType.values}


# ---- everything at once, and per group -----------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """All metrics of one slice; attribute names are the metric keys the cockpit uses."""

    case_count: int
    open_count: int
    overdue_count: int
    by_state: dict[str, int]
    response_rate: Rate
    resolution_rate: Rate
    satisfaction_rate: Rate
    on_time_rate: Rate
    avg_resolve_days: float | None
    resolution_rate_all: Rate = Rate(0, 0)
    claim_count: int = 0
    claim_amount_claimed: Decimal = Decimal("0.00")
    claim_amount_paid: Decimal = Decimal("0.00")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Summary":
        """From the aggregates; a term not computed (a Summary of `only` some metrics) reads as
        0 / no rate / no mean — whoever asked for some metrics reads only those."""
        n = lambda name: _int(row.get(name))  # noqa: E731

        def rate(numerator: str, denominator: str) -> Rate:
            # A denominator not asked for makes no rate (n_done with n_resolvable but no n_cases).
            return Rate(n(numerator), n(denominator)) if denominator in row else Rate(0, 0)

        return cls(
            case_count=n("n_cases"),
            open_count=n("n_open"),
            overdue_count=n("n_overdue"),
            by_state={s: n(f"n_state_{s}") for s in Status.values},
            response_rate=rate("n_responded_on_time", "n_response_expected"),
            resolution_rate=rate("n_done", "n_resolvable"),
            satisfaction_rate=rate("n_ratings_good", "n_ratings"),
            on_time_rate=rate("n_on_time", "n_timed_done"),
            avg_resolve_days=_days(row.get("avg_resolve")),
            resolution_rate_all=rate("n_done", "n_cases"),
            claim_count=n("n_claims"),
            claim_amount_claimed=_amount(row.get("sum_claimed")),
            claim_amount_paid=_amount(row.get("sum_paid")),
        )


def summary(
    cases: Scope | QuerySet[Case],
    *,
    now: datetime | None = None,
    only: Collection[str] | None = None,
) -> Summary:
    """Every metric above (or those `only` names), by the same definitions, in one query."""
    return Summary.from_row(_aggregate(cases, now, *metric_terms(now or clock.now(), only)))


def summary_by(
    cases: Scope | QuerySet[Case],
    by: str | Combinable,
    *,
    now: datetime | None = None,
    only: Collection[str] | None = None,
) -> dict[Any, Summary]:
    """One Summary per value of `by` (a field path such as "channel" or "category__key", or an
    expression such as `by_month()`), in one GROUP BY query; groups without cases are absent."""
    qs = cases_in(cases) if isinstance(cases, Scope) else cases
    if not isinstance(by, str):
        qs, by = qs.annotate(group=by), "group"
    terms = metric_terms(now or clock.now(), only)
    rows = qs.order_by().values(by).annotate(**terms).order_by(by)
    return {row[by]: Summary.from_row(row) for row in rows}


def by_month() -> Combinable:
    """Group key: the first moment of the month of registration, Beijing time."""
    return TruncMonth("registered_at", tzinfo=BEIJING)


def by_child_org(org: Org) -> Combinable:
    """Group key: the path of the child of `org` the case arose under (`org.path` itself for cases
    raised in `org`). Use over cases_in(Scope(org=org)); paths have fixed-width segments."""
    return Left("origin_org__path", len(org.path) + tree.SEGMENT)


# ---- the ledger's business areas (core.areas: 诉求受理, 协作转办, 督办) ---------------------------


def area_cases(user: Any, org: Org | None, start: date | None, end: date | None) -> QuerySet[Case]:
    """The cases an area figure counts: arisen in `org`'s subtree (None: in the subtrees the user's
    roles reach, as the cockpit's scope; for a partner agency, the cases referred to it),
    registered on the days [start, end] (None: any day).
    An org outside the user's scope counts nothing, never another union's cases."""
    scope = Scope(
        org=org,
        start=None if start is None else day_start(start),
        end=None if end is None else day_start(end + timedelta(days=1)),
    )
    return cases_in(scope, _area_base(user, org))


def _area_base(user: Any, org: Org | None) -> QuerySet[Case]:
    if org is not None:
        if org_perms.reaches(user, org, org_perms.SUBTREE_ROLES):
            return Case.objects.all()  # every case arisen under a reached org is visible
        return visible_cases(user) if org_perms.can_see_org(user, org) else Case.objects.none()
    if user.is_authenticated and user.is_superuser:
        return Case.objects.all()
    paths, _own = org_perms.reach(user, org_perms.SUBTREE_ROLES)
    if not paths:  # a partner agency: the cases referred to it (nobody: none)
        return visible_cases(user)
    return Case.objects.filter(subtree_q(paths, field="origin_org__path"))


AREA_KEYS = (
    "case_count", "open_count", "overdue_count", "response_rate", "resolution_rate",
    "satisfaction_rate", "on_time_rate", "avg_resolve_days",
)  # fmt: skip


def not_yet_due_q(now: datetime) -> Q:
    """Open and within the resolution deadline: whether and when it is resolved is not known yet,
    so the resolution and on-time rates and the mean days of its period are not final."""
    return OPEN & Q(resolution_due__gte=now)


def _area_summary(user: Any, org: Org | None, start: date, end: date, key: str) -> dict:
    """The period's aggregates of every ledger metric this request announced (core.areas) and
    `key`, and the count not yet due: one query per period, remembered for the request."""
    only = tuple(sorted((areas.announced() & set(AREA_KEYS)) | {key}))
    memo_key = ("cases.area_summary", getattr(user, "pk", None), org and org.pk, start, end, only)

    def compute() -> dict:
        now = clock.now()
        terms = metric_terms(now, only)
        pending = Count("pk", filter=not_yet_due_q(now))
        cases = area_cases(user, org, start, end).order_by()
        return cases.aggregate(**terms, n_not_yet_due=pending)

    return areas.remember(memo_key, compute)


def area_figure(key: str) -> Callable[[Any, Org | None, date, date], Any]:
    """The compute of an area metric that is a field of `Summary`, by the same definitions (the
    mean days as a Decimal to two places: core.areas takes no float)."""

    def compute(user: Any, org: Org | None, start: date, end: date) -> Any:
        return _area_value(
            getattr(Summary.from_row(_area_summary(user, org, start, end, key)), key)
        )

    compute.__name__ = key
    return compute


def _area_value(value: Any) -> Any:
    return Decimal(value).quantize(Decimal("0.01")) if isinstance(value, float) else value


def area_not_yet_due(user: Any, org: Org | None, start: date, end: date) -> int:
    """The period's open cases still within their resolution deadline: their resolution, its
    timeliness and its days are not known yet (core.areas' `not_yet_due`)."""
    return _int(_area_summary(user, org, start, end, "case_count")["n_not_yet_due"])


def area_breakdown(key: str) -> Callable[[Any, Org | None, date, date, str], dict[Any, Any]]:
    """A ledger metric by month (keys: first days) or by sub-org (keys: org ids) in one query."""

    def breakdown(user: Any, org: Org | None, start: date, end: date, dimension: str) -> dict:
        cases = area_cases(user, org, start, end)
        if dimension == "month":
            groups = summary_by(cases, by_month(), only=(key,))
            return {
                g.astimezone(BEIJING).date(): _area_value(getattr(s, key))
                for g, s in groups.items()
            }
        if org is None:
            return {}
        children = dict(org.children.values_list("path", "pk"))
        groups = summary_by(cases, by_child_org(org), only=(key,))
        return {
            children[p]: _area_value(getattr(s, key)) for p, s in groups.items() if p in children
        }

    return breakdown


def _in_days(field: str, start: date, end: date) -> Q:
    return Q(**{f"{field}__gte": day_start(start), f"{field}__lt": day_start(end + timedelta(1))})


def _of_area_cases(user: Any, org: Org | None) -> Q:
    """The rows (referrals, orders, urges) whose case the area counts, any registration day, as a
    join on the case's org path — not `case IN (every case of the scope)`, which SQLite builds
    in full before it looks at the rows."""
    if org is not None and not org_perms.reaches(user, org, org_perms.SUBTREE_ROLES):
        return Q(case__in=area_cases(user, org, None, None).values("pk"))
    live = Q(case__duplicate_of__isnull=True)
    if org is not None:
        return live & subtree_q([org.path], field="case__origin_org__path")
    if user.is_authenticated and user.is_superuser:
        return live
    paths, _own = org_perms.reach(user, org_perms.SUBTREE_ROLES)
    if not paths:  # a partner agency: the cases referred to it
        return Q(case__in=area_cases(user, org, None, None).values("pk"))
    return live & subtree_q(paths, field="case__origin_org__path")


def referral_count(user: Any, org: Org | None, start: date, end: date) -> int:
    """协作转办: referrals to a partner agency made on the days [start, end], of the cases the
    area counts (any registration day); a case referred twice counts twice."""
    rows = Referral.objects.filter(_in_days("referred_at", start, end), _of_area_cases(user, org))
    return rows.count()


def supervised_cases(user: Any, org: Org | None, start: date, end: date) -> int:
    """督办: cases put under formal supervision (a 督办 order) on the days [start, end], each once."""
    orders = SupervisionOrder.objects.filter(
        _in_days("flagged_at", start, end), _of_area_cases(user, org)
    )
    return orders.values("case").distinct().count()


def urges_sent(user: Any, org: Org | None, start: date, end: date) -> int:
    """催办: urges sent on the days [start, end] over the cases the area counts."""
    return Urge.objects.filter(_in_days("urged_at", start, end), _of_area_cases(user, org)).count()


def referral_success_rate(user: Any, org: Org | None, start: date, end: date) -> Rate:
    """协作转办成功率: referrals reported back on the days [start, end] with the outcome 调解成功
    (mediated), over the referrals reported back on those days with any outcome, of the cases the
    area counts (any registration day). Reports made before outcomes were recorded (outcome empty)
    are in neither: an unknown outcome is not counted as a failure."""
    reported = Referral.objects.filter(
        _in_days("reported_at", start, end), _of_area_cases(user, org)
    )
    row = reported.exclude(outcome="").aggregate(
        n_reported=Count("pk"),
        n_mediated=Count("pk", filter=Q(outcome=ReferralOutcome.MEDIATED)),
    )
    return Rate(row["n_mediated"], row["n_reported"])
