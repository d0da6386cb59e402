"""The cockpit's reads, always over the cases and orgs the user may see.

The figures are for one org — the user's scope (the outermost org their roles reach) or an org
inside it — and count cases where they arose, like `cases.metrics`; the base queryset is
`visible_cases(user)`, so nothing outside the user's scope is ever counted.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat, Left

from lianxin.cases import metrics
from lianxin.cases.deadlines import BEIJING
from lianxin.cases.filters import day_start, overdue_q
from lianxin.cases.metrics import Summary
from lianxin.cases.models import Case, Channel
from lianxin.cases.permissions import visible_cases
from lianxin.cockpit import registry
from lianxin.cockpit.ask.parser import OrgRef
from lianxin.cockpit.ask.periods import add_months
from lianxin.cockpit.registry import EMPTY, Filters, Group, buckets, merge, month_starts
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


def base_cases(user: AnyUser) -> QuerySet[Case]:
    return visible_cases(user)


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
    """Every figure of the dashboard in three aggregate queries and one list:

    1. one pass over [earliest start, end] grouped by (time bucket, sub-org): tiles, their
       previous period, this and last month, the trend and the sub-org breakdown;
    2. one pass over the period grouped by (category, channel): both breakdowns;
    3. the overdue cases most in need of 督办 (an index range on status and deadline).
    """
    base = scoped_base(user, org)
    filters = Filters(start=period.start, end=period.end, org=org)
    month_start = date(period.end.year, period.end.month, 1)
    months = month_starts(trend_start(period), period.end)
    first = min(period.prev_start, months[0])
    wide = metrics.cases_in(Filters(start=first, end=period.end, org=org).scope(), base)
    same_day_last_month = _shift(period.end, -1)
    cuts = sorted(
        {*months, period.prev_start, period.prev_end + timedelta(days=1), period.start}
        | {same_day_last_month + timedelta(days=1)}
    )
    by_time_child = _time_child(wide, org, [day_start(d) for d in cuts], now)

    def within(lo: date, hi: date, child: str | None = None) -> Summary:
        return merge(
            s
            for (i, c), s in by_time_child.items()
            if lo <= cuts[i] <= hi and (child is None or c == child)
        )

    trend = []
    for d in months[:-1]:
        last = min(_shift(d, 1) - timedelta(days=1), period.end)
        query = Filters(start=d, end=last, org=org).ledger()
        trend.append(Group(d.isoformat(), f"{d.year}-{d.month:02d}", within(d, last), query))
    children = []
    if org is not None:
        for child in (
            org.children.filter(is_active=True).exclude(kind=OrgKind.PARTNER).order_by("path")
        ):
            children.append(
                Group(child.code, registry.org_label(child),
                      within(period.start, period.end, child.path),
                      filters.ledger() | {"org": child.code})
            )  # fmt: skip
    by_cat_channel = lean_summary_by(metrics.cases_in(filters.scope(), base), _pair_key(), now=now)
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
        by_child=children,
        overdue=overdue_cases(base=metrics.cases_in(filters.scope(), base), now=now),
    )


# The dashboard shows no mean resolution time, and on SQLite that one term costs more than all the
# others together (Django computes the datetime difference in a Python function per row).
LEAN_TERMS = frozenset({"avg_resolve"})


def lean_summary_by(cases: QuerySet[Case], by: Combinable, *, now: datetime) -> dict[Any, Summary]:
    """`metrics.summary_by` by the same terms, minus the mean resolution time (None here)."""
    terms = {k: v for k, v in metrics._terms(now).items() if k not in LEAN_TERMS}
    rows = cases.annotate(group=by).order_by().values("group").annotate(**terms)
    return {row["group"]: Summary.from_row({**row, "avg_resolve": None}) for row in rows}


def _time_child(
    cases: QuerySet[Case], org: Org | None, bounds: list[datetime], now: datetime
) -> dict[tuple[int, str | None], Summary]:
    """Summaries per (bucket index, sub-org path) in one GROUP BY."""
    width = len(org.path) + tree.SEGMENT if org is not None else tree.SEGMENT
    key = Concat(
        Cast(buckets(bounds), CharField()), Value(":"), Left("origin_org__path", width),
        output_field=CharField(),
    )  # fmt: skip
    out: dict[tuple[int, str | None], Summary] = {}
    for group, summary in lean_summary_by(cases, key, now=now).items():
        index, _sep, path = str(group).partition(":")
        if int(index) >= 0:
            out[(int(index), path or None)] = summary
    return out


def _pair_key() -> Combinable:
    return Concat("category__key", Value(":"), "channel", output_field=CharField())


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
