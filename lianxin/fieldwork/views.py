"""The pages of a day in the field, any kind: the day with its diary, and its four actions.

A kind of day mounts one `DayPages` (intake's visit days under `visits:`, duty days under `duty:`)
and adds its own list and planning pages. The views parse the request, call one selector or
service, and render; nothing else.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lianxin.audit.models import Event
from lianxin.cases.hooks import resolve_site
from lianxin.core.errors import DomainError, NotFound
from lianxin.core.masking import mask_phones_in
from lianxin.fieldwork import selectors, services
from lianxin.fieldwork.forms import (
    BookDutyForm,
    CancelDayForm,
    CompleteDayForm,
    DiaryEntryForm,
    RaiseCaseForm,
    title_from,
)
from lianxin.fieldwork.grounds import DUTY, Ground
from lianxin.fieldwork.permissions import may_see_diary_contacts
from lianxin.fieldwork.states import DayStatus
from lianxin.orgs.models import Org

# What each journal event of a day is called on its history, by what follows the kind's prefix.
EVENT_LABELS = {
    "planned": gettext_lazy("Planned"),
    "entry_recorded": gettext_lazy("Diary entry recorded"),
    "completed": gettext_lazy("Marked done"),
    "cancelled": gettext_lazy("Cancelled"),
    "case_raised": gettext_lazy("Case raised"),
}


@dataclass(frozen=True)
class DayPages:
    """The day pages of one kind: its Ground, URL namespace and words."""

    ground: Ground
    namespace: str  # "visits", "duty": the URL names are <namespace>:detail, :add_entry, …
    words: dict[str, Promise]  # title, list_title, host, cancelled, not_yet, open_cancel, …
    place_name: Callable[[Any], str]  # the day's place as the page heads it
    teams: Callable[[Any], Any] = field(default=lambda day: Org.objects.none())

    # ---- reading --------------------------------------------------------------------------------

    def day_or_404(self, request, day_id: int) -> Any:
        try:
            return selectors.day_detail(self.ground, user=request.user, day_id=day_id)
        except NotFound as missing:
            raise Http404(missing.message) from None

    def _shown(self, user, entry: Any) -> Any:
        """The entry as this user may read it: phone numbers masked unless they may see them."""
        show = str if may_see_diary_contacts(user, entry) else mask_phones_in
        # Display attributes the template reads beside the stored ones (set, never saved).
        vars(entry).update(
            shown_speaker=show(entry.speaker),
            shown_heard=show(entry.heard),
            shown_place=show(entry.place),
        )
        return entry

    def _history(self, user, day: Any, entries: list[Any]) -> list[tuple[Event, object]]:
        """The day's journal as this user may read it: notes about an entry masked like the
        entry, and no anonymous case's number (events written before they were kept apart)."""
        events = list(selectors.day_journal(day))
        allowed = {e.pk for e in entries if may_see_diary_contacts(user, e)}
        numbers = {e.data.get("case") for e in events if e.data and e.data.get("case")}
        hidden = selectors.anonymous_case_numbers(numbers)
        for event in events:
            data = event.data or {}
            if data.get("entry") not in allowed:
                event.note = mask_phones_in(event.note)
            if data.get("case") in hidden:
                event.data = {k: v for k, v in data.items() if k != "case"}
        prefix = f"{self.ground.name}_"
        return [(e, EVENT_LABELS.get(e.kind.removeprefix(prefix), e.kind)) for e in events]

    def _context(self, request, day: Any, **bound) -> dict:
        """The day's page; `bound` carries a form that came back with errors, to show it again."""
        entries = [self._shown(request.user, e) for e in selectors.diary_entries(day)]
        case_forms = bound.get("case_forms", {})
        for entry in entries:
            if entry.case_id is None and not entry.raised_anonymously:
                vars(entry)["case_form"] = case_forms.get(entry.pk) or RaiseCaseForm(
                    prefix=f"case-{entry.pk}",
                    initial={"title": title_from(vars(entry)["shown_heard"])},
                )
        context = {
            "day": day, "kind": self.ground.name, "urls": self._urls(), "words": self.words,
            "place_name": self.place_name(day), "host": getattr(day, self.ground.host_field),
            "entries": entries, "open_case_form": bound.get("open_case_form"),
            "history": self._history(request.user, day, entries),
            "entry_form": None, "complete_form": None, "cancel_form": None,
        }  # fmt: skip
        if day.status != DayStatus.CANCELLED and day.date <= services.today():
            context["entry_form"] = bound.get("entry_form") or DiaryEntryForm(teams=self.teams(day))
            context["complete_form"] = bound.get("complete_form") or CompleteDayForm(
                initial={"summary": day.summary}
            )
        if day.status == DayStatus.PLANNED and not entries:
            context["cancel_form"] = bound.get("cancel_form") or CancelDayForm()
        return context

    def _urls(self) -> dict[str, str]:
        names = ("list", "add_entry", "complete", "cancel", "raise_case")
        return {name: f"{self.namespace}:{name}" for name in names}

    def _render(self, request, day: Any, **bound) -> HttpResponse:
        """The page again with a form that came back refused. Where the day no longer offers that
        form (a stale page: the day was cancelled, or has not come), its refusal shows on top."""
        context = self._context(request, day, **bound)
        for name, form in bound.items():
            if isinstance(form, Form) and context.get(name) is not form:
                for error in form.non_field_errors():
                    messages.error(request, str(error))
        return render(request, "fieldwork/day.html", context)

    def _back(self, day: Any) -> HttpResponse:
        return redirect(f"{self.namespace}:detail", day.pk)

    # ---- the views --------------------------------------------------------------------------------

    def views(self) -> dict[str, Callable]:
        """The five views, login required, the four actions POST only."""
        actions = {
            "add_entry": self.add_entry, "complete": self.complete, "cancel": self.cancel,
            "raise_case": self.raise_case,
        }  # fmt: skip
        shown = {"detail": login_required(self.detail)}
        return shown | {name: login_required(require_POST(v)) for name, v in actions.items()}

    def detail(self, request, day_id: int) -> HttpResponse:
        """A day: its plan, the diary, a quick form to add an entry, and “raise as a case”."""
        day = self.day_or_404(request, day_id)
        return render(request, "fieldwork/day.html", self._context(request, day))

    def add_entry(self, request, day_id: int) -> HttpResponse:
        day = self.day_or_404(request, day_id)
        form = DiaryEntryForm(request.POST, teams=self.teams(day))
        if form.is_valid():
            try:
                services.record_entry(
                    self.ground, actor=request.user, day_id=day.pk, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Diary entry recorded."))
                return self._back(day)
        return self._render(request, day, entry_form=form)

    def complete(self, request, day_id: int) -> HttpResponse:
        day = self.day_or_404(request, day_id)
        form = CompleteDayForm(request.POST)
        if form.is_valid():
            try:
                services.complete_day(
                    self.ground, actor=request.user, day_id=day.pk,
                    summary=form.cleaned_data["summary"],
                )  # fmt: skip
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, str(self.words["completed"]))
                return self._back(day)
        return self._render(request, day, complete_form=form)

    def cancel(self, request, day_id: int) -> HttpResponse:
        day = self.day_or_404(request, day_id)
        form = CancelDayForm(request.POST)
        if form.is_valid():
            try:
                services.cancel_day(
                    self.ground, actor=request.user, day_id=day.pk,
                    reason=form.cleaned_data["reason"],
                )  # fmt: skip
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, str(self.words["was_cancelled"]))
                return self._back(day)
        return self._render(request, day, cancel_form=form)

    def raise_case(self, request, entry_id: int) -> HttpResponse:
        """转为诉求: the entry becomes a case in the ledger in one step, and the two stay linked."""
        try:
            entry = selectors.entry_in_scope(self.ground, user=request.user, entry_id=entry_id)
        except NotFound as missing:
            raise Http404(missing.message) from None
        day_id = getattr(entry, f"{self.ground.day_field}_id")
        form = RaiseCaseForm(request.POST, prefix=f"case-{entry.pk}")
        if form.is_valid():
            try:
                case = services.raise_case(
                    self.ground, actor=request.user, entry_id=entry.pk, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                text = (
                    _("Anonymous case %(number)s registered; the diary entry no longer says who "
                      "spoke.")
                    if case.is_anonymous
                    else _("Case %(number)s registered from the diary.")
                )  # fmt: skip
                messages.success(request, text % {"number": case.number})
                return redirect(f"{self.namespace}:detail", day_id)
        day = self.day_or_404(request, day_id)
        return self._render(request, day, case_forms={entry.pk: form}, open_case_form=entry.pk)


# ---- 当一天站长: duty days at a station -----------------------------------------------------------

PAGE_SIZE = 20


def _station_name(day: Any) -> str:
    site = resolve_site(day.site)
    return site.name if site else day.site  # a closed station keeps its code on its old days


DUTY_PAGES = DayPages(
    ground=DUTY,
    namespace="duty",
    place_name=_station_name,
    words={
        "title": gettext_lazy("Duty day"),
        "list_title": gettext_lazy("Duty days"),
        "host": gettext_lazy("Cadre on duty"),
        "cancelled": gettext_lazy("This duty day was cancelled."),
        "not_yet": gettext_lazy("The diary opens on the duty day."),
        "open_cancel": gettext_lazy("Cancel this duty day"),
        "confirm_cancel": gettext_lazy("Cancel this duty day? This cannot be undone."),
        "do_cancel": gettext_lazy("Cancel the duty day"),
        "completed": gettext_lazy("Duty day marked done."),
        "was_cancelled": gettext_lazy("Duty day cancelled."),
    },
)


@login_required
def duty_list(request):
    """The duty days the user may see, upcoming soonest first or past latest first; `?site=` one
    station's."""
    upcoming = request.GET.get("when") != "past"
    site = request.GET.get("site", "").strip()[:32]
    where = {"site": site} if site else {}
    rows = selectors.day_list(
        DUTY, user=request.user, today=services.today(), upcoming=upcoming, **where
    )
    context = {
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "upcoming": upcoming, "site": resolve_site(site) if site else None, "site_code": site,
        "query": urlencode({"when": "upcoming" if upcoming else "past", **where}),
    }  # fmt: skip
    return render(request, "fieldwork/duty_list.html", context)


@login_required
def duty_book(request):
    """当一天站长: book a day (or the same weekday for some weeks) at the station in the link."""
    code = (request.GET.get("site") or "").strip()[:32]
    site = resolve_site(code) if code else None
    if site is None:
        raise Http404(_("No open station has the code %(code)s.") % {"code": code})
    form = BookDutyForm(request.POST or None, initial={"day": services.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booked, skipped = services.plan_weekly(
                DUTY, actor=request.user, site=site, first_date=data["day"],
                weeks=data["weeks"], plan=data["plan"],
            )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if skipped:
                dates = "、".join(d.isoformat() for d in skipped)
                messages.warning(
                    request, _("Already booked, skipped: %(dates)s.") % {"dates": dates}
                )
            messages.success(request, _("%(count)s duty days booked.") % {"count": len(booked)})
            return redirect("duty:detail", booked[0].pk)
    return render(request, "fieldwork/duty_book.html", {"form": form, "site": site})
