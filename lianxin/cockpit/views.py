"""Cockpit pages: the leaders' dashboard, its Excel downloads, the question page (智能问数), and
the pages of the business areas the apps declare (core.areas).

They read through selectors and the registry only; the cockpit changes nothing.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.cases.metrics import Rate, Summary
from lianxin.cockpit import breakdowns, registry, selectors
from lianxin.cockpit.ask.answering import ask
from lianxin.cockpit.ask.vocabulary import EXAMPLES
from lianxin.cockpit.registry import METRICS, RATE, Filters, Group, Query
from lianxin.core import clock
from lianxin.core.areas import COUNT, DAYS, YUAN, AreaMetric, area, area_metrics, areas, memo
from lianxin.core.areas import RATE as AREA_RATE
from lianxin.core.errors import InvalidInput
from lianxin.core.excel import xlsx_response
from lianxin.core.routers import replica_reads

PERIOD_LABELS = {
    "month": gettext_lazy("This month"),
    "quarter": gettext_lazy("This quarter"),
    "year": gettext_lazy("This year"),
    "12m": gettext_lazy("Last 12 months"),
}
RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


def ledger_url(query: dict[str, str]) -> str:
    return reverse("cases:ledger") + "?" + urlencode(query)


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: str
    detail: str
    change: str
    trend: str  # "up-good", "up-bad", "down-good", "down-bad", "flat"
    link: str


def _shown(metric_key: str, summary: Summary) -> tuple[str, str]:
    value = getattr(summary, metric_key)
    if isinstance(value, Rate):
        return (
            "—" if value.percent is None else f"{value.percent}%"
        ), f"{value.numerator}/{value.denominator}"
    return str(value), ""


def _change(metric_key: str, now: Summary, before: Summary) -> tuple[str, str]:
    """The change against the earlier period: percentage points for rates, cases for counts."""
    metric = METRICS[metric_key]
    a, b = metric.number(now), metric.number(before)
    if a is None or b is None:
        return "", "flat"
    delta = round(a - b, 1)
    if delta == 0:
        return _("no change"), "flat"
    better = (delta > 0) == metric.higher_is_better
    unit = _("pts") if metric.unit == RATE else ""
    text = f"{'+' if delta > 0 else ''}{delta:g}{unit}"
    return text, f"{'up' if delta > 0 else 'down'}-{'good' if better else 'bad'}"


# The ledger filter behind a tile, beyond the period's.
TILE_FILTERS = {"open_count": {"status": "open"}, "overdue_count": {"overdue": "1"}}


def tiles(board: selectors.Dashboard) -> list[Tile]:
    """三率, open, overdue, and new this month — each with its change and its ledger rows."""
    period_query = board.filters.ledger()
    out = []
    for key in (*RATES, "open_count", "overdue_count"):
        value, detail = _shown(key, board.current)
        change, trend = _change(key, board.current, board.previous)
        query = period_query | TILE_FILTERS.get(key, {})
        out.append(
            Tile(key, str(METRICS[key].name), value, detail, change, trend, ledger_url(query))
        )
    change, trend = _change("case_count", board.this_month, board.last_month)
    month = period_query | {"date_from": board.period.end.replace(day=1).isoformat()}
    out.append(
        Tile("new_this_month", _("New this month"), str(board.this_month.case_count),
             _("same days last month: %(n)s") % {"n": board.last_month.case_count},
             change, trend, ledger_url(month))
    )  # fmt: skip
    return out


def chart_data(groups: list[Group]) -> list[dict[str, Any]]:
    """What a chart draws and where a click on it goes."""
    return [
        {
            "key": str(g.key),
            "name": g.label,
            "value": g.summary.case_count,
            "resolution": g.summary.resolution_rate.percent,
            "satisfaction": g.summary.satisfaction_rate.percent,
            "overdue": g.summary.overdue_count,
            "link": ledger_url(g.ledger) if g.ledger else None,
        }
        for g in groups
    ]


def _org(request):
    """The org whose figures are shown: ?org=<code> inside the user's scope, else their scope."""
    if code := request.GET.get("org"):
        org = selectors.find_scope_org(request.user, code)
        if org is None:
            raise Http404(_("No such organisation in your scope."))
        return org
    return selectors.scope_org(request.user)


def _board(request) -> selectors.Dashboard:
    user, now = request.user, clock.now()
    org = _org(request)
    period = selectors.dashboard_period(request.GET.get("period", "year"), selectors.today(now))
    return selectors.dashboard(user=user, org=org, period=period, now=now)


