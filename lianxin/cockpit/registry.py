"""The metric registry: every figure the cockpit shows or answers, by a stable key.

A metric, a dimension and the filters are slots; the dashboard, 智能问数 and the Excel downloads
fill them and nothing else. The figures themselves come from `lianxin.cases.metrics`, where each
one is defined once: a metric here names a field of `metrics.Summary` and the function computing it
alone. Groups are `Summary` objects, so a breakdown and the total use the same definitions; finer
groups are rolled up with `merge()`, which is exact (rates add numerators and denominators, the mean
resolution time is weighted by the cases it averages).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Case as When_
from django.db.models import IntegerField, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Left
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lianxin.cases import metrics
from lianxin.cases.filters import day_start
from lianxin.cases.metrics import Rate, Scope, Summary
from lianxin.cases.models import Case, Category, Channel, ClaimType, Urgency
from lianxin.cases.states import Status
from lianxin.orgs import tree
from lianxin.orgs.models import Org, OrgKind

COUNT, RATE, DAYS, YUAN = "count", "rate", "days", "yuan"


@dataclass(frozen=True)
class Metric:
    key: str
    name: Promise
    name_en: str
    definition: Promise
    unit: str
    compute: Callable[..., Any]
    higher_is_better: bool = True

    def of(self, summary: Summary) -> Any:
        """The raw figure in a Summary: an int, a Rate, or days (None when undefined)."""
        return getattr(summary, self.key)

    def number(self, summary: Summary) -> float | int | None:
        """The figure as one number: rates in percent, days to one decimal."""
        value = self.of(summary)
        if isinstance(value, Rate):
            return value.percent
        if self.unit == DAYS:
            return None if value is None else round(value, 1)
        if self.unit == YUAN:
            return float(value)
        return value


def _m(key, name, name_en, definition, unit, higher=True) -> Metric:
    return Metric(key, name, name_en, definition, unit, getattr(metrics, key), higher)


METRICS: dict[str, Metric] = {
    m.key: m
    for m in [
        _m("case_count", _("Number of cases"), "Number of cases",
           _("Cases registered in the period, in any state."), COUNT),
        _m("open_count", _("Open cases"), "Open cases",
           _("Cases registered in the period that are still registered, accepted, in progress or referred."), COUNT, False),
        _m("overdue_count", _("Overdue cases"), "Overdue cases",
           _("Open cases past their resolution deadline, or unanswered past the response deadline."), COUNT, False),
        _m("response_rate", _("Response rate"), "Response rate",
           _("Cases answered by their response deadline, over cases answered or past that deadline."), RATE),
        _m("resolution_rate", _("Resolution rate (cases taken on)"), "Resolution rate (cases taken on)",
           _("Cases resolved or closed, over cases not rejected."), RATE),
        _m("resolution_rate_all", _("Resolution rate (all cases)"), "Resolution rate (all cases)",
           _("Cases resolved or closed, over every case registered in the period, rejected ones included."), RATE),
        _m("satisfaction_rate", _("Satisfaction rate"), "Satisfaction rate",
           _("Satisfied and mostly satisfied ratings, over all ratings received on the period's cases; every follow-up round counts, a dissatisfied one too."), RATE),
        _m("on_time_rate", _("On-time rate"), "On-time rate",
           _("Resolved cases resolved by their deadline, over resolved cases."), RATE),
        _m("avg_resolve_days", _("Average days to resolve"), "Average days to resolve",
           _("Mean calendar days from registration to resolution of resolved cases."), DAYS, False),
        _m("claim_count", _("Accident claims"), "Accident claims",
           _("Accident cases with a claim type (self-fall, third party, severe injury)."), COUNT),
        _m("claim_amount_claimed", _("Amount claimed (yuan)"), "Amount claimed (yuan)",
           _("Yuan claimed over the accident claims of the period."), YUAN),
        _m("claim_amount_paid", _("Amount paid (yuan)"), "Amount paid (yuan)",
           _("Yuan paid out over the accident claims of the period."), YUAN),
    ]
}  # fmt: skip


# ---- groups ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One row of a breakdown: its key, what a person reads, its figures and the ledger filter
    (GET parameters of /cases/) that lists exactly its rows (None when the ledger cannot)."""

    key: Any
    label: str
    summary: Summary
    ledger: dict[str, str] | None = None


