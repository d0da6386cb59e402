"""The cockpit's reads, always over the cases and orgs the user may see.

The figures are for one org — the user's scope (the outermost org their roles reach) or an org
inside it — and count cases where they arose, like `cases.metrics`; the base queryset is
`visible_cases(user)`, so nothing outside the user's scope is ever counted.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Case as CaseWhen
from django.db.models import ExpressionWrapper, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.utils.translation import gettext as _

from lianxin.cases import metrics
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.filters import day_start, overdue_q
from lianxin.cases.metrics import Summary
from lianxin.cases.models import Case, Category, Channel
from lianxin.cases.permissions import visible_cases
from lianxin.cases.states import Status
from lianxin.cockpit import registry
from lianxin.cockpit.ask.parser import OrgRef
from lianxin.cockpit.ask.periods import add_months
from lianxin.cockpit.registry import EMPTY, Filters, Group, buckets, merge, month_starts
from lianxin.core.areas import RATE as AREA_RATE
from lianxin.core.areas import (
    Area,
    AreaMetric,
    Figure,
    announce,
    area_metrics,
    areas,
    memo,
    remember,
)
from lianxin.core.errors import InvalidInput
from lianxin.orgs import permissions as org_perms
from lianxin.orgs import tree
from lianxin.orgs.models import Org, OrgKind

AnyUser = User | AnonymousUser
OVERDUE_LIST = 10
TREND_MONTHS = 12


def scope_org(user: AnyUser) -> Org | None:
    """The org the user's cockpit is for: the outermost org a subtree role reaches (an
    administrator: the root, when there is one). None: no single org (partners, several trees)."""
    if user.is_authenticated and user.is_superuser:
        roots = list(Org.objects.filter(parent__isnull=True)[:2])
        return roots[0] if len(roots) == 1 else None
    paths, _own = org_perms.reach(user, org_perms.SUBTREE_ROLES)
    return Org.objects.filter(path=paths[0]).first() if paths else None


def find_scope_org(user: AnyUser, code: str) -> Org | None:
    """An org inside the user's scope by code (None if outside it or missing)."""
    return org_perms.visible_orgs(user).filter(code=code).first()


def scope_orgs(user: AnyUser) -> list[OrgRef]:
    """The orgs a question may name: every org the user may see."""
    rows = org_perms.visible_orgs(user).filter(is_active=True)
    return [
        OrgRef(id=i, code=c, name=n, short_name=s)
        for i, c, n, s in rows.values_list("id", "code", "name", "short_name")
    ]


def org_by_id(user: AnyUser, org_id: int) -> Org | None:
    return org_perms.visible_orgs(user).filter(pk=org_id).first()


def scoped_base(user: AnyUser, org: Org | None) -> QuerySet[Case]:
    """The cases to measure `org` within. When a subtree role of the user reaches `org`, every
    case that arose in its subtree is visible to them (visible_cases: origin or owner in a reached
    subtree), so the figures for `org` — cases_in(Scope(org)) — need no second scope filter, and
    the database joins the org table once instead of three times. Otherwise: visible_cases."""
    if org is not None and org_perms.reaches(user, org, org_perms.SUBTREE_ROLES):
        return Case.objects.all()
    return visible_cases(user)


def today(now: datetime) -> date:
    return now.astimezone(BEIJING).date()


# ---- the dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The dashboard's period [start, end] and the one it is compared with."""

    key: str
    start: date
    end: date
    prev_start: date
    prev_end: date


PERIODS = ("month", "quarter", "year", "12m")


def dashboard_period(key: str, today: date) -> Period:
    """This month / quarter / year to date, or the last 12 months; compared with the same span
    one month / quarter / year earlier (the 12 months: with the 12 before)."""
    if key == "month":
        start, back = date(today.year, today.month, 1), 1
    elif key == "quarter":
        start, back = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), 3
    elif key == "12m":
        start, back = _shift(date(today.year, today.month, 1), -11), 12
    else:
        key, start, back = "year", date(today.year, 1, 1), 12
    prev_start = _shift(start, -back)
    prev_end = min(_shift(today, -back), start - timedelta(days=1))
    return Period(key, start, today, prev_start, prev_end)


