"""An area metric broken down by month or by sub-org — only by the dimensions its registration
accepts (core.areas: `AreaMetric.accepts`). The owning app's `breakdown` computes all the groups
in one query where it declared one; otherwise its own `compute` runs once per month or sub-org
(remembered for the request), so every group is the figure the app itself gives for that slice.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.cockpit import registry
from lianxin.cockpit.ask.periods import add_months
from lianxin.cockpit.selectors import AnyUser, AreaPeriod, child_orgs, compute_figure, scope_org
from lianxin.core.areas import CHILD, COUNT, MONTH, AreaMetric, Figure, remember
from lianxin.core.errors import InvalidInput
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org

DIMENSION_NAMES = {MONTH: gettext_lazy("Month"), CHILD: gettext_lazy("Sub-organisation")}


@dataclass(frozen=True)
class Slice:
    key: str  # "2026-03" or an org's code
    label: str
    start: date
    end: date
    org: Org | None


@dataclass(frozen=True)
class BreakdownRow:
    slice: Slice
    value: Figure

    @property
    def number(self) -> float | int | None:
        return AreaMetric.number(self.value)


def ensure_accepts(metric: AreaMetric, dimension: str) -> None:
    """A breakdown the registry does not declare for the metric is refused, never improvised."""
    if not metric.accepts(dimension):
        raise InvalidInput(
            _("“%(metric)s” cannot be broken down that way.") % {"metric": metric.name},
            code="cockpit.dimension_not_accepted",
        )


def month_slices(period: AreaPeriod, org: Org | None) -> list[Slice]:
    """The months of the period, the first and last cut to the period's days."""
    first = date(period.start.year, period.start.month, 1)
    out = []
    while first <= period.end:
        last = add_months(first, 1) - timedelta(days=1)
        label = f"{first.year}-{first.month:02d}"
        out.append(Slice(label, label, max(first, period.start), min(last, period.end), org))
        first = add_months(first, 1)
    return out


def child_slices(user: AnyUser, period: AreaPeriod, org: Org | None) -> list[Slice]:
    """The direct sub-orgs (of the user's scope org when none is given) the user may see."""
    parent = org or scope_org(user)
    visible = set(org_perms.visible_orgs(user).values_list("pk", flat=True))
    return [
        Slice(c.code, registry.org_label(c), period.start, period.end, c)
        for c in child_orgs(parent)
        if c.pk in visible
    ]


def slices(user: AnyUser, dimension: str, period: AreaPeriod, org: Org | None) -> list[Slice]:
    return month_slices(period, org) if dimension == MONTH else child_slices(user, period, org)


def metric_breakdown(
    metric: AreaMetric,
    dimension: str,
    *,
    user: AnyUser,
    org: Org | None,
    period: AreaPeriod,
    groups: list[Slice] | None = None,
) -> list[BreakdownRow]:
    """The metric over each month or sub-org of the period (refused when not declared)."""
    ensure_accepts(metric, dimension)
    groups = slices(user, dimension, period, org) if groups is None else groups
    if metric.breakdown is None:
        return [
            BreakdownRow(s, compute_figure(metric, user, s.org, s.start, s.end)) for s in groups
        ]
    parent = org if dimension == MONTH else org or scope_org(user)
    values = _declared(metric, dimension, user, parent, period)
    empty: Figure = 0 if metric.unit == COUNT else None
    return [BreakdownRow(s, values.get(_group_key(s, dimension), empty)) for s in groups]


def _declared(
    metric: AreaMetric, dimension: str, user: AnyUser, org: Org | None, period: AreaPeriod
) -> dict:
    hook = metric.breakdown
    assert hook is not None
    key = ("cockpit.breakdown", metric.key, dimension, getattr(user, "pk", None),
           org.pk if org else None, period.start, period.end)  # fmt: skip
    return remember(key, lambda: hook(user, org, period.start, period.end, dimension))


def _group_key(s: Slice, dimension: str) -> object:
    if dimension == MONTH:
        return date(s.start.year, s.start.month, 1)
    return s.org.pk if s.org is not None else None


def accepting(metrics: list[AreaMetric], dimension: str) -> Iterator[AreaMetric]:
    return (m for m in metrics if m.accepts(dimension))
