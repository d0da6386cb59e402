"""The stations' pages: public (the list, nearest to me, a station, its QR poster) and the staff's
(the 站长's day on a phone, a station's figures, the stations in one's scope).

Each view translates to one selector or service call and back. A staff page of a station outside
the user's scope answers 404, exactly like an unknown code.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.core import clock
from lianxin.core.errors import DomainError, NotFound
from lianxin.members import qr
from lianxin.stations import geo, hours, metrics, services
from lianxin.stations.forms import PeriodForm, ServiceDayForm
from lianxin.stations.models import Station
from lianxin.stations.permissions import may_log, may_see_figures
from lianxin.stations.selectors import (
    by_district,
    keeps_stations,
    log_of_day,
    logs_of,
    nearest_stations,
    open_now,
    station_by_code,
    station_for_figures,
    station_for_log,
    stations_in_scope,
)

PAGE_SIZE = 25
NEAREST = 20
WEEKDAY_LABELS = [gettext_lazy("Monday"), gettext_lazy("Tuesday"), gettext_lazy("Wednesday"),
                  gettext_lazy("Thursday"), gettext_lazy("Friday"), gettext_lazy("Saturday"),
                  gettext_lazy("Sunday")]  # fmt: skip
# The figures' labels; a key without one (a figure another module adds) shows as its key.
FIGURE_LABELS = {
    "days_logged": gettext_lazy("Days logged"), "visitors": gettext_lazy("Visitors"),
    "meals_heated": gettext_lazy("Meals heated"), "charges": gettext_lazy("Charges"),
    "legal_consultations": gettext_lazy("Legal consultations"),
    "legal_resolved": gettext_lazy("Consultations resolved"),
    "legal_referred": gettext_lazy("Consultations referred"),
    "job_referrals": gettext_lazy("Job referrals"),
    "cases_raised": gettext_lazy("Concerns raised here"), "duty_days": gettext_lazy("Duty days"),
}  # fmt: skip


def _today() -> date:
    return timezone.localdate(clock.now())


def _public(code: str) -> Station:
    try:
        return station_by_code(code)
    except NotFound:
        raise Http404 from None


def distance_text(metres: float | None) -> str:
    if metres is None:
        return ""
    if metres < 1000:
        return _("%(m)d m") % {"m": round(metres)}
    return _("%(km).1f km") % {"km": metres / 1000}


def _row(station: Station, distance_m: float | None = None) -> dict[str, Any]:
    return {
        "station": station,
        "distance": distance_text(distance_m),
        "open_now": open_now(station),
    }


def station_list(request: HttpRequest) -> HttpResponse:
    """工会驿站: nearest to the phone's location (`?near=lat,lon`, asked with consent), else by district."""
    near, point = request.GET.get("near", ""), None
    if near:
        try:
            point = geo.parse_point(near)
        except ValueError:
            messages.warning(request, _("The location could not be read; the list is by district."))
    if point is not None:
        rows = [_row(n.station, n.distance_m) for n in nearest_stations(*point, limit=NEAREST)]
        context: dict[str, Any] = {"rows": rows, "near": near, "page": None}
    else:
        page = Paginator(by_district(), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"rows": [_row(s) for s in page.object_list], "near": "", "page": page}
    context["keeps_stations"] = keeps_stations(request.user)
    return render(request, "stations/list.html", context)


def worker_link(request: HttpRequest, station: Station) -> str:
    """The worker page with the station preset: the case gets the station as its site and org."""
    path = reverse("worker:submit") + "?" + urlencode({"site": station.code})
    return request.build_absolute_uri(path)


def station_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A station's public page: where, when, what it offers, open now or not, closed for good or not."""
    station = _public(code)
    week = [(WEEKDAY_LABELS[d], periods) for d, periods in hours.week(hours.parse(station.hours))]
    context = {
        "station": station, "open_now": open_now(station), "week": week,
        "geo": f"geo:{station.latitude},{station.longitude}?q={station.latitude},{station.longitude}({station.name})",
        "raise_url": reverse("worker:submit") + "?" + urlencode({"site": station.code}),
        "staff": may_see_figures(request.user, station),
    }  # fmt: skip
    return render(request, "stations/detail.html", context)


def _open_station(code: str) -> Station:
    station = _public(code)
    if station.closed:
        raise Http404
    return station


def poster(request: HttpRequest, code: str) -> HttpResponse:
    """The QR poster to print and hang at the station: it opens the worker page with the station preset."""
    station = _open_station(code)
    return render(
        request, "stations/poster.html", {"station": station, "link": worker_link(request, station)}
    )


def poster_svg(request: HttpRequest, code: str) -> HttpResponse:
    station = _open_station(code)
    data = qr.svg(worker_link(request, station), scale=8, title=_("Raise a concern"))
    return HttpResponse(data, content_type="image/svg+xml")


def poster_png(request: HttpRequest, code: str) -> HttpResponse:
    station = _open_station(code)
    response = HttpResponse(qr.png(worker_link(request, station)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="station-{station.code}.png"'
    return response


# ---- staff pages -----------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The stations the user keeps or oversees, with links to the day's log and the figures."""
    page = Paginator(stations_in_scope(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stations/mine.html", {"page": page})


def _day_asked(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return _today()


@login_required
def log_day(request: HttpRequest, code: str) -> HttpResponse:
    """The 站长's day on a phone: one small form; the same day again corrects that day's row."""
    try:
        station = station_for_log(request.user, code)
    except NotFound:
        raise Http404 from None
    if request.method == "POST":
        form = ServiceDayForm(request.POST)
        if form.is_valid():
            try:
                log = services.record_service_day(
                    actor=request.user, station_id=station.pk, day=form.cleaned_data["day"],
                    counts=form.counts(), note=form.cleaned_data["note"],
                )  # fmt: skip
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The day %(day)s is saved.") % {"day": log.day})
                return redirect(reverse("stations:log", args=[code]) + f"?day={log.day}")
    else:
        day = _day_asked(request)
        form = ServiceDayForm(initial=ServiceDayForm.initial_for(day, log_of_day(station, day)))
    recent = logs_of(station)[:7]
    return render(
        request, "stations/log.html", {"station": station, "form": form, "recent": recent}
    )


@login_required
def figures(request: HttpRequest, code: str) -> HttpResponse:
    """A station's figures over a period (the last 30 days by default) and its log, day by day."""
    try:
        station = station_for_figures(request.user, code)
    except NotFound:
        raise Http404 from None
    form = PeriodForm(request.GET or None)
    start, end = form.period(_today())
    rows = logs_of(station).filter(day__gte=start, day__lte=end)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    numbers = metrics.station_figures(station, start, end)
    rows_of_figures = [
        (FIGURE_LABELS.get(key, key), value, key)
        for key, value in numbers.items()
        if key not in ("station", "start", "end")
    ]
    context = {
        "station": station, "form": form, "figures": numbers, "figure_rows": rows_of_figures,
        "page": page, "query": query, "may_log": may_log(request.user, station),
    }  # fmt: skip
    return render(request, "stations/figures.html", context)
