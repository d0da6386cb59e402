"""HTTP as third-party clients expect it of the REST API (/api/), in one middleware.

- `/api/cases` and `/api/cases/` both answer (the form that names a route is used, no redirect:
  a redirected POST loses its body in most clients);
- a POST, PUT or PATCH with no body reads as `{}` (a workflow move with nothing to say);
- HEAD answers as GET without the body; OPTIONS answers 204 with `Allow`; another method 405 in
  the one error shape, with `Allow`;
- a weak `ETag` from the body's hash on every successful GET, `304 Not Modified` on a matching
  `If-None-Match` (`Cache-Control: private, no-cache`: the answer is the caller's own);
- gzip when the client accepts it, on JSON answers only (they echo no secret or CSRF token, so
  BREACH has nothing to guess);
- rate limits with `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, and 429 with
  `Retry-After`: per client for every request (LIANXIN_API_RATE), and per address for wrong
  tokens (LIANXIN_API_BAD_TOKEN_RATE).
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.urls import is_valid_path
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _

from lianxin.core.rates import Decision, Rate, take
from lianxin.core.throttle import client_ip, throttle_key

API_PREFIX = "/api/"
WRITES = frozenset({"POST", "PUT", "PATCH"})


class ApiHttpMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        _match_slash(request)
        _empty_body_as_json(request)
        refused, decision = _limit(request)
        if refused is not None:
            return refused
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        response = self.get_response(request)
        if head:
            request.method = "HEAD"
        response = _methods(request, response)
        _count_bad_token(request, response)
        response = _conditional(request, response)
        if decision is not None:
            _rate_headers(response, decision)  # on a 304 too: it was counted
        if response.get("Content-Type", "").startswith("application/json"):
            response = self.gzip.process_response(request, response)
        if head and isinstance(response, HttpResponse):
            response.content = b""
        return response


def _match_slash(request: HttpRequest) -> None:
    """Route `/api/x/` as `/api/x` (or the other way) when only the other form names a route."""
    urlconf = getattr(request, "urlconf", None)
    path = request.path_info
    if is_valid_path(path, urlconf):
        return
    other = path.rstrip("/") if path.endswith("/") else f"{path}/"
    if other != path and is_valid_path(other, urlconf):
        request.path_info = other
        request.path = request.path[: len(request.path) - len(path)] + other


def _empty_body_as_json(request: HttpRequest) -> None:
    if request.method not in WRITES or (request.content_type or "").startswith("multipart/"):
        return
    if int(request.META.get("CONTENT_LENGTH") or 0) == 0:
        request._body = b"{}"
        request.META["CONTENT_TYPE"] = "application/json"
        request.content_type = "application/json"


# ---- rate limits --------------------------------------------------------------------------------


def _rate(name: str) -> Rate | None:
    return Rate.parse(getattr(settings, name, None))


def _client_key(request: HttpRequest) -> str:
    """The token, else the session, else the address: one bucket per client."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        return throttle_key("api-rate-token", header)
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if session:
        return throttle_key("api-rate-session", session)
    return throttle_key("api-rate-ip", client_ip(request))


def _bad_token_key(request: HttpRequest) -> str:
    return throttle_key("api-bad-token", client_ip(request))


def _limit(request: HttpRequest) -> tuple[HttpResponse | None, Decision | None]:
    """(a 429, None) when the client is over a limit; else (None, what the request left)."""
    bad_rate = _rate("LIANXIN_API_BAD_TOKEN_RATE")
    if bad_rate and request.META.get("HTTP_AUTHORIZATION"):
        blocked = take(_bad_token_key(request), bad_rate, charge=False)
        if not blocked.allowed:
            return _too_many(blocked), None
    rate = _rate("LIANXIN_API_RATE")
    if rate is None:
        return None, None
    decision = take(_client_key(request), rate)
    return (None if decision.allowed else _too_many(decision)), decision


def _count_bad_token(request: HttpRequest, response: HttpResponseBase) -> None:
    bad_rate = _rate("LIANXIN_API_BAD_TOKEN_RATE")
    if bad_rate and response.status_code == 401 and request.META.get("HTTP_AUTHORIZATION"):
        take(_bad_token_key(request), bad_rate)


def _too_many(decision: Decision) -> HttpResponse:
    message = _("Too many requests: try again in %(seconds)s seconds.") % {
        "seconds": decision.retry_after
    }
    response = _error(429, "api.rate_limited", message, {"retry_after": decision.retry_after})
    response["Retry-After"] = str(decision.retry_after)
    _rate_headers(response, decision)
    return response


def _rate_headers(response: HttpResponseBase, decision: Decision) -> None:
    response["RateLimit-Limit"] = str(decision.limit)
    response["RateLimit-Remaining"] = str(decision.remaining)
    response["RateLimit-Reset"] = str(decision.reset)


# ---- methods and conditional requests -----------------------------------------------------------


def _methods(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """OPTIONS answers with `Allow`; a refused method in the error shape, HEAD and OPTIONS allowed."""
    if response.status_code != 405 or not response.has_header("Allow"):
        return response
    allowed = {m.strip() for m in response["Allow"].split(",") if m.strip()} | {"OPTIONS"}
    if "GET" in allowed:
        allowed.add("HEAD")
    if request.method == "OPTIONS":
        answer = HttpResponse(status=204)
    else:
        answer = _error(405, "api.method_not_allowed", _("This method is not allowed here."), {})
    answer["Allow"] = ", ".join(sorted(allowed))
    return answer


def _conditional(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if not isinstance(response, HttpResponse) or response.has_header("ETag"):
        return response
    response["ETag"] = f'W/"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response.setdefault("Cache-Control", "private, no-cache")
    patch_vary_headers(response, ("Authorization", "Cookie", "Accept-Language"))
    last_modified = response.get("Last-Modified")
    since = parse_http_date_safe(last_modified) if last_modified else None
    answer = get_conditional_response(
        request, etag=response["ETag"], last_modified=since, response=response
    )
    return answer or response


def _error(status: int, code: str, message: str, details: dict) -> JsonResponse:
    body = {"error": {"code": code, "message": str(message), "details": details}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
