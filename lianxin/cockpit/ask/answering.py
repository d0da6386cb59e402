"""智能问数: a question in Chinese → the registry's slots → figures from the registry.

The rule-based parser reads the question; where it cannot and a language model is configured,
the model's interpretation is used only after `validate()` has checked every slot against the
registry and the user's scope. Anything else gets the helpful answer with examples.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lianxin.cases.models import Category, Channel, Urgency
from lianxin.cockpit import registry, selectors
from lianxin.cockpit.ask import area_answers, area_words, comparing, due, llm
from lianxin.cockpit.ask.compare import MOM, YOY
from lianxin.cockpit.ask.parser import OrgRef, Parsed, parse
from lianxin.cockpit.ask.periods import Period
from lianxin.cockpit.registry import DIMENSIONS, METRICS, RATE, Answer, Filters, Query
from lianxin.core import areas as hook
from lianxin.core.errors import InvalidInput

AnyUser = User | AnonymousUser
MAX_LIMIT = 100


@dataclass(frozen=True)
class Slots:
    """An interpretation checked against the registry, before any figure is computed."""

    metric: str
    group_by: str | None
    org: OrgRef | None
    category: str
    channel: str
    urgency: str
    period: Period
    order: str | None
    limit: int | None
    area: str | None = None  # set for an area's figure, answered through its `compute`
    note: str = ""  # a choice the reader made (two categories in one phrase)
    compare: str = ""  # "yoy" (同比) or "mom" (环比): answered by comparing.py

    def as_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "note": self.note,
            "metric": self.metric,
            "group_by": self.group_by,
            "filters": {
                "org": self.org.code if self.org else None,
                "org_name": (self.org.short_name or self.org.name) if self.org else None,
                "category": self.category or None,
                "channel": self.channel or None,
                "urgency": self.urgency or None,
            },
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "order": self.order,
            "limit": self.limit,
            "compare": self.compare or None,
        }


def default_period(today: date, compare: str = "") -> Period:
    """A question without a period asks about this year so far (and the answer says so); a 环比
    question without one, about this month so far."""
    if compare == MOM:
        return Period(today.replace(day=1), today)
    return Period(date(today.year, 1, 1), today)


def from_parsed(parsed: Parsed, today: date) -> Slots:
    assert parsed.metric is not None
    return Slots(
        metric=parsed.metric,
        group_by=parsed.group_by,
        org=parsed.org,
        category=parsed.category,
        channel=parsed.channel,
        urgency=parsed.urgency,
        period=parsed.period or default_period(today, parsed.compare),
        order=parsed.order,
        limit=parsed.limit,
        area=area_words.metric_area(parsed.metric),
        note=parsed.note,
        compare=parsed.compare,
    )


def validate(data: Any, *, orgs: list[OrgRef]) -> Slots:
    """An interpretation from outside the parser (a language model, a client), slot by slot;
    InvalidInput names the first slot that is not the registry's."""
    if not isinstance(data, dict):
        raise InvalidInput(_("The interpretation is not an object."), code="ask.invalid")
    filters = data.get("filters") or {}
    period = data.get("period") or {}
    if not isinstance(filters, dict) or not isinstance(period, dict):
        raise InvalidInput(_("The interpretation is malformed."), code="ask.invalid")
    metric, group_by = data.get("metric"), data.get("group_by") or None
    _check(
        isinstance(metric, str) and (metric in METRICS or hook.area_metric(metric) is not None),
        "metric",
    )
    area = area_words.metric_area(str(metric))
    _check(group_by is None or group_by in DIMENSIONS, "group_by")
    by_code = {o.code: o for o in orgs}
    org_code = filters.get("org") or None
    _check(org_code is None or org_code in by_code, "filters.org")
    category, channel, urgency = _checked_filters(filters)
    checked_period = _checked_period(period)
    order, limit = _checked_ranking(data, group_by=group_by)
    compare = data.get("compare") or ""
    _check(compare in ("", YOY, MOM) and not (compare and group_by), "compare")
    if area is not None:  # an area's figure: no case slice; a breakdown only as it declared
        declared = hook.area_metric(str(metric))
        _check(
            group_by is None or (declared is not None and declared.accepts(group_by)), "group_by"
        )
        _check(order is None and limit is None, "order")
        _check(not (category or channel or urgency), "filters")
    return Slots(
        metric=str(metric),
        group_by=group_by,
        org=by_code.get(org_code) if org_code else None,
        category=category,
        channel=channel,
        urgency=urgency,
        period=checked_period,
        order=order,
        limit=limit,
        area=area,
        compare=compare,
    )