@dataclass(frozen=True)
class Filters:
    """The slice to measure: an org inside the user's scope, a category key, a channel, an urgency,
    and the days of registration [start, end] (inclusive, Beijing time)."""

    start: date
    end: date
    org: Org | None = None
    category: str = ""
    channel: str = ""
    urgency: str = ""

    def scope(self, default_org: Org | None = None) -> Scope:
        return Scope(
            org=self.org or default_org,
            start=day_start(self.start),
            end=day_start(self.end + timedelta(days=1)),
            category=self.category,
            channel=self.channel,
            urgency=self.urgency,
        )

    def ledger(self, default_org: Org | None = None) -> dict[str, str]:
        """The same slice as GET parameters of the ledger (cases.filters.CaseFilterForm)."""
        org = self.org or default_org
        query = {"date_from": self.start.isoformat(), "date_to": self.end.isoformat()}
        if org is not None:
            query["org"] = org.code
        for name in ("category", "channel", "urgency"):
            if getattr(self, name):
                query[name] = getattr(self, name)
        return query


def merge(summaries: Iterable[Summary]) -> Summary:
    """The Summary of the union of disjoint groups."""
    items = list(summaries)
    timed = sum(s.on_time_rate.denominator for s in items)
    weighted = sum(
        s.avg_resolve_days * s.on_time_rate.denominator
        for s in items
        if s.avg_resolve_days is not None
    )

    def rate(name: str) -> Rate:
        rates = [getattr(s, name) for s in items]
        return Rate(sum(r.numerator for r in rates), sum(r.denominator for r in rates))

    return Summary(
        case_count=sum(s.case_count for s in items),
        open_count=sum(s.open_count for s in items),
        overdue_count=sum(s.overdue_count for s in items),
        # Summaries read without the per-state counts (the dashboard's) have an empty by_state.
        by_state={st: sum(s.by_state.get(st, 0) for s in items) for st in Status.values}
        if all(s.by_state for s in items)
        else {},
        response_rate=rate("response_rate"),
        resolution_rate=rate("resolution_rate"),
        satisfaction_rate=rate("satisfaction_rate"),
        on_time_rate=rate("on_time_rate"),
        avg_resolve_days=weighted / timed if timed else None,
        resolution_rate_all=rate("resolution_rate_all"),
        claim_count=sum(s.claim_count for s in items),
        claim_amount_claimed=sum((s.claim_amount_claimed for s in items), Decimal("0.00")),
        claim_amount_paid=sum((s.claim_amount_paid for s in items), Decimal("0.00")),
    )


EMPTY = merge([])


def buckets(bounds: Sequence[datetime]) -> Combinable:
    """Group key: i for cases registered in [bounds[i], bounds[i+1]), -1 outside. Plain CASE/WHEN
    comparisons, so both databases bucket in SQL without a per-row function call."""
    whens = [When(registered_at__lt=bounds[0], then=Value(-1))]
    whens += [When(registered_at__lt=b, then=Value(i)) for i, b in enumerate(bounds[1:])]
    return When_(*whens, default=Value(-1), output_field=IntegerField())


