"""Project-level pages that compose the apps: the start page and the health check."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from lianxin.orgs.selectors import user_roles


@login_required
def home(request):
    """The signed-in user's start page: who they are, where they hold roles, where to go next."""
    return render(request, "home.html", {"roles": user_roles(user=request.user)})


def healthz(request):
    return JsonResponse({"status": "ok"})
