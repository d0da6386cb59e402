"""站内消息: the signed-in user's inbox, and where their notices also go (e-mail, SMS)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianxin.core import selectors, services
from lianxin.core.models import Channel
from lianxin.core.notifications import KIND_LABELS, enabled_channels, wants
from lianxin.core.phones import normalise_phone

PAGE_SIZE = 20


def _me(request: HttpRequest) -> User:
    """The signed-in user (every view here requires one)."""
    assert isinstance(request.user, User)  # login_required guarantees it
    return request.user


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.inbox_of(user=_me(request))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/inbox/list.html", {"page": page, "query": ""})


@login_required
def open_message(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a message marks it read and goes to what it is about."""
    note = services.mark_read(user=_me(request), pk=pk)
    if note is None:
        raise Http404(_("No such message."))
    link = note.link
    safe = link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()})
    return redirect(link if safe else "inbox:list")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=_me(request))
    messages.success(request, _("%(count)s messages marked read.") % {"count": count})
    return redirect("inbox:list")


def _grid(kinds: list[str], channels: list[str], request: HttpRequest) -> list[dict]:
    choices = selectors.choices_of(user=_me(request))
    rows = []
    for kind in ["", *kinds]:
        label = _("All notices") if not kind else KIND_LABELS.get(kind, kind)
        cells = [
            {"name": f"{channel}:{kind}", "on": wants(choices, kind, channel, has_address=True)}
            for channel in channels
        ]
        rows.append({"kind": kind, "label": label, "cells": cells})
    return rows


@login_required
def channel_settings(request: HttpRequest) -> HttpResponse:
    channels = [c for c in Channel.values if c in enabled_channels()]
    kinds = selectors.kinds_for(user=_me(request))
    phone = selectors.notify_phone_of(user=_me(request))
    error = ""
    if request.method == "POST":
        phone = request.POST.get("phone", "").strip()
        stored, error = _checked_phone(phone) if Channel.SMS in channels else (phone, "")
        if not error:
            on = {
                (kind, channel) for channel in channels for kind in ["", *kinds]
                if request.POST.get(f"{channel}:{kind}")
            }  # fmt: skip
            services.save_channel_choices(
                user=_me(request), channels=channels, kinds=kinds, on=on, phone=stored
            )
            messages.success(request, _("Your notification settings are saved."))
            return redirect("inbox:settings")
    context = {
        "channels": [(c, Channel(c).label) for c in channels],
        "rows": _grid(kinds, channels, request),
        "phone": phone,
        "phone_error": error,
        "sms_on": Channel.SMS in channels,
        "email": _me(request).email,
    }
    return render(request, "core/inbox/settings.html", context, status=400 if error else 200)


def _checked_phone(phone: str) -> tuple[str, str]:
    if not phone:
        return "", ""
    try:
        stored = normalise_phone(phone)
    except ValueError:
        stored = ""
    if not stored.startswith("1"):
        return "", _("Enter a mobile number (11 digits starting with 1).")
    return stored, ""
