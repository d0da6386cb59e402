"""The GeoReport v2 endpoints: parse what the client sent, call one service or read, render.

These are an API for third-party client apps, not pages: they take no cookies and no session, so
CSRF protection (which guards a signed-in browser's cookies) has nothing to protect here and is
exempted; posting is authorised by the `api_key` parameter alone, as the spec has it.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lianxin.core.errors import DomainError, NotFound
from lianxin.intake.open311 import forms, rendering, spec
from lianxin.intake.services import open311 as open311_services

View = Callable[..., HttpResponse]


def endpoint(*methods: str) -> Callable[[View], View]:
    """An Open311 method: XML unless `.json` is asked for, and every refusal in the spec's shape."""

    def wrap(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def handler(request: HttpRequest, fmt: str | None = None, **kwargs) -> HttpResponse:
            fmt = fmt or "xml"
            if request.method not in methods:
                message = _("Method %(method)s is not allowed here.") % {"method": request.method}
                response = rendering.errors([(405, message)], fmt, status=405)
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, fmt, **kwargs)
            except DomainError as error:
                return rendering.refusal(error, fmt)

        return handler

    return wrap


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    url = request.build_absolute_uri(reverse("open311:root"))
    return rendering.respond(spec.discovery(url=url.rstrip("/")), fmt, root="discovery")


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    forms.jurisdiction_of(request.GET)
    entries = [spec.service_entry(c) for c in open311_services.services()]
    return rendering.respond(entries, fmt, root="services")


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    forms.jurisdiction_of(request.GET)
    category = open311_services.service(service_code)
    return rendering.respond(spec.service_definition(category), fmt, root="service_definition")


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    found = open311_services.find_requests(forms.requests_query(request.GET))
    entries = [spec.request_entry(r) for r in found]
    return rendering.respond(entries, fmt, root="service_requests")


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    key = open311_services.key_for(request.POST.get("api_key") or request.GET.get("api_key", ""))
    form = forms.PostRequestForm(request.POST)
    if not form.is_valid():
        return rendering.errors([(400, p) for p in form.problems()], fmt, status=400)
    category = open311_services.service(form.cleaned_data["service_code"])
    posted = open311_services.post_request(
        key=key,
        category=category,
        jurisdiction=form.jurisdiction(),
        place=form.place(),
        description=form.cleaned_data["description"],
        media_url=form.cleaned_data["media_url"],
        requester=form.requester(),
        details=spec.details_from(category, forms.attributes(request.POST)),
    )
    return rendering.respond([spec.posted_entry(posted)], fmt, root="service_requests", status=201)


@endpoint("GET")
def request_detail(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    jurisdiction = forms.jurisdiction_of(request.GET)
    found = open311_services.request_by_id(service_request_id, jurisdiction=jurisdiction)
    return rendering.respond([spec.request_entry(found)], fmt, root="service_requests")


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    forms.jurisdiction_of(request.GET)
    found = open311_services.request_by_token(token)
    return rendering.respond([spec.token_entry(found)], fmt, root="service_requests")


@endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def unknown(request: HttpRequest, fmt: str, path: str = "") -> HttpResponse:
    """Any other URL under /open311/v2/ answers in the spec's error shape, not an HTML page."""
    raise NotFound(
        _("No such Open311 resource: see discovery.xml for what there is."),
        code="open311.not_found",
    )