@login_required
@replica_reads
def dashboard(request):
    """驾驶舱: the scope's figures at a glance, every one a link to the ledger rows behind it."""
    board = _board(request)
    query = {k: v for k, v in request.GET.items() if k in ("org", "period")}
    charts = {
        "trend": chart_data(board.trend),
        "category": chart_data(board.by_category),
        "channel": chart_data(board.by_channel),
        "child": chart_data(board.by_child),
    }
    context = {
        "board": board,
        "tiles": tiles(board),
        "charts": charts,
        "periods": PERIOD_LABELS,
        "period": board.period.key,
        "query": urlencode(query),
        "org": board.org,
        "parents": list(board.org.ancestors()) if board.org else [],
        "wall": request.GET.get("wall") == "1",
        "areas": areas(),  # the area switcher, keeping the org looked at
        "keep": urlencode({"org": board.org.code}) if request.GET.get("org") and board.org else "",
        "overdue_link": ledger_url(
            board.filters.ledger() | {"overdue": "1", "sort": "resolution_due"}
        ),
    }
    return render(request, "cockpit/dashboard.html", context)


EXPORTS = {
    "trend": gettext_lazy("Month"),
    "category": gettext_lazy("Category"),
    "channel": gettext_lazy("Channel"),
    "child": gettext_lazy("Sub-organisation"),
}


def _row(label: str, s: Summary) -> list[Any]:
    row: list[Any] = [label]
    for metric in METRICS.values():
        value = metric.of(s)
        if isinstance(value, Rate):
            row += [value.percent, value.numerator, value.denominator]
        else:
            row.append(metric.number(s))
    return row


def _headers(first: str) -> list[str]:
    headers = [first]
    for metric in METRICS.values():
        name = str(metric.name)
        if metric.unit == RATE:
            headers += [f"{name} (%)", f"{name} · {_('Numerator')}", f"{name} · {_('Denominator')}"]
        else:
            headers.append(name)
    return headers


EXPORT_DIMENSIONS = {
    "trend": "month",
    "category": "category",
    "channel": "channel",
    "child": "child",
}


@login_required
def export(request, chart: str):
    """A chart's data as Excel: every metric of every group (rates with numerator and
    denominator), computed by the registry over the same slice the chart shows."""
    if chart not in EXPORTS:
        raise Http404(_("No such chart."))
    user, now = request.user, clock.now()
    org = _org(request)
    period = selectors.dashboard_period(request.GET.get("period", "year"), selectors.today(now))
    start = selectors.trend_start(period) if chart == "trend" else period.start
    query = Query(
        metric="case_count",
        group_by=EXPORT_DIMENSIONS[chart],
        filters=Filters(start=start, end=period.end, org=org),
    )
    result = registry.answer(query, base=selectors.scoped_base(user, org), org=org, now=now)
    rows = [_row(g.label, g.summary) for g in result.groups]
    rows.append([_("Sum of all rows"), *_row("", result.total)[1:]])
    name = (org.short_name or org.name) if org else _("All")
    return xlsx_response(
        filename=f"{name}-{chart}-{start}-{period.end}.xlsx",
        sheet=str(EXPORTS[chart]),
        headers=_headers(str(EXPORTS[chart])),
        rows=rows,
    )


@login_required
def ask_page(request):
    """智能问数: a question box; the answer shows how the question was read, a table and a chart."""
    question = (request.POST.get("question") or request.GET.get("q") or "").strip()[:200]
    result = (
        ask(user=request.user, question=question, today=None, now=clock.now()) if question else None
    )
    context = {"question": question, "result": result, "examples": EXAMPLES}
    template = "cockpit/_answer.html" if request.htmx else "cockpit/ask.html"
    return render(request, template, context)


# ---- the business areas: one page per area the apps declared (core.areas) ----------------------


class AreaPeriodForm(forms.Form):
    start = forms.DateField(required=False, label=gettext_lazy("From"))
    end = forms.DateField(required=False, label=gettext_lazy("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The period must start before it ends."))
        if start and end and (end - start).days > selectors.MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("A period may span ten years at most."))
        return data


def _area_period(request) -> tuple[AreaPeriodForm, selectors.AreaPeriod]:
    """The period asked for (an invalid one: the default, with the form's errors shown)."""
    form = AreaPeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = selectors.today(clock.now())
    try:
        return form, selectors.area_period(data.get("start"), data.get("end"), today)
    except InvalidInput as refused:  # a start alone, decades back: the default, and why
        form.add_error(None, refused.message)
        return form, selectors.area_period(None, None, today)


UNITS = {COUNT: "", YUAN: gettext_lazy("yuan"), DAYS: gettext_lazy("days")}


