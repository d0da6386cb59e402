"""The 12351 hotline entry screen: one page, one service call per submitted call.

After a call is entered the same page answers (no redirect), so the receipt code of an anonymous
caller exists only in that one response: never in a URL, a session, a log or a cache.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lianxin.core.errors import DomainError
from lianxin.core.masking import mask_phone
from lianxin.intake.forms_hotline import DATALIST_ID, HotlineForm
from lianxin.intake.services import hotline


def spoken(number: str) -> str:
    """JZ-2026-000183 → “J Z · 2 0 2 6 · 0 0 0 1 8 3”: one character at a time for reading aloud."""
    return " · ".join(" ".join(part) for part in number.split("-"))


@never_cache
@login_required
def take_call(request):
    """Enter a call; on success show its number (and receipt) above a fresh form for the next call."""
    enterprises = hotline.hotline_enterprises(user=request.user)
    form = HotlineForm(request.POST or None, enterprises=enterprises)
    taken = None
    if request.method == "POST" and form.is_valid():
        try:
            case, code = hotline.take_call(actor=request.user, **form.service_args())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            taken = {"case": case, "spoken": spoken(case.number), "receipt": code}
            form = HotlineForm(enterprises=enterprises)
    calls = hotline.recent_calls(user=request.user)
    context = {
        "form": form,
        "taken": taken,
        "has_enterprises": enterprises.exists(),
        "enterprises": enterprises[: hotline.DATALIST_LIMIT],
        "datalist_id": DATALIST_ID,
        "recent": [(c, mask_phone(c.worker_phone)) for c in calls],
    }
    return render(request, "intake/hotline/take_call.html", context)


@login_required
@require_GET
def suggest(request):
    """The datalist's options for what has been typed so far (htmx swaps them in while typing)."""
    rows = hotline.suggest_enterprises(user=request.user, text=request.GET.get("enterprise", ""))
    return render(request, "intake/hotline/_enterprise_options.html", {"enterprises": rows})
