"""Pages of the insights app: the live category suggestion, duplicate flags, topics and the focus."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lianxin.cases.models import Category
from lianxin.core.errors import DomainError
from lianxin.insights import classifier, selectors, services
from lianxin.insights.forms import AdoptForm
from lianxin.insights.permissions import focus_orgs

MIN_CHARS = 6  # below this a suggestion would be a guess


@require_http_methods(["GET", "POST"])
def suggest(request):
    """The suggestion under a description box, refreshed as the person types (htmx).

    The pages POST the text, so what a worker writes never lands in an access log's URLs. `only`
    (comma-separated keys) keeps to the categories the page's list offers: a button for a category
    the list lacks would do nothing.
    """
    data = request.POST if request.method == "POST" else request.GET
    text = (data.get("description") or data.get("text") or "")[:2000]
    only = {k for k in (data.get("only") or "").split(",") if k}
    context: dict = {"suggestion": None, "choices": None}
    if len(text.strip()) >= MIN_CHARS:
        context.update(_suggestion_context(classifier.suggest_one(text), only))
    return render(request, "insights/_suggestion.html", context)


def _suggestion_context(s: classifier.Suggestion, only: set[str]) -> dict:
    """Ranked buttons, or, when the top two are close, those two as equal choices and the rest."""
    categories = Category.objects.filter(is_active=True)
    by_key = {c.key: c for c in (categories.filter(key__in=only) if only else categories)}

    def buttons(pairs: list[tuple[str, float]]) -> list[dict]:
        return [
            {"category": by_key[k], "confidence": p, "percent": round(p * 100)}
            for k, p in pairs
            if k in by_key
        ]

    ranked = [(s.category, s.confidence), *s.alternatives]
    choices = buttons(s.choices) if s.close else []
    if len(choices) < 2:  # not close, or one of the two is not on the page's list
        return {"suggestion": buttons(ranked), "choices": None}
    chosen = {k for k, _p in s.choices}
    return {"suggestion": buttons([r for r in ranked if r[0] not in chosen]), "choices": choices}


@login_required
def duplicates(request):
    flags = selectors.open_flags(user=request.user)[:200]
    return render(request, "insights/duplicates.html", {"flags": flags})


@login_required
@require_POST
def decide(request, pk: int, decision: str):
    service = {"link": services.link_duplicate, "dismiss": services.dismiss_duplicate}.get(decision)
    if service is None:
        raise Http404
    try:
        flag = service(flag_id=pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = _("Linked as a duplicate.") if decision == "link" else _("Flag dismissed.")
        messages.success(request, f"{flag.case.number}: {done}")
    return redirect("insights:duplicates")


@login_required
def topics(request):
    snapshot = selectors.topic_snapshot(request.user)
    views = selectors.present(selectors.snapshot_topics(snapshot), request.user)
    orgs = focus_orgs(request.user)
    context = {
        "topics": views,
        "snapshot": snapshot,
        "focus_orgs": orgs,
        "focuses": selectors.focus_list(user=request.user)[:12],
    }
    return render(request, "insights/topics.html", context)


@login_required
@require_POST
def adopt(request):
    form = AdoptForm(request.POST, orgs=focus_orgs(request.user))
    if not form.is_valid():
        messages.error(request, _("The focus could not be adopted: choose an org and a topic."))
        return redirect("insights:topics")
    data = form.cleaned_data
    try:
        focus = services.adopt_focus(
            actor=request.user, org=data["org"], label=data["label"], terms=data["terms"],
            case_ids=data["case_ids"], note=data["note"],
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("insights:topics")
    messages.success(request, _("“%(label)s” is the focus of the month.") % {"label": focus.label})
    return redirect("insights:focus", pk=focus.pk)


@login_required
def focus(request, pk: int):
    found = selectors.focus_detail(user=request.user, pk=pk)
    if found is None:
        raise Http404(_("No such focus."))
    focus, cases = found
    return render(request, "insights/focus.html", {"focus": focus, "cases": cases[:500]})
