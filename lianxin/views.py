"""Project-level pages that compose the apps: the start page, the health check and the error pages."""

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from lianxin.cases.metrics import summary
from lianxin.cases.permissions import visible_cases
from lianxin.core import throttle
from lianxin.home import Menu, home_of
from lianxin.orgs.selectors import user_roles

logger = logging.getLogger("lianxin.errors")

# What a browser gets should even the error template fail to render (a broken install).
_LAST_RESORT = (
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>服务器出错</title>'
    "<h1>服务器出错了</h1><p>您刚才提交的内容<strong>没有保存</strong>。请稍后再试；"
    '职工可拨打 12351 工会热线反映诉求。</p><p><a href="/">返回首页</a> · <a href="/w/">职工反映诉求</a></p>'
)


@login_required
def home(request):
    """The start page, built from what the user may do now: their own cases, proposals and contest
    entries, entries waiting for their score, referrals waiting for their report, and for staff
    roles the ledger's headline figures for their scope."""
    menu = Menu(request.user)
    figures = summary(visible_cases(request.user)) if menu.ledger else None
    context = {
        "menu": menu,
        "roles": user_roles(user=request.user),
        "figures": figures,
        "tasks": home_of(request.user, menu),
    }
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """ok only when the database answers; `?write=1` also commits one small write (a full disk or a
    read-only database fails it). 503 otherwise, so a load balancer takes the instance out."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        if request.GET.get("write") == "1":
            _write_probe()
    except DatabaseError as error:
        logger.error("health check: the database failed: %s", error)
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _write_probe() -> None:
    """One committed write that touches nothing anyone reads: a rate counter of its own key."""
    key = throttle.throttle_key("healthz", "write-probe")
    throttle.hit(key, limit=2**31 - 1, window_seconds=60)


# ---- error pages: Chinese, standalone (no database, no context processor), with a way back ----


def _for_worker(request: HttpRequest) -> bool:
    return request.path.startswith("/w/")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    """The API's one error shape, for failures that happen before or outside its own handlers."""
    body = {"error": {"code": code, "message": str(message), "details": {}}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _page(request: HttpRequest, template: str, status: int, **extra: object) -> HttpResponse:
    """Render an error page from the template alone: nothing here may need the database."""
    context = {"for_worker": _for_worker(request), "request_path": request.path, **extra}
    try:
        html = loader.get_template(template).render(context)
    except Exception:
        logger.exception("the error page %s could not be rendered", template)
        html = _LAST_RESORT
    return HttpResponse(html, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _api_error(404, "api.not_found", _("Not found."))
    return _page(request, "404.html", 404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _api_error(403, "api.forbidden", _("You may not do this."))
    return _page(request, "403.html", 403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400, or 413 when the body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE allows."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    if _is_api(request):
        return _api_error(400, "api.bad_request", _("The request is not valid."))
    return defaults.bad_request(request, exception)


def too_large(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _api_error(413, "api.request_too_large", _("The request body is too large."))
    return _page(request, "413.html", 413)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: the page says nothing was saved and how to go on; Django has logged the traceback."""
    if _is_api(request):
        return _api_error(500, "api.server_error", _("Something went wrong on our side."))
    return _page(request, "500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form's CSRF check failed (an old page, cookies blocked): explain, and offer it again."""
    logger.warning("CSRF check failed on %s: %s", request.path, reason)
    again = (
        request.path if request.path.startswith("/") and not request.path.startswith("//") else "/"
    )
    return _page(request, "403_csrf.html", 403, again=again)
