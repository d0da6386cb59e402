"""The REST API: one NinjaAPI under /api/, every app's router, and the one error shape of every failure.

Like `lianxin/urls.py`, this module composes the apps; no app imports it.

`{"error": {"code", "message", "details"}}`: codes are stable English, messages in the request's
language (Accept-Language: zh-Hans or en). A move the workflow refuses answers 409, a move the
caller's role may not make 403, anything outside the caller's scope 404, exactly like a missing
object; even a server error answers in this shape (and is logged with its traceback).
"""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from lianxin.activities.api import router as activities_router
from lianxin.api.auth import API_AUTH
from lianxin.api.openapi import finish
from lianxin.cases.api import router as cases_router
from lianxin.cockpit.api import router as cockpit_router
from lianxin.contests.api import router as contests_router
from lianxin.core.api import ERROR_CODES, ErrorOut
from lianxin.core.error_catalogue import error_codes
from lianxin.core.errors import DomainError
from lianxin.insights.api import router as insights_router
from lianxin.jobs.api import router as jobs_router
from lianxin.members.api import router as members_router
from lianxin.orgs.api import router as orgs_router
from lianxin.proposals.api import router as proposals_router
from lianxin.skills.api import router as skills_router
from lianxin.stations.api import router as stations_router
from lianxin.welfare.api import router as welfare_router


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Chinese as UTF-8, not \\uXXXX escapes (as Open311 answers)."""

    json_dumps_params = {"ensure_ascii": False}


class LianxinAPI(NinjaAPI):
    """NinjaAPI whose schema documents the one error shape on every operation of every app.

    The handlers below answer for the whole API (any router), so every operation can answer them.
    """

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components.setdefault("ErrorOut", error_schema)
        for operations in schema["paths"].values():
            for operation in operations.values():
                _document_errors(operation)
        schema["info"]["description"] += _code_list()
        return finish(schema)


# The API's own codes, beside the domain's (core.error_catalogue reads those from the source).
API_CODES = [
    "api.bad_request", "api.forbidden", "api.http_error", "api.invalid_request",
    "api.method_not_allowed", "api.not_found", "api.rate_limited", "api.request_too_large",
    "api.server_error", "api.unauthorized",
]  # fmt: skip


def _code_list() -> str:
    codes = sorted({*API_CODES, *error_codes()})
    return "\n\nError codes (`error.code`, stable): " + ", ".join(f"`{c}`" for c in codes) + "."


def _document_errors(operation: dict) -> None:
    responses = operation.setdefault("responses", {})
    present = {int(code) for code in responses}
    for code in sorted(ERROR_CODES - present):
        if code == 401 and not operation.get("security"):
            continue  # a public operation never asks for credentials
        responses[code] = {
            "description": HTTPStatus(code).phrase,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }


api = LianxinAPI(
    title="Lianxin API",
    version="1",
    description=(
        "The ledger of workers' concerns (连心桥). Authenticate with a personal token: "
        "`Authorization: Bearer <token>` (create one on your profile page, /accounts/tokens/). "
        'Errors: `{"error": {"code", "message", "details"}}`.'
    ),
    auth=API_AUTH,
    renderer=Utf8JSONRenderer(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", cases_router)
api.add_router("/", orgs_router)
api.add_router("/", cockpit_router)
api.add_router("/contests/", contests_router)
api.add_router("/", insights_router)
api.add_router("/proposals", proposals_router)
api.add_router("/", members_router)
api.add_router("/welfare/", welfare_router)
api.add_router("/stations", stations_router)
api.add_router("/activities", activities_router)
api.add_router("/skills", skills_router)
api.add_router("/jobs", jobs_router)

logger = logging.getLogger("django.request")


def error_response(
    request: HttpRequest, status: int, code: str, message: str, details: dict | None = None
) -> HttpResponse:
    body = {"error": {"code": code, "message": str(message), "details": details or {}}}
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(request, exc.http_status, exc.code, exc.message, exc.details)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in exc.errors
    ]
    return error_response(
        request, 422, "api.invalid_request", _("The request is not valid."), {"errors": errors}
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error_response(
        request,
        401,
        "api.unauthorized",
        _("Sign in, or send a valid API token: Authorization: Bearer <token>."),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "api.not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own refusals (a body that is not JSON, a failed CSRF check), translated."""
    known = {
        400: ("api.bad_request", _("The request body is not valid JSON.")),
        403: ("api.forbidden", _("The CSRF check failed: send the CSRF token, or use a token.")),
    }
    code, message = known.get(exc.status_code, ("api.http_error", _("The request was refused.")))
    return error_response(request, exc.status_code, code, message)


@api.exception_handler(RequestDataTooBig)
def on_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    max_bytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error_response(
        request, 413, "api.request_too_large", _("The request body is too large."),
        {"max_bytes": max_bytes},
    )  # fmt: skip


@api.exception_handler(Exception)
def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("Internal Server Error: %s", request.path, exc_info=exc)
    return error_response(request, 500, "api.server_error", _("Something went wrong on our side."))
