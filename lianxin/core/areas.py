"""The business areas a federation is measured by, and the figures each area declares (the hook
the cockpit reads; CONVENTIONS §13).

The cockpit sits above every app and imports no app's code; each app declares its area(s) and
metrics here in its `AppConfig.ready()`, and the cockpit, its dashboard, its area pages and 智能问数
read them from here:

    from lianxin.core.areas import Area, AreaMetric, register_area, register_area_metric
    register_area(Area(key="stations", name=_("工会驿站"), name_en="Service stations", order=160,
                       headline="station_visitors"))
    register_area_metric(AreaMetric(
        key="station_visitors", area="stations", name=_("Station visitors"),
        name_en="Station visitors", unit=COUNT, synonyms=("驿站人次", "驿站服务人次"),
        definition=_("Visitors the stations logged on the days of the period."),
        compute=station_visitors))   # compute(user, org, start, end) -> int | Decimal | rate

`compute` reads through the declaring app's own scoped selectors: `org` is an org the user may see
(None: the user's whole scope), `start`/`end` the days of the period, both included (Beijing time).
It answers an int (a count), a Decimal (yuan, days) or a rate: any object with `numerator` and
`denominator` (cases.metrics.Rate, members.metrics.Rate), never a bare percentage.

Two more things a metric may declare:

- `not_yet_due(user, org, start, end) -> int`: how many of the things the figure judges are still
  within their deadline (the period's open cases not yet due to be resolved, for the resolution
  and on-time rates). A figure with some is marked "not yet due" wherever it is shown — its drop
  is the deadline not having come, not a collapse. A figure without the hook is final when
  computed (counts of what happened, or a rate that already leaves the undue out: 响应率).
- `dimensions`: the breakdowns it accepts (MONTH, CHILD: by sub-org). By default a count accepts
  both and other units none; `breakdown(user, org, start, end, dimension)` may compute one in a
  single query, else the cockpit calls `compute` once per month or sub-org. Anything not
  declared is refused (by 智能问数 too).

`memo()` scopes a per-request memo: inside it, `remember(key, fn)` computes each key once, so the
figures a page shows (and an app's shared summary behind several of them) are never computed twice.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from django.utils.functional import Promise

COUNT, RATE, YUAN, DAYS = "count", "rate", "yuan", "days"


class Ratio(Protocol):
    # Read-only members, so that a frozen dataclass (cases.metrics.Rate) is a Ratio too.
    @property
    def numerator(self) -> int: ...

    @property
    def denominator(self) -> int: ...


Figure = int | Decimal | Ratio | None
Compute = Callable[[Any, Any, date, date], Figure]  # (user, org | None, start, end)
Pending = Callable[[Any, Any, date, date], int]  # how many are not yet due
# (user, org | None, start, end, dimension) -> {group key: figure}: month starts or sub-org ids
Breakdown = Callable[[Any, Any, date, date, str], dict[Any, Figure]]
MONTH, CHILD = "month", "child"  # the keys 智能问数 uses for the same breakdowns
DEFAULT_DIMENSIONS = {COUNT: (MONTH, CHILD)}


@dataclass(frozen=True)
class Area:
    key: str
    name: Promise | str
    name_en: str
    order: int  # where it stands on the dashboard's switcher and the leader's home
    headline: str  # the key of the metric the leader's home shows for the area
    synonyms: tuple[str, ...] = ()  # how people name the area in questions (帮扶, 驿站, 揭榜 …)


@dataclass(frozen=True)
class AreaMetric:
    key: str  # stable: the API and the question parser use it
    area: str
    name: Promise | str
    name_en: str
    unit: str  # COUNT, RATE, YUAN or DAYS
    definition: Promise | str
    compute: Compute
    synonyms: tuple[str, ...] = ()
    higher_is_better: bool = True
    not_yet_due: Pending | None = None
    dimensions: tuple[str, ...] | None = None  # None: DEFAULT_DIMENSIONS of its unit
    breakdown: Breakdown | None = None

    def accepts(self, dimension: str) -> bool:
        """Whether the metric may be broken down by `dimension` (declared, or its unit's default)."""
        declared = self.dimensions
        if declared is None:
            declared = DEFAULT_DIMENSIONS.get(self.unit, ())
        return dimension in declared

    @staticmethod
    def number(value: Figure) -> float | int | None:
        """One number to show: a rate in percent (None when it has no denominator)."""
        if value is None or isinstance(value, int | Decimal):
            return value if not isinstance(value, Decimal) else float(value)
        if not value.denominator:
            return None
        return round(100 * value.numerator / value.denominator, 1)


_AREAS: dict[str, Area] = {}
_METRICS: dict[str, AreaMetric] = {}


def register_area(area: Area) -> None:
    """Declare an area (declaring one key twice keeps the first: ready() may run twice in tests)."""
    _AREAS.setdefault(area.key, area)


def register_area_metric(metric: AreaMetric) -> None:
    if metric.area not in _AREAS:
        raise LookupError(f"area {metric.area!r} is not declared; register_area() it first")
    existing = _METRICS.setdefault(metric.key, metric)
    if existing.area != metric.area:
        raise ValueError(f"metric {metric.key!r} is declared by two areas")


def areas() -> list[Area]:
    return sorted(_AREAS.values(), key=lambda a: a.order)


def area(key: str) -> Area | None:
    return _AREAS.get(key)


def area_metrics(area_key: str | None = None) -> list[AreaMetric]:
    """The metrics of one area (all when None), in the order they were declared."""
    return [m for m in _METRICS.values() if area_key is None or m.area == area_key]


def area_metric(key: str) -> AreaMetric | None:
    return _METRICS.get(key)


def unregister_area(key: str) -> None:
    """Forget an area and its metrics (tests that declare an area of their own clean up with it)."""
    _AREAS.pop(key, None)
    for metric_key in [k for k, m in _METRICS.items() if m.area == key]:
        del _METRICS[metric_key]


# ---- the per-request memo ---------------------------------------------------------------------

T = TypeVar("T")
_MEMO: ContextVar[dict[Any, Any] | None] = ContextVar("lianxin_area_memo", default=None)


@contextmanager
def memo() -> Iterator[None]:
    """Within the block every `remember`ed key is computed once (nested: the outer memo holds)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def remember(key: Any, compute: Callable[[], T]) -> T:
    """`compute()` once per key inside `memo()`; outside one, every call computes."""
    store = _MEMO.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


_WANTED = ("lianxin.core.areas", "wanted")


def announce(keys: Iterable[str]) -> None:
    """Tell the apps which metrics this request is about to compute, so that one of them may
    compute several in one query (the ledger's eight in one summary per period)."""
    store = _MEMO.get()
    if store is not None:
        store.setdefault(_WANTED, set()).update(keys)


def announced() -> frozenset[str]:
    """The metric keys announced in this request's memo (none outside one)."""
    store = _MEMO.get()
    return frozenset(store.get(_WANTED, ())) if store is not None else frozenset()
