"""智能问数's mark on a figure that is not final: of the period's cases, some are still within
their deadline (core.areas' `not_yet_due`, declared per metric), so a low resolution or on-time
rate is the deadline not having come, not a collapse. The rule is the registry's: a metric
without the hook is never marked.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import ngettext

from lianxin.cases import metrics as case_metrics
from lianxin.cockpit import selectors
from lianxin.cockpit.registry import Filters
from lianxin.core import areas as hook

if TYPE_CHECKING:
    from lianxin.cockpit.ask.answering import Slots


def count(user: Any, org: Any, slots: "Slots", start: date, end: date, now: datetime) -> int:
    """How many of the cases behind the answer's figure over [start, end] are not yet due: an
    area's figure by its own hook; a figure of the ledger over the same slice it was computed on."""
    metric = hook.area_metric(slots.metric)
    if metric is None or metric.not_yet_due is None:
        return 0
    if slots.area is not None:
        return selectors.not_yet_due(metric, user, org, start, end)
    filters = Filters(
        start=start,
        end=end,
        org=org,
        category=slots.category,
        channel=slots.channel,
        urgency=slots.urgency,
    )
    scope = selectors.scope_org(user)
    base = selectors.scoped_base(user, org or scope)
    cases = case_metrics.cases_in(filters.scope(scope), base)
    return cases.filter(case_metrics.not_yet_due_q(now)).count()


def note(pending: int) -> str:
    return ngettext(
        "Not yet due: %(n)s case of the period is still within its deadline, so the figure is not final.",
        "Not yet due: %(n)s cases of the period are still within their deadline, so the figure is not final.",
        pending,
    ) % {"n": pending}


def mark(answer: dict[str, Any], pending: int) -> dict[str, Any]:
    """The answer with `not_yet_due` (0: final) and, when above 0, the note after its sentence."""
    answer["not_yet_due"] = pending
    if pending:
        answer["answer"] = f"{answer.get('answer', '')} {note(pending)}".strip()
    return answer