def _check(ok: bool, slot: str) -> None:
    """A slot the registry does not know is refused, naming the slot."""
    if not ok:
        raise InvalidInput(
            _("“%(slot)s” is not a value the registry knows.") % {"slot": slot},
            code="ask.invalid",
            slot=slot,
        )


def _checked_filters(filters: dict[str, Any]) -> tuple[str, str, str]:
    """(category, channel, urgency): each empty or one the ledger knows, checked in that order."""
    category, channel = filters.get("category") or "", filters.get("channel") or ""
    urgency = filters.get("urgency") or ""
    _check(not category or Category.objects.filter(key=category).exists(), "filters.category")
    _check(not channel or channel in Channel.values, "filters.channel")
    _check(not urgency or urgency in Urgency.values, "filters.urgency")
    return category, channel, urgency


def _checked_period(period: dict[str, Any]) -> Period:
    """The period's start and end: ISO dates, the start not after the end."""
    start: date | None
    end: date | None
    try:
        start = date.fromisoformat(str(period.get("start")))
        end = date.fromisoformat(str(period.get("end")))
    except ValueError:
        start = end = None
    _check(start is not None and end is not None and start <= end, "period")
    assert start is not None
    assert end is not None
    return Period(start, end)


def _checked_ranking(
    data: dict[str, Any], *, group_by: str | None
) -> tuple[str | None, int | None]:
    """(order, limit): "asc"/"desc" and 1..MAX_LIMIT, or none; either needs a `group_by`."""
    order, limit = data.get("order") or None, data.get("limit")
    _check(order in (None, "asc", "desc"), "order")
    _check(
        limit is None
        or (isinstance(limit, int) and not isinstance(limit, bool) and 0 < limit <= MAX_LIMIT),
        "limit",
    )
    _check((order is None and limit is None) or group_by is not None, "group_by")
    return order, limit


def interpret(
    question: str, *, today: date, orgs: list[OrgRef]
) -> tuple[Slots | None, str, str | None]:
    """(slots, "", area) when the question is understood, else (None, why not, the area its
    words point to — None when they point to none)."""
    parsed = parse(question, today=today, orgs=orgs)
    if not parsed.error:
        return from_parsed(parsed, today), "", parsed.area
    if llm.enabled():
        data = llm.interpret(question, today=today, orgs=orgs)
        if data is not None:
            try:
                slots = validate(data, orgs=orgs)
                return slots, "", slots.area
            except InvalidInput:
                pass
    return None, parsed.error, parsed.area


def ask(*, user: AnyUser, question: str, today: date | None, now: datetime) -> dict[str, Any]:
    """The whole answer of POST /api/ask and of the question page."""
    today = today or selectors.today(now)
    orgs = selectors.scope_orgs(user)
    slots, why, area = interpret(question, today=today, orgs=orgs)
    if slots is None:
        return helpful(why, area)
    org = selectors.org_by_id(user, slots.org.id) if slots.org else None
    pending = (
        0
        if slots.group_by
        else due.count(user, org, slots, slots.period.start, slots.period.end, now)
    )
    if slots.compare:
        figures = comparing.answer(user, org, slots, now=now, name=metric_name(slots.metric))
        return due.mark(
            {
                "understood": True,
                "interpretation": slots.as_dict(),
                "text": describe(slots),
                "examples": [],
                **figures,
            },
            pending,
        )
    if slots.area is not None and slots.group_by:
        return area_answers.breakdown(user, org, slots, describe(slots))
    if slots.area is not None:
        return due.mark(answer_area(user, org, slots), pending)
    query = Query(
        metric=slots.metric,
        group_by=slots.group_by,
        order=slots.order,
        limit=slots.limit,
        filters=Filters(
            start=slots.period.start,
            end=slots.period.end,
            org=org,
            category=slots.category,
            channel=slots.channel,
            urgency=slots.urgency,
        ),
    )
    scope = selectors.scope_org(user)
    # As the dashboard: the org's own cases need no second scope filter when the user reaches it.
    base = selectors.scoped_base(user, org or scope)
    result = registry.answer(query, base=base, org=scope, now=now, only=(slots.metric,))
    answer = {"understood": True, "interpretation": slots.as_dict(), **render(result, slots)}
    return due.mark(answer, pending)


