"""智能问数's answer to an area's figure broken down (会员人数按区县看看, 每月的驿站服务人次): the
cockpit's own breakdown (cockpit.breakdowns), so each row is the figure the owning app gives for
that month or sub-org, and only a dimension the metric's registration accepts is ever asked for
(the parser and `validate` refuse the others before this runs).
"""

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from lianxin.cockpit import breakdowns, selectors
from lianxin.core import areas as hook

if TYPE_CHECKING:
    from lianxin.cockpit.ask.answering import Slots

CHARTS = {hook.MONTH: "line", hook.CHILD: "bar"}


def breakdown(user: Any, org: Any, slots: "Slots", text: str) -> dict[str, Any]:
    metric = hook.area_metric(slots.metric)
    assert metric is not None
    assert slots.group_by is not None
    period = selectors.AreaPeriod(slots.period.start, slots.period.end, so_far=False)
    rows = breakdowns.metric_breakdown(metric, slots.group_by, user=user, org=org, period=period)
    rate = metric.unit == hook.RATE
    columns = [
        str(breakdowns.DIMENSION_NAMES[slots.group_by]),
        str(metric.name) + (" (%)" if rate else ""),
    ]
    if rate:
        columns += [_("Numerator"), _("Denominator")]
    table = []
    for row in rows:
        cells: list[Any] = [row.slice.label, row.number]
        if rate:
            cells += [getattr(row.value, "numerator", 0), getattr(row.value, "denominator", 0)]
        table.append(cells)
    return {
        "understood": True,
        "interpretation": slots.as_dict(),
        "text": text,
        "answer": _("%(metric)s by %(dimension)s: %(n)s rows")
        % {"metric": metric.name, "dimension": breakdowns.DIMENSION_NAMES[slots.group_by],
           "n": len(table)},
        "columns": columns,
        "rows": table,
        "links": [None] * len(table),
        "chart": CHARTS[slots.group_by],
        "examples": [],
        "not_yet_due": 0,
    }  # fmt: skip
