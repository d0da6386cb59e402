"""The GeoReport v2 endpoints: parse what the client sent, call one service or read, render.

These are an API for third-party client apps, not pages: they take no cookies and no session, so
CSRF protection (which guards a signed-in browser's cookies) has nothing to protect here and is
exempted; posting is authorised by the `api_key` parameter alone, as the spec has it.

Browser apps on other origins may call it when their origin is listed in the setting
LIANXIN_OPEN311_CORS_ORIGINS (none by default): their answers carry Access-Control-Allow-Origin and
a preflight (OPTIONS) is answered. No cookie is ever involved, so credentials are never allowed.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lianxin.core.errors import DomainError, NotFound
from lianxin.intake.open311 import forms, rendering, spec
from lianxin.intake.services import open311 as open311_services

View = Callable[..., HttpResponse]
# The bodies the spec posts: form fields (a photo may come as multipart).
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
PREFLIGHT_MAX_AGE = 86400


def endpoint(*methods: str) -> Callable[[View], View]:
    """An Open311 method: XML unless `.json` is asked for, and every refusal in the spec's shape."""

    def wrap(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def handler(request: HttpRequest, fmt: str | None = None, **kwargs) -> HttpResponse:
            response = _answer(view, methods, request, fmt or "xml", **kwargs)
            return _with_cors(request, response, methods)

        return handler

    return wrap


def _answer(view: View, methods: tuple[str, ...], request: HttpRequest, fmt: str, **kwargs):
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = ", ".join((*methods, "OPTIONS"))
        return response
    if request.method not in methods:
        message = _("Method %(method)s is not allowed here.") % {"method": request.method}
        response = rendering.errors([(405, message)], fmt, status=405)
        response["Allow"] = ", ".join((*methods, "OPTIONS"))
        return response
    try:
        return view(request, fmt, **kwargs)
    except DomainError as error:
        return rendering.refusal(error, fmt)


def _with_cors(request: HttpRequest, response: HttpResponse, methods: tuple[str, ...]):
    """Access-Control-* headers for an origin the setting allows; none for any other."""
    patch_vary_headers(response, ["Origin"])
    origin = request.headers.get("Origin", "")
    allowed = settings.LIANXIN_OPEN311_CORS_ORIGINS
    if not origin or not (origin in allowed or "*" in allowed):
        return response
    response["Access-Control-Allow-Origin"] = origin if origin in allowed else "*"
    if request.method == "OPTIONS":
        response["Access-Control-Allow-Methods"] = ", ".join((*methods, "OPTIONS"))
        response["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


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
    if request.content_type not in FORM_TYPES and (request.body or request.content_type):
        return _not_form(request, fmt)
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


def _not_form(request: HttpRequest, fmt: str) -> HttpResponse:
    """A JSON (or any other) body is not read as missing fields: the client is told the format."""
    message = _(
        "Post a request as form fields (application/x-www-form-urlencoded or multipart/form-data),"
        " not as %(type)s: the GeoReport v2 specification reads no JSON body."
    ) % {"type": request.content_type or _("an untyped body")}
    response = rendering.errors([(415, message)], fmt, status=415)
    response["Accept-Post"] = ", ".join(sorted(FORM_TYPES))
    return response


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