def month_starts(start: date, end: date) -> list[date]:
    """First days of the months from start's month through end's, plus the month after."""
    out = [date(start.year, start.month, 1)]
    while out[-1] <= end:
        d = out[-1]
        out.append(date(d.year + d.month // 12, d.month % 12 + 1, 1))
    return out


def quarter_starts(start: date, end: date) -> list[date]:
    first = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    out = [first]
    while out[-1] <= end:
        d = out[-1]
        out.append(date(d.year + (d.month + 2) // 12, (d.month + 2) % 12 + 1, 1))
    return out


@dataclass(frozen=True)
class Dimension:
    key: str
    name: Promise
    chart: str  # the chart a breakdown by it suggests
    group: Callable[["Context", QuerySet[Case]], list[Group]] = field(repr=False)


@dataclass(frozen=True)
class Context:
    """What grouping needs besides the cases: the org the figures are for, the filters, and now."""

    org: Org | None
    filters: Filters
    now: datetime
    only: tuple[str, ...] | None = None  # the metrics wanted (None: all, as the dashboard)


def _ledger(ctx: Context, **extra: str) -> dict[str, str]:
    return {**ctx.filters.ledger(ctx.org), **extra}


def group_child(ctx: Context, cases: QuerySet[Case]) -> list[Group]:
    """The direct sub-orgs of the org measured (its own cases, if any, as one more row)."""
    org = ctx.filters.org or ctx.org
    if org is None:
        return group_roots(ctx, cases)
    by_path = metrics.summary_by(cases, metrics.by_child_org(org), now=ctx.now, only=ctx.only)
    children = {
        o.path: o
        for o in org.children.filter(is_active=True).exclude(kind=OrgKind.PARTNER).order_by("path")
    }
    groups = []
    for path, child in children.items():
        summary = by_path.get(path, EMPTY)
        groups.append(Group(child.code, org_label(child), summary, _ledger(ctx, org=child.code)))
    if org.path in by_path:
        own = _("%(org)s itself") % {"org": org_label(org)}
        groups.append(Group(org.code, str(own), by_path[org.path], None))
    return groups


def group_roots(ctx: Context, cases: QuerySet[Case]) -> list[Group]:
    """With no org (an administrator over several trees): one row per root org."""
    roots = list(Org.objects.filter(parent__isnull=True).order_by("path"))
    rows = metrics.summary_by(
        cases, Left("origin_org__path", tree.SEGMENT), now=ctx.now, only=ctx.only
    )
    return [
        Group(r.code, org_label(r), rows.get(r.path, EMPTY), _ledger(ctx, org=r.code))
        for r in roots
    ]


def group_enterprise(ctx: Context, cases: QuerySet[Case]) -> list[Group]:
    """Enterprise unions: each enterprise with the cases of its teams; cases raised above the
    enterprise level belong to no enterprise and are left out."""
    by_origin = metrics.summary_by(cases, "origin_org__path", now=ctx.now, only=ctx.only)
    prefixes = {p[:i] for p in by_origin for i in range(tree.SEGMENT, len(p) + 1, tree.SEGMENT)}
    enterprises = {
        o.path: o for o in Org.objects.filter(path__in=prefixes, kind=OrgKind.ENTERPRISE)
    }
    parts: dict[str, list[Summary]] = {}
    for path, summary in by_origin.items():
        owner = next(
            (path[:i] for i in range(len(path), 0, -tree.SEGMENT) if path[:i] in enterprises), None
        )
        if owner is not None:
            parts.setdefault(owner, []).append(summary)
    return [
        Group(enterprises[p].code, org_label(enterprises[p]), merge(s),
              _ledger(ctx, org=enterprises[p].code))
        for p, s in sorted(parts.items())
    ]  # fmt: skip


def group_category(ctx: Context, cases: QuerySet[Case]) -> list[Group]:
    rows = metrics.summary_by(cases, "category__key", now=ctx.now, only=ctx.only)
    cats = Category.objects.filter(key__in=rows) | Category.objects.filter(is_active=True)
    return [
        Group(c.key, c.label, rows.get(c.key, EMPTY), _ledger(ctx, category=c.key))
        for c in cats.distinct().order_by("sort_order", "key")
        if not ctx.filters.category or c.key == ctx.filters.category
    ]


def group_channel(ctx: Context, cases: QuerySet[Case]) -> list[Group]:
    rows = metrics.summary_by(cases, "channel", now=ctx.now, only=ctx.only)
    return [
        Group(value, str(label), rows.get(value, EMPTY), _ledger(ctx, channel=value))
        for value, label in Channel.choices
        if value in rows or (not ctx.filters.channel and value != Channel.IMPORT)
    ]


def _by_periods(ctx: Context, cases: QuerySet[Case], starts: list[date], fmt) -> list[Group]:
    bounds = [day_start(d) for d in starts]
    rows = metrics.summary_by(cases, buckets(bounds), now=ctx.now, only=ctx.only)
    groups = []
    for i, first in enumerate(starts[:-1]):
        last = starts[i + 1] - timedelta(days=1)
        lo, hi = max(first, ctx.filters.start), min(last, ctx.filters.end)
        if lo > hi:
            continue
        query = _ledger(ctx, date_from=lo.isoformat(), date_to=hi.isoformat())
        groups.append(Group(first.isoformat(), fmt(first), rows.get(i, EMPTY), query))
    return groups


def group_month(ctx: Context, cases: QuerySet[Case]) -> list[Group]:
    starts = month_starts(ctx.filters.start, ctx.filters.end)
    return _by_periods(ctx, cases, starts, lambda d: f"{d.year}-{d.month:02d}")


def group_quarter(ctx: Context, cases: QuerySet[Case]) -> list[Group]:
    starts = quarter_starts(ctx.filters.start, ctx.filters.end)
    return _by_periods(ctx, cases, starts, lambda d: f"{d.year} Q{(d.month - 1) // 3 + 1}")


def group_claim_type(ctx: Context, cases: QuerySet[Case]) -> list[Group]:
    """Accident claims by claim type (cases without one are not claims and are left out)."""
    rows = metrics.summary_by(cases, "claim_type", now=ctx.now, only=ctx.only)
    return [
        Group(value, str(label), rows.get(value, EMPTY), _ledger(ctx, claim_type=value))
        for value, label in ClaimType.choices
    ]


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in [
        Dimension("child", _("Sub-organisation"), "bar", group_child),
        Dimension("enterprise", _("Enterprise"), "bar", group_enterprise),
        Dimension("category", _("Category"), "pie", group_category),
        Dimension("channel", _("Channel"), "pie", group_channel),
        Dimension("month", _("Month"), "line", group_month),
        Dimension("quarter", _("Quarter"), "line", group_quarter),
        Dimension("claim_type", _("Claim type"), "bar", group_claim_type),
    ]
}

URGENCIES = dict(Urgency.choices)
CHANNELS = dict(Channel.choices)


def org_label(org: Org) -> str:
    return org.short_name or org.name


def category_label(key: str) -> str:
    cat = Category.objects.filter(key=key).first()
    return cat.label if cat else key


def category_labels() -> dict[str, str]:
    """Category key → label, active ones in the taxonomy's order."""
    return {c.key: c.label for c in Category.objects.filter(is_active=True)}


# ---- one question: metric × dimension × filters --------------------------------------------------


@dataclass(frozen=True)
class Query:
    """The slots a question fills: validated against the registry before anything runs."""

    metric: str
    filters: Filters
    group_by: str | None = None
    order: str | None = None  # "desc" | "asc"
    limit: int | None = None


@dataclass(frozen=True)
class Answer:
    query: Query
    total: Summary
    groups: list[Group]
    ledger: dict[str, str]

    @property
    def metric(self) -> Metric:
        return METRICS[self.query.metric]


def answer(
    query: Query,
    *,
    base: QuerySet[Case],
    org: Org | None,
    now: datetime,
    only: tuple[str, ...] | None = None,
) -> Answer:
    """Compute a query over `base` (the cases the user may see) for `org` (the user's scope):
    every metric, or those `only` names (an answer to a question shows one: computing just its
    terms is what keeps 智能问数 fast at scale)."""
    ctx = Context(org=org, filters=query.filters, now=now, only=only)
    cases = metrics.cases_in(query.filters.scope(org), base)
    total = metrics.summary(cases, now=now, only=only)
    groups: list[Group] = []
    if query.group_by:
        groups = DIMENSIONS[query.group_by].group(ctx, cases)
        groups = rank(groups, METRICS[query.metric], query.order, query.limit)
    return Answer(query, total, groups, query.filters.ledger(org))


def rank(groups: list[Group], metric: Metric, order: str | None, limit: int | None) -> list[Group]:
    """Sort by the metric (groups without a figure last) and keep the first `limit`."""
    if order in ("asc", "desc"):
        known = [g for g in groups if metric.number(g.summary) is not None]
        unknown = [g for g in groups if metric.number(g.summary) is None]
        known.sort(key=lambda g: metric.number(g.summary) or 0, reverse=order == "desc")
        groups = known + unknown
    return groups[:limit] if limit else groups