def trend_start(period: Period) -> date:
    """The trend shows the 12 months up to the period's end."""
    return _shift(date(period.end.year, period.end.month, 1), -(TREND_MONTHS - 1))


def _shift(d: date, months: int) -> date:
    return add_months(d, months)


@dataclass(frozen=True)
class Tile:
    key: str
    value: Summary
    previous: Summary
    ledger: dict[str, str]


@dataclass(frozen=True)
class Dashboard:
    org: Org | None
    period: Period
    now: datetime
    current: Summary
    previous: Summary
    this_month: Summary
    last_month: Summary  # the same days of last month, for a fair comparison
    trend: list[Group]
    by_category: list[Group]
    by_channel: list[Group]
    by_child: list[Group]
    overdue: list[Case]

    @property
    def filters(self) -> Filters:
        return Filters(start=self.period.start, end=self.period.end, org=self.org)


def dashboard(*, user: AnyUser, org: Org | None, period: Period, now: datetime) -> Dashboard:
    """Every figure of the dashboard in two aggregate queries and one list:

    1. one pass over [earliest start, end] grouped by (time bucket, sub-org): tiles, their
       previous period, this and last month, the trend and the sub-org breakdown;
    2. one pass over the period grouped by (category, channel): both breakdowns;
    3. the overdue cases most in need of 督办 (an index range on status and deadline).
    """
    filters = Filters(start=period.start, end=period.end, org=org)
    month_start = date(period.end.year, period.end.month, 1)
    months = month_starts(trend_start(period), period.end)
    first = min(period.prev_start, months[0])
    same_day_last_month = _shift(period.end, -1)
    cuts = _cuts(period, months, same_day_last_month)
    children = child_orgs(org)
    by_time_child = _time_child(
        measured_cases(user, org, first, period.end), children, [day_start(d) for d in cuts], now
    )

    def within(lo: date, hi: date, child: int | None = None) -> Summary:
        return merge(
            s
            for (i, c), s in by_time_child.items()
            if lo <= cuts[i] <= hi and (child is None or c == child)
        )

    trend = _trend(months, period, org, within)
    by_child = [
        Group(child.code, registry.org_label(child), within(period.start, period.end, i + 1),
              filters.ledger() | {"org": child.code})
        for i, child in enumerate(children)
    ]  # fmt: skip
    in_period = measured_cases(user, org, period.start, period.end)
    by_cat_channel = _category_channel(in_period, now)
    return Dashboard(
        org=org,
        period=period,
        now=now,
        current=within(period.start, period.end),
        previous=within(period.prev_start, period.prev_end),
        this_month=within(month_start, period.end),
        last_month=within(months[-3], same_day_last_month),
        trend=trend,
        by_category=_split(by_cat_channel, 0, filters, "category"),
        by_channel=_split(by_cat_channel, 1, filters, "channel"),
        by_child=by_child,
        overdue=overdue_cases(base=in_period, now=now),
    )


def _cuts(period: Period, months: list[date], same_day_last_month: date) -> list[date]:
    """The days the dashboard's time buckets start on, in order: every trend month, the previous
    period's start and the day after its end, the period's start, and the day after the same day
    last month; each figure then sums whole buckets."""
    return sorted(
        {*months, period.prev_start, period.prev_end + timedelta(days=1), period.start}
        | {same_day_last_month + timedelta(days=1)}
    )


def _trend(
    months: list[date], period: Period, org: Org | None, within: Callable[[date, date], Summary]
) -> list[Group]:
    """One group per trend month (`months` but the last), up to the period's end at most, each
    linking to the ledger of its own days."""
    trend = []
    for d in months[:-1]:
        last = min(_shift(d, 1) - timedelta(days=1), period.end)
        query = Filters(start=d, end=last, org=org).ledger()
        trend.append(Group(d.isoformat(), f"{d.year}-{d.month:02d}", within(d, last), query))
    return trend


def child_orgs(org: Org | None) -> list[Org]:
    """The direct sub-orgs a breakdown shows (partner agencies raise no cases of their own)."""
    if org is None:
        return []
    return list(org.children.filter(is_active=True).exclude(kind=OrgKind.PARTNER).order_by("path"))


