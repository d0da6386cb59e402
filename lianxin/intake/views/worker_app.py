"""The worker page as an installable app: its web app manifest and its service worker.

Both are served under /w/ (not /static/) so that the service worker's scope is the worker's pages;
the service worker is a template because the static files it keeps for offline use have hashed
names. Neither says anything about a person or a case, so both are public and cacheable only
briefly (a new deployment must reach the phones).
"""

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME_COLOUR = "#b3261e"  # the navbar's red (lianxin.css)
# What the page needs to open with no signal: its own files and Bootstrap from vendor/.
OFFLINE_ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "lianxin/lianxin.css",
    "lianxin/keep_text.js",
    "insights/suggest.js",
    "django_htmx/htmx-2.min.js",
    "worker/outbox_store.js",
    "worker/outbox.js",
    "worker/icon.svg",
    "worker/icon-192.png",
    "worker/icon-512.png",
)


@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: 连心桥 on the home screen, opening the worker page full screen."""
    start = reverse("worker:submit")
    icons = [
        {"src": static("worker/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("worker/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("worker/icon-512.png"), "sizes": "512x512", "type": "image/png"},
    ]
    body = {
        "name": _("Lianxin"), "short_name": _("Lianxin"),
        "description": _("Raise a concern with your union, even with a weak signal."),
        "lang": "zh-CN", "start_url": start, "scope": start, "id": start,
        "display": "standalone", "theme_color": THEME_COLOUR, "background_color": "#ffffff",
        "icons": icons,
    }  # fmt: skip
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker (our own script): the worker's pages network-first with a kept copy,
    the static files they use kept, and the outbox of concerns written offline sent again."""
    assets = [static(path) for path in OFFLINE_ASSETS]
    values = {
        "assets": assets,
        "store": static("worker/outbox_store.js"),
        "pages": [reverse("worker:submit")],
        "scope": reverse("worker:submit"),
        "search": reverse("worker:org_search"),
    }
    context: dict[str, str] = {name: json.dumps(value) for name, value in values.items()}
    context["version"] = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
    script = render_to_string("intake/worker/sw.js", context, request=request)
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
