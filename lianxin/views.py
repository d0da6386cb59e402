"""Project-level pages that compose the apps: the start page and the health check."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from lianxin.cases.metrics import summary
from lianxin.cases.permissions import visible_cases
from lianxin.orgs.selectors import user_roles


@login_required
def home(request):
    """The start page: the user's roles and the ledger's headline figures for their scope."""
    cases = visible_cases(request.user)
    context = {"roles": user_roles(user=request.user), "figures": summary(cases)}
    return render(request, "home.html", context)


def healthz(request):
    return JsonResponse({"status": "ok"})