def measured_cases(user: AnyUser, org: Org | None, start: date, end: date) -> QuerySet[Case]:
    """Cases registered on days [start, end] that arose in `org`'s subtree, among those the user
    may see (scoped_base: one join to the org table, whose path the sub-org key reuses)."""
    return metrics.cases_in(Filters(start=start, end=end, org=org).scope(), scoped_base(user, org))


# The dashboard shows neither the mean resolution time nor the counts per state. On SQLite the
# mean alone costs more than all other terms together (Django takes the datetime difference in a
# Python function per row); the seven per-state counts are a third of the rest.
SKIPPED_TERMS = ("avg_resolve", "n_state_")
KEY_BASE = 10_000  # bucket * KEY_BASE + sub-org index: one integer key, no string building


def lean_summary_by(cases: QuerySet[Case], by: Combinable, *, now: datetime) -> dict[Any, Summary]:
    """`metrics.summary_by` by the same terms, without the mean resolution time (None) and the
    counts per state (an empty `by_state`): what the dashboard draws, at the least cost."""
    terms = {k: v for k, v in metrics.metric_terms(now).items() if not k.startswith(SKIPPED_TERMS)}
    rows = cases.annotate(group=by).order_by().values("group").annotate(**terms)
    skipped = {"avg_resolve": None, **{f"n_state_{s}": 0 for s in Status.values}}
    return {
        row["group"]: replace(Summary.from_row({**row, **skipped}), by_state={}) for row in rows
    }