def answer_area(user: AnyUser, org: Any, slots: Slots) -> dict[str, Any]:
    """An area's figure for the period and org: its own `compute`, in the user's scope."""
    metric = hook.area_metric(slots.metric)
    assert metric is not None
    value = metric.compute(user, org, slots.period.start, slots.period.end)
    number = hook.AreaMetric.number(value)
    rate = metric.unit == hook.RATE
    shown = "—" if number is None else f"{number}%" if rate else str(number)
    row: list[Any] = [number]
    columns = [str(metric.name) + (" (%)" if rate else "")]
    if rate:
        row += [getattr(value, "numerator", 0), getattr(value, "denominator", 0)]
        columns += [_("Numerator"), _("Denominator")]
    return {
        "understood": True,
        "interpretation": slots.as_dict(),
        "text": describe(slots),
        "answer": _("%(metric)s: %(value)s") % {"metric": metric.name, "value": shown},
        "columns": columns,
        "rows": [row],
        "links": [None],
        "chart": "number",
        "examples": [],
    }


def helpful(why: str, area: str | None = None) -> dict[str, Any]:
    intro = _("I could not read this question as a figure of the ledger.")
    text = " ".join(t for t in (str(why), str(intro), _("You can ask, for example:")) if t)
    return {
        "understood": False,
        "interpretation": None,
        "text": text,
        "answer": "",
        "columns": [],
        "rows": [],
        "links": [],
        "chart": None,
        "examples": area_words.examples(area),
    }


def describe(slots: Slots) -> str:
    """The interpretation as a person reads it: 解决率 · 按下级单位 · 2026-01-01 至 2026-03-31."""
    parts = [metric_name(slots.metric)]
    if slots.group_by:
        parts.append(_("by %(dimension)s") % {"dimension": DIMENSIONS[slots.group_by].name})
    if slots.org:
        parts.append(slots.org.short_name or slots.org.name)
    if slots.category:
        parts.append(registry.category_label(slots.category))
    if slots.channel:
        parts.append(str(registry.CHANNELS[slots.channel]))
    if slots.urgency:
        parts.append(str(registry.URGENCIES[slots.urgency]))
    parts.append(
        _("%(start)s to %(end)s")
        % {"start": slots.period.start.isoformat(), "end": slots.period.end.isoformat()}
    )
    if slots.note:
        parts.append(slots.note)
    if slots.compare:
        parts.append(
            _("against the same period last year")
            if slots.compare == YOY
            else _("against the previous period")
        )
    if slots.order:
        high = slots.order == "desc"
        if slots.limit:
            parts.append((_("top %(n)s") if high else _("bottom %(n)s")) % {"n": slots.limit})
        else:
            parts.append(_("highest first") if high else _("lowest first"))
    return " · ".join(parts)


def metric_name(key: str) -> str:
    if key in METRICS:
        return str(METRICS[key].name)
    metric = hook.area_metric(key)
    return str(metric.name) if metric else key


def ledger_url(query: dict[str, str], metric: str) -> str:
    if metric == "overdue_count":
        query = {**query, "overdue": "1"}
    return reverse("cases:ledger") + "?" + urlencode(query)


def render(result: Answer, slots: Slots) -> dict[str, Any]:
    metric = result.metric
    value_header = str(metric.name) + (" (%)" if metric.unit == RATE else "")
    rate_headers = [_("Numerator"), _("Denominator")] if metric.unit == RATE else []

    def cells(summary) -> list:
        raw = metric.of(summary)
        extra = [raw.numerator, raw.denominator] if metric.unit == RATE else []
        return [metric.number(summary), *extra]

    total = metric.number(result.total)
    shown = "—" if total is None else str(total) + ("%" if metric.unit == RATE else "")
    if not slots.group_by:
        columns = [value_header, *rate_headers]
        rows = [cells(result.total)]
        links: list[str | None] = [ledger_url(result.ledger, metric.key)]
        chart = "number"
        answer = _("%(metric)s: %(value)s") % {"metric": metric.name, "value": shown}
    else:
        dimension = DIMENSIONS[slots.group_by]
        columns = [str(dimension.name), value_header, *rate_headers]
        rows = [[g.label, *cells(g.summary)] for g in result.groups]
        links = [ledger_url(g.ledger, metric.key) if g.ledger else None for g in result.groups]
        chart = dimension.chart
        if chart == "pie" and metric.unit != registry.COUNT:
            chart = "bar"
        answer = _("%(metric)s overall: %(value)s") % {"metric": metric.name, "value": shown}
        if slots.order and result.groups:
            first = result.groups[0]
            answer = _("%(label)s first: %(value)s") % {
                "label": first.label,
                "value": metric.number(first.summary),
            }
    return {
        "text": describe(slots),
        "answer": answer,
        "columns": columns,
        "rows": rows,
        "links": links,
        "chart": chart,
        "examples": [],
    }