def _number(value: float | int | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == AREA_RATE:
        return f"{value:g}%"
    shown = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{shown} {UNITS.get(unit, '')}".strip()


def _change_text(
    comparison: selectors.Comparison | None, metric: AreaMetric, pending: int = 0
) -> dict[str, str]:
    """ "+3 (+20%)" for counts, "+2.5 pts" for rates, "no data" when a side has none."""
    if comparison is None:
        return {"text": "", "trend": "flat", "before": ""}
    c = comparison.change
    before = _number(comparison.number, metric.unit)
    if c.delta is None:
        return {"text": _("no data"), "trend": "flat", "before": before}
    sign = "+" if c.delta > 0 else ""
    text = f"{sign}{c.delta:g}" + (_("pts") if metric.unit == AREA_RATE else "")
    if c.percent is not None:
        text += f" ({'+' if c.percent > 0 else ''}{c.percent:g}%)"
    better = (c.delta > 0) == metric.higher_is_better
    trend = "flat" if c.direction == "flat" else f"{c.direction}-{'good' if better else 'bad'}"
    if pending or comparison.not_yet_due:
        trend = "not-yet-due"  # not judged good or bad: a side is not final
    return {"text": text, "trend": trend, "before": before}


def area_tile(figure: selectors.MetricFigure) -> dict[str, Any]:
    """What a tile shows of a metric: its value, numerator/denominator for a rate, 同比 and 环比."""
    metric = figure.metric
    detail = ""
    if figure.denominator is not None:
        detail = f"{figure.numerator}/{figure.denominator}"
    return {
        "key": metric.key,
        "name": str(metric.name),
        "definition": str(metric.definition),
        "value": _number(figure.number, metric.unit),
        "no_data": figure.value is None or (metric.unit == AREA_RATE and figure.number is None),
        "detail": detail,
        "year": _change_text(figure.same_period_last_year, metric, figure.not_yet_due),
        "previous": _change_text(figure.previous_period, metric, figure.not_yet_due),
        "not_yet_due": figure.not_yet_due,
        "previous_span": figure.previous_period,
    }


def _areas_context(request, current: str | None) -> dict[str, Any]:
    org = _org(request)
    form, period = _area_period(request)
    keep = {k: v for k, v in request.GET.items() if k in ("org", "start", "end") and v}
    return {
        "org": org,
        "form": form,
        "period": period,
        "year_span": selectors.same_period_last_year(period.start, period.end),
        "previous_span": selectors.previous_period(period.start, period.end),
        "areas": areas(),
        "current_area": current,
        "keep": urlencode(keep),
        "picker": selectors.picker_orgs(request.user, org),
    }


@login_required
@replica_reads
def areas_page(request):
    """Every business area on one page: a card per area with its headline, 同比 and 环比."""
    context = _areas_context(request, None)
    cards = selectors.area_headlines(
        user=request.user, org=context["org"], period=context["period"]
    )
    context["cards"] = [
        {"area": c.area, "tile": area_tile(c.headline) if c.headline else None} for c in cards
    ]
    return render(request, "cockpit/areas.html", context)


@login_required
def area_page(request, key: str):
    """One business area: a tile per metric it declared, for a period and an org in scope."""
    found = area(key)
    if found is None:
        raise Http404(_("No such area."))
    context = _areas_context(request, key)
    figures = selectors.area_figures(
        found, user=request.user, org=context["org"], period=context["period"]
    )
    context |= {"area": found, "tiles": [area_tile(f) for f in figures.figures]}
    context |= {
        "dimensions": breakdowns.DIMENSION_NAMES,
        "breakdown": _breakdown(request, found, context),
    }
    return render(request, "cockpit/areas_detail.html", context)


def _breakdown(request, found: Any, context: dict[str, Any]) -> dict[str, Any] | None:
    """`?by=month` or `?by=child`: the area's metrics that accept it, one column each."""
    by = request.GET.get("by", "")
    if by not in breakdowns.DIMENSION_NAMES:
        return None
    metrics = list(breakdowns.accepting(area_metrics(found.key), by))
    user, org, period = request.user, context["org"], context["period"]
    groups = breakdowns.slices(user, by, period, org)
    with memo():
        columns = [
            breakdowns.metric_breakdown(m, by, user=user, org=org, period=period, groups=groups)
            for m in metrics
        ]
    rows = [
        {"key": g.key, "label": g.label,
         "cells": [_number(col[i].number, m.unit) for col, m in zip(columns, metrics, strict=True)]}
        for i, g in enumerate(groups)
    ]  # fmt: skip
    return {"by": by, "name": breakdowns.DIMENSION_NAMES[by], "metrics": metrics, "rows": rows}