def _time_child(
    cases: QuerySet[Case], children: list[Org], bounds: list[datetime], now: datetime
) -> dict[tuple[int, int], Summary]:
    """Summaries per (bucket index, sub-org index: 1… for `children`, 0 for the org itself)."""
    whens = [
        When(
            origin_org__path__gte=c.path,
            origin_org__path__lt=tree.upper_bound(c.path),
            then=Value(i + 1),
        )
        for i, c in enumerate(children)
    ]
    child = CaseWhen(*whens, default=Value(0), output_field=IntegerField()) if whens else Value(0)
    key = ExpressionWrapper(buckets(bounds) * Value(KEY_BASE) + child, output_field=IntegerField())
    return {
        (group // KEY_BASE, group % KEY_BASE): summary
        for group, summary in lean_summary_by(cases, key, now=now).items()
        if group >= 0
    }


def _category_channel(cases: QuerySet[Case], now: datetime) -> dict[str, Summary]:
    """Summaries per "category key:channel", grouped on integers (no join to the categories)."""
    channels = list(Channel.values)
    index = CaseWhen(
        *[When(channel=c, then=Value(i)) for i, c in enumerate(channels)],
        default=Value(len(channels)),
        output_field=IntegerField(),
    )
    key = ExpressionWrapper(F("category_id") * Value(100) + index, output_field=IntegerField())
    keys = dict(Category.objects.values_list("id", "key"))
    out = {}
    for group, summary in lean_summary_by(cases, key, now=now).items():
        channel = channels[group % 100] if group % 100 < len(channels) else ""
        out[f"{keys.get(group // 100, '')}:{channel}"] = summary
    return out


def _split(pairs: dict[str, Summary], part: int, filters: Filters, name: str) -> list[Group]:
    """One of the two breakdowns out of the (category, channel) groups, in the registry's order."""
    parts: dict[str, list[Summary]] = {}
    for key, summary in pairs.items():
        parts.setdefault(str(key).split(":")[part], []).append(summary)
    labels = registry.category_labels() if name == "category" else registry.CHANNELS
    return [
        Group(value, str(label), merge(parts.get(value, [])) if value in parts else EMPTY,
              filters.ledger() | {name: value})
        for value, label in labels.items()
        if value in parts or name == "category" or value != Channel.IMPORT
    ]  # fmt: skip


def overdue_cases(*, base: QuerySet[Case], now: datetime, limit: int = OVERDUE_LIST) -> list[Case]:
    """The overdue cases most in need of 督办: longest past their deadline first."""
    return list(
        base.filter(overdue_q(now))
        .select_related("category", "origin_org", "owner_org")
        .order_by("resolution_due", "id")[:limit]
    )


def in_subtree_q(org: Org) -> Q:
    return Q(origin_org__path__gte=org.path, origin_org__path__lt=tree.upper_bound(org.path))


# ---- the business areas (core.areas): each metric with its 同比 and 环比 --------------------------


@dataclass(frozen=True)
class AreaPeriod:
    """The days [start, end] an area page measures; `so_far` while the period is not over yet."""

    start: date
    end: date
    so_far: bool


MAX_PERIOD_DAYS = 3660  # ten years
FIRST_YEAR = 1950  # no union kept these figures earlier; the comparisons shift a period back


def area_period(start: date | None, end: date | None, today: date) -> AreaPeriod:
    """The period asked for, by default this year up to today; refused when it runs backwards,
    spans more than ten years or starts before 1950 (its 同比 and 环比 must be dates too)."""
    start = start or date(today.year, 1, 1)
    end = end or max(today, start)
    if start > end:
        raise InvalidInput(
            _("The period must start before it ends."), code="cockpit.invalid_period"
        )
    if (end - start).days > MAX_PERIOD_DAYS or start.year < FIRST_YEAR:
        raise InvalidInput(
            _("A period may span ten years at most, from 1950 on."), code="cockpit.invalid_period"
        )
    return AreaPeriod(start, end, so_far=end >= today)


def same_period_last_year(start: date, end: date) -> tuple[date, date]:
    """同比: the same days a year earlier (29 February: the 28th)."""
    return add_months(start, -12), add_months(end, -12)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """环比: the period of the same length just before — as many whole months before when the
    period is whole months (March → February), else as many days before."""
    after_end = end + timedelta(days=1)
    months = (after_end.year - start.year) * 12 + after_end.month - start.month
    if start.day == 1 and after_end.day == 1:
        return add_months(start, -months), start - timedelta(days=1)
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


@dataclass(frozen=True)
class Change:
    """A figure against an earlier one: for rates `delta` is in percentage points and `percent`
    is None; for counts, yuan and days `delta` is the difference and `percent` the relative change
    (None when the earlier figure is 0). Both None when either side has no data."""

    delta: float | None = None
    percent: float | None = None

    @property
    def direction(self) -> str:
        if self.delta is None or self.delta == 0:
            return "flat"
        return "up" if self.delta > 0 else "down"


def change(unit: str, now: Figure, before: Figure) -> Change:
    a, b = AreaMetric.number(now), AreaMetric.number(before)
    if a is None or b is None:
        return Change()
    if unit == AREA_RATE:
        points = 100 * _ratio(now) - 100 * _ratio(before)
        return Change(delta=round(points, 1))
    percent = round(100 * (a - b) / b, 1) if b else None
    return Change(delta=round(a - b, 2), percent=percent)


def _ratio(value: Any) -> float:
    return float(value.numerator) / float(value.denominator)


@dataclass(frozen=True)
class Comparison:
    """The metric over an earlier period, and the change from it to the period shown."""

    start: date
    end: date
    value: Figure
    change: Change
    not_yet_due: int = 0  # of that period's cases, still within their deadline

    @property
    def number(self) -> float | int | None:
        return AreaMetric.number(self.value)


@dataclass(frozen=True)
class MetricFigure:
    metric: AreaMetric
    value: Figure
    same_period_last_year: Comparison | None
    previous_period: Comparison | None
    # How many of the period's cases the figure waits on (within their deadline): a rate over
    # them is not final, its drop against an earlier period is the deadline not come yet.
    not_yet_due: int = 0

    @property
    def number(self) -> float | int | None:
        """The figure shown: a rate in percent; None when a rate has no denominator (no data)."""
        return AreaMetric.number(self.value)

    @property
    def numerator(self) -> int | None:
        return getattr(self.value, "numerator", None)

    @property
    def denominator(self) -> int | None:
        return getattr(self.value, "denominator", None)


def _key(user: AnyUser, org: Org | None, start: date, end: date) -> tuple:
    return (getattr(user, "pk", None), org.pk if org else None, start, end)


def compute_figure(
    metric: AreaMetric, user: AnyUser, org: Org | None, start: date, end: date
) -> Figure:
    """The metric by its own compute, once per request (core.areas.memo) for the same slice."""
    key = ("cockpit.figure", metric.key, *_key(user, org, start, end))
    return remember(key, lambda: metric.compute(user, org, start, end))


def not_yet_due(metric: AreaMetric, user: AnyUser, org: Org | None, start: date, end: date) -> int:
    """How many of the period's cases the metric still waits on (0: final, or no such rule)."""
    hook = metric.not_yet_due
    if hook is None:
        return 0
    key = ("cockpit.not_yet_due", metric.key, *_key(user, org, start, end))
    return int(remember(key, lambda: hook(user, org, start, end)))


def metric_figure(
    metric: AreaMetric, *, user: AnyUser, org: Org | None, period: AreaPeriod, compare: bool = True
) -> MetricFigure:
    """The metric over the period — computed by the app that declared it — with 同比 and 环比,
    each marked with how many of its cases are not yet due."""
    with memo():
        value = compute_figure(metric, user, org, period.start, period.end)
        pending = not_yet_due(metric, user, org, period.start, period.end)
        if not compare:
            return MetricFigure(metric, value, None, None, pending)
        comparisons = []
        for start, end in (
            same_period_last_year(period.start, period.end),
            previous_period(period.start, period.end),
        ):
            before = compute_figure(metric, user, org, start, end)
            comparisons.append(
                Comparison(start, end, before, change(metric.unit, value, before),
                           not_yet_due(metric, user, org, start, end))
            )  # fmt: skip
        return MetricFigure(metric, value, comparisons[0], comparisons[1], pending)


@dataclass(frozen=True)
class AreaFigures:
    area: Area
    figures: list[MetricFigure]

    @property
    def headline(self) -> MetricFigure | None:
        """The area's headline metric (its first metric if the headline is not declared)."""
        by_key = {f.metric.key: f for f in self.figures}
        return by_key.get(self.area.headline) or next(iter(self.figures), None)


def area_figures(
    area: Area, *, user: AnyUser, org: Org | None, period: AreaPeriod, compare: bool = True
) -> AreaFigures:
    """Every metric of one area for `org` (None: the user's whole scope) over the period; the
    metrics are announced first, so that an app computes those it can together."""
    metrics_of = area_metrics(area.key)
    with memo():
        announce(m.key for m in metrics_of)
        return AreaFigures(
            area,
            [
                metric_figure(m, user=user, org=org, period=period, compare=compare)
                for m in metrics_of
            ],
        )


def _headline_metric(each: Area) -> AreaMetric | None:
    metrics_of = {m.key: m for m in area_metrics(each.key)}
    return metrics_of.get(each.headline) or next(iter(metrics_of.values()), None)


def area_headlines(
    *, user: AnyUser, org: Org | None, period: AreaPeriod, compare: bool = True
) -> list[AreaFigures]:
    """One card per registered area, in their order: only its headline metric is computed."""
    headlines = [(each, _headline_metric(each)) for each in areas()]
    out = []
    with memo():
        announce(m.key for _a, m in headlines if m is not None)
        for each, metric in headlines:
            figures = [] if metric is None else [
                metric_figure(metric, user=user, org=org, period=period, compare=compare)
            ]  # fmt: skip
            out.append(AreaFigures(each, figures))
    return out


def home_headlines(user: AnyUser, today: date) -> list[AreaFigures]:
    """The leader's home: each area's headline over this year so far, for the user's scope."""
    period = area_period(None, None, today)
    return area_headlines(user=user, org=scope_org(user), period=period, compare=False)


def picker_orgs(user: AnyUser, org: Org | None) -> list[Org]:
    """The orgs an area page offers to switch to: the user's scope org, the way down to `org`,
    and `org`'s sub-orgs — only those the user may see."""
    top = scope_org(user)
    ids = {o.pk for o in (top, org) if o is not None}
    if org is not None:
        ids |= {o.pk for o in org.ancestors()} | {c.pk for c in child_orgs(org)}
    elif top is not None:
        ids |= {c.pk for c in child_orgs(top)}
    return list(org_perms.visible_orgs(user).filter(pk__in=ids).order_by("path"))
