"""工会主席陪伴日: planning visit days, keeping the 民意日记, and turning what was heard into cases.

Every function is one action: it locks the visit day, checks that the actor handles cases in its
enterprise (chair, staff or admin reaching it), writes, and appends one event to the visit day's
journal. A refused action raises a DomainError before anything is written, so it changes nothing.
"""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.cases.models import Case, Category, Channel, Urgency
from lianxin.cases.services import NewCase, register_case
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.core.text import check_note
from lianxin.intake.models import DiaryEntry, VisitDay
from lianxin.intake.states import VISIT_WORKFLOW, VisitAction
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import can_act_in, can_see_org

MAX_WEEKS = 26  # half a year ahead is as far as a chair plans


def today() -> date:
    """Today where the visits happen (Beijing time), from the one clock services read."""
    return timezone.localdate(clock.now())


# ---- planning -----------------------------------------------------------------------------------


def _ensure_may_plan(actor: User, org: Org) -> None:
    if not can_act_in(actor, org):
        raise PermissionDenied(
            _("You may not plan visit days for %(org)s.") % {"org": org.name},
            code="visit.permission_denied",
        )
    if org.kind != OrgKind.ENTERPRISE or not org.is_active:
        raise InvalidInput(
            _("Visit days are planned for an enterprise union, not for %(org)s.")
            % {"org": org.name},
            code="visit.not_an_enterprise",
        )


def _ensure_not_past(day: date) -> None:
    if day < today():
        raise InvalidInput(
            _("%(date)s has passed: plan visit days from today on.") % {"date": day.isoformat()},
            code="visit.date_in_past",
        )


def _create_day(*, actor: User, org: Org, day: date, plan: str) -> VisitDay:
    visit = VisitDay.objects.create(org=org, date=day, chair=actor, plan=plan.strip())
    record_event(
        target=visit,
        actor=actor,
        kind="visit_planned",
        note=visit.plan,
        state_after=visit.status,
        data={"org": org.code, "date": day.isoformat()},
    )
    return visit


@transaction.atomic
def plan_visit_day(*, actor: User, org: Org, day: date, plan: str = "") -> VisitDay:
    """Plan one visit day at an enterprise, from today on, at most one per enterprise and day."""
    _ensure_may_plan(actor, org)
    _ensure_not_past(day)
    # Lock the enterprise row so two planners cannot both pass the check below.
    Org.objects.select_for_update().filter(pk=org.pk).first()
    if VisitDay.objects.filter(org=org, date=day).exists():
        raise InvalidInput(
            _("%(org)s already has a visit day on %(date)s.")
            % {"org": org.name, "date": day.isoformat()},
            code="visit.already_planned",
        )
    return _create_day(actor=actor, org=org, day=day, plan=plan)


@transaction.atomic
def plan_weekly_visits(
    *, actor: User, org: Org, first_date: date, weeks: int, plan: str = ""
) -> tuple[list[VisitDay], list[date]]:
    """Plan the same weekday for `weeks` weeks from `first_date`; dates already planned are skipped.

    Returns (days planned, dates skipped); refused when every date is taken already.
    """
    _ensure_may_plan(actor, org)
    _ensure_not_past(first_date)
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(
            _("Plan between 1 and %(max)s weeks at a time.") % {"max": MAX_WEEKS},
            code="visit.weeks_out_of_range",
        )
    Org.objects.select_for_update().filter(pk=org.pk).first()
    dates = [first_date + timedelta(weeks=i) for i in range(weeks)]
    taken = set(VisitDay.objects.filter(org=org, date__in=dates).values_list("date", flat=True))
    free = [d for d in dates if d not in taken]
    if not free:
        raise InvalidInput(
            _("Every one of these dates already has a visit day at %(org)s.") % {"org": org.name},
            code="visit.already_planned",
        )
    planned = [_create_day(actor=actor, org=org, day=d, plan=plan) for d in free]
    return planned, sorted(taken)


# ---- the day itself -----------------------------------------------------------------------------


def _locked_visit(visit_id: int, actor: User) -> VisitDay:
    """The visit day, locked; outside the actor's reach it answers exactly like a missing one."""
    visit = VisitDay.objects.select_for_update().select_related("org").filter(pk=visit_id).first()
    if visit is None or not can_see_org(actor, visit.org):
        raise NotFound(_("No such visit day."), code="visit.not_found")
    if not can_act_in(actor, visit.org):
        raise PermissionDenied(
            _("You may not change visit days of %(org)s.") % {"org": visit.org.name},
            code="visit.permission_denied",
        )
    return visit


def _ensure_may_move(visit: VisitDay, action: VisitAction) -> None:
    """The table first (a cancelled day is refused whatever its date), then the day must have come."""
    VISIT_WORKFLOW.ensure_transition(visit.status, action)
    _ensure_begun(visit)


def _ensure_begun(visit: VisitDay) -> None:
    if visit.date > today():
        raise InvalidInput(
            _("The visit day on %(date)s has not come yet.") % {"date": visit.date.isoformat()},
            code="visit.not_yet",
        )


def _team_of(visit: VisitDay, team: Org | None) -> Org | None:
    if team is not None and not (team.kind == OrgKind.TEAM and team.is_within(visit.org)):
        raise InvalidInput(
            _("%(team)s is not a work team of %(org)s.")
            % {"team": team.name, "org": visit.org.name},
            code="visit.team_outside_enterprise",
        )
    return team


