"""POST /floor/cases: parse the JSON body, insert one cases_case row, answer 201 with its number.

The row has the same columns the REST API's registration writes; the org and the category are
looked up by code like the API does, the deadlines are fixed offsets and the number comes from a
per-process counter, so what remains is Django itself: routing, middleware, JSON, one INSERT.
"""

import itertools
import json
import os
import secrets
from datetime import timedelta

from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from lianxin.cases.models import Case, Category
from lianxin.orgs.models import Org

_numbers = itertools.count(1)
_run = secrets.token_hex(2)


@csrf_exempt
def register(request):
    data = json.loads(request.body)
    org = Org.objects.get(code=data["origin_org"])
    category = Category.objects.get(key=data["category"])
    now = timezone.now()
    case = Case.objects.create(
        number=f"FL{_run}-{os.getpid()}-{next(_numbers)}",
        title=data["title"],
        description=data["description"],
        category=category,
        channel=data["channel"],
        urgency=data.get("urgency", "ordinary"),
        origin_org=org,
        owner_org_id=org.parent_id if org.kind == "team" else org.pk,
        is_anonymous=data.get("is_anonymous", False),
        worker_name=data.get("worker_name", ""),
        worker_phone=data.get("worker_phone", ""),
        registered_at=now,
        response_due=now + timedelta(days=1),
        resolution_due=now + timedelta(days=7),
    )
    return JsonResponse({"number": case.number}, status=201)


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [path("floor/cases", register), path("healthz", healthz)]
