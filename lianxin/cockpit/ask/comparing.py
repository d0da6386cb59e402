"""智能问数's answer to a comparison (同比, 环比): the figure over the period asked and over the
earlier one, and the change between them.

The earlier period is the cockpit's own (`selectors.same_period_last_year`,
`selectors.previous_period`), and so is the change (`selectors.change`: a rate's change in
percentage points, any other figure's as a difference and a percentage), so an answer agrees
with the area pages' tiles. A figure of the case ledger is computed by the registry with the
question's slices; an area's figure by its own `compute`.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from lianxin.cockpit import registry, selectors
from lianxin.cockpit.ask.compare import YOY
from lianxin.cockpit.registry import METRICS, Filters, Query
from lianxin.core import areas as hook

if TYPE_CHECKING:
    from lianxin.cockpit.ask.answering import Slots


def unit_of(key: str) -> str:
    """The metric's unit, in core.areas' words (the ledger's registry uses the same ones)."""
    if key in METRICS:
        return METRICS[key].unit
    metric = hook.area_metric(key)
    assert metric is not None
    return metric.unit


def earlier(slots: "Slots") -> tuple[date, date]:
    shift = selectors.same_period_last_year if slots.compare == YOY else selectors.previous_period
    return shift(slots.period.start, slots.period.end)


def figure(user: Any, org: Any, slots: "Slots", start: date, end: date, now: datetime) -> Any:
    """The metric over [start, end]: an int, a Decimal or a rate (None: no figure)."""
    if slots.area is not None:
        metric = hook.area_metric(slots.metric)
        assert metric is not None
        return metric.compute(user, org, start, end)
    filters = Filters(
        start=start,
        end=end,
        org=org,
        category=slots.category,
        channel=slots.channel,
        urgency=slots.urgency,
    )
    query = Query(metric=slots.metric, group_by=None, order=None, limit=None, filters=filters)
    scope = selectors.scope_org(user)
    base = selectors.scoped_base(user, org or scope)
    result = registry.answer(query, base=base, org=scope, now=now, only=(slots.metric,))
    value = METRICS[slots.metric].of(result.total)
    if isinstance(value, float):  # days: one decimal, as the registry shows them
        return Decimal(str(round(value, 1)))
    return value


def _shown(value: Any, rate: bool) -> str:
    number = hook.AreaMetric.number(value)
    return "—" if number is None else f"{number}%" if rate else str(number)


def _row(label: str, value: Any, rate: bool) -> list[Any]:
    row = [label, hook.AreaMetric.number(value)]
    if rate:
        row += [getattr(value, "numerator", 0), getattr(value, "denominator", 0)]
    return row


def answer(user: Any, org: Any, slots: "Slots", *, now: datetime, name: str) -> dict[str, Any]:
    """The figures of both periods and the change, for the answer's table and sentence."""
    start, end = earlier(slots)
    value = figure(user, org, slots, slots.period.start, slots.period.end, now)
    before = figure(user, org, slots, start, end, now)
    rate = unit_of(slots.metric) == hook.RATE
    change = selectors.change(unit_of(slots.metric), value, before)
    labels = [
        _("%(start)s to %(end)s") % {"start": p[0].isoformat(), "end": p[1].isoformat()}
        for p in ((slots.period.start, slots.period.end), (start, end))
    ]
    columns = [_("Period"), name + (" (%)" if rate else "")]
    if rate:
        columns += [_("Numerator"), _("Denominator")]
    return {
        "answer": _("%(metric)s: %(now)s against %(before)s, %(change)s")
        % {
            "metric": name,
            "now": _shown(value, rate),
            "before": _shown(before, rate),
            "change": describe_change(change, rate),
        },
        "columns": columns,
        "rows": [_row(labels[0], value, rate), _row(labels[1], before, rate)],
        "links": [None, None],
        "chart": "bar",
        "change": {
            "delta": change.delta,
            "percent": change.percent,
            "unit": "points" if rate else unit_of(slots.metric),
            "earlier": {"start": start.isoformat(), "end": end.isoformat()},
        },
    }


def describe_change(change: "selectors.Change", rate: bool) -> str:
    if change.delta is None:
        return _("no change can be computed (a period has no data)")
    delta = f"{change.delta:+g}"
    if rate:
        return _("a change of %(delta)s percentage points") % {"delta": delta}
    if change.percent is None:
        return _("a change of %(delta)s") % {"delta": delta}
    return _("a change of %(delta)s (%(percent)s%%)") % {
        "delta": delta,
        "percent": f"{change.percent:+g}",
    }