@transaction.atomic
def record_diary_entry(
    *,
    actor: User,
    visit_id: int,
    heard: str,
    team: Org | None = None,
    speaker: str = "",
    place: str = "",
) -> DiaryEntry:
    """民意日记: write down what was heard on a visit day that has come and was not cancelled.

    The first entry marks a planned day as done: the chair was there.
    """
    if not heard.strip():
        raise InvalidInput(_("Write down what was heard."), code="visit.entry_empty")
    visit = _locked_visit(visit_id, actor)
    _ensure_may_move(visit, VisitAction.RECORD)
    check_note(heard.strip())  # the entry's text is the journal note: refused before it is written
    entry = DiaryEntry.objects.create(
        visit=visit,
        team=_team_of(visit, team),
        speaker=speaker.strip(),
        heard=heard.strip(),
        place=place.strip(),
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    run_move(
        visit,
        workflow=VISIT_WORKFLOW,
        action=VisitAction.RECORD,
        kind="visit_entry_recorded",
        actor=actor,
        note=entry.heard,
        data={"entry": entry.pk, "team": team.code if team else ""},
    )
    return entry


@transaction.atomic
def complete_visit_day(*, actor: User, visit_id: int, summary: str) -> VisitDay:
    """Mark a visit day done with its summary (or rewrite the summary of a day already done)."""
    if not summary.strip():
        raise InvalidInput(_("Write a short summary of the day."), code="visit.summary_empty")
    visit = _locked_visit(visit_id, actor)
    _ensure_may_move(visit, VisitAction.COMPLETE)

    def apply(day: VisitDay) -> list[str]:
        day.summary = summary.strip()
        return ["summary"]

    return run_move(
        visit,
        workflow=VISIT_WORKFLOW,
        action=VisitAction.COMPLETE,
        kind="visit_completed",
        actor=actor,
        apply=apply,
        note=summary.strip(),
    )


@transaction.atomic
def cancel_visit_day(*, actor: User, visit_id: int, reason: str) -> VisitDay:
    """Call off a planned visit day, with the reason; a day with diary entries did take place."""
    if not reason.strip():
        raise InvalidInput(_("Say why the visit day is cancelled."), code="visit.reason_empty")
    visit = _locked_visit(visit_id, actor)
    if visit.entries.exists():
        raise InvalidInput(
            _("This visit day has diary entries, so it took place and cannot be cancelled."),
            code="visit.has_entries",
        )
    return run_move(
        visit,
        workflow=VISIT_WORKFLOW,
        action=VisitAction.CANCEL,
        kind="visit_cancelled",
        actor=actor,
        note=reason.strip(),
    )


# ---- from the diary into the ledger -------------------------------------------------------------


@transaction.atomic
def raise_case_from_entry(
    *,
    actor: User,
    entry_id: int,
    category: Category,
    title: str,
    urgency: str = Urgency.ORDINARY,
    is_anonymous: bool = False,
    worker_name: str = "",
    worker_phone: str = "",
) -> Case:
    """挂号 what was heard: one case per diary entry, arising in its team (else the enterprise).

    A named case and its entry point at each other from then on. An anonymous case is linked
    neither way: the entry forgets who spoke and only remembers that it was raised, and the
    visit day's journal names no case — nothing ties the case to the speaker, for anyone.
    """
    visit, entry = _locked_entry(entry_id, actor)
    _ensure_not_raised(entry)
    case = register_case(
        actor=actor,
        new=NewCase(
            origin_org=entry.team or visit.org,
            category=category,
            channel=Channel.VISIT,
            title=title,
            description=entry.heard,
            urgency=urgency,
            is_anonymous=is_anonymous,
            worker_name=worker_name,
            worker_phone=worker_phone,
            address=entry.place,
        ),
    )
    data = _link_entry(entry, case, is_anonymous=is_anonymous)
    record_event(
        target=visit,
        actor=actor,
        kind="visit_case_raised",
        note="" if is_anonymous else case.title,
        state_before=visit.status,
        state_after=visit.status,
        data=data,
    )
    return case


def _locked_entry(entry_id: int, actor: User) -> tuple[VisitDay, DiaryEntry]:
    """The diary entry and its visit day, both locked: the visit day first, as every other action
    here locks it first (no lock-order deadlock); NotFound for an unknown entry."""
    visit_id = DiaryEntry.objects.filter(pk=entry_id).values_list("visit_id", flat=True).first()
    if visit_id is None:
        raise NotFound(_("No such diary entry."), code="visit.entry_not_found")
    visit = _locked_visit(visit_id, actor)
    return visit, DiaryEntry.objects.select_for_update().get(pk=entry_id)


def _link_entry(entry: DiaryEntry, case: Case, *, is_anonymous: bool) -> dict[str, object]:
    """A named case and its entry point at each other; an anonymous one is linked neither way (the
    entry forgets its speaker, remembering only that it was raised). The journal event's data:
    the entry, and the case's number only when named."""
    data: dict[str, object] = {"entry": entry.pk}
    if is_anonymous:
        entry.raised_anonymously, entry.speaker = True, ""
        entry.save(update_fields=["raised_anonymously", "speaker"])
        data["anonymous"] = True
    else:
        entry.case = case
        entry.save(update_fields=["case"])
        data["case"] = case.number
    return data


def _ensure_not_raised(entry: DiaryEntry) -> None:
    if entry.raised_anonymously:
        raise InvalidInput(
            _("This diary entry was already raised as an anonymous case."),
            code="visit.entry_has_case",
        )
    if entry.case_id is not None:
        raise InvalidInput(
            _("This diary entry is already case %(number)s.")
            % {"number": Case.objects.values_list("number", flat=True).get(pk=entry.case_id)},
            code="visit.entry_has_case",
        )
