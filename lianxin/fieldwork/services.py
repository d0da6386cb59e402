"""Days in the field, one code for every kind: plan, record what was heard, complete, cancel, and
turn an entry into a case.

A kind of day (`Ground`) brings its tables, its workflow, its words and codes, and how its place is
read: the 陪伴日 at an enterprise (intake) and the 当一天站长 duty day at a station (`grounds.DUTY`).
Every function is one action: it locks the day, checks that the actor handles cases in the day's
union (chair, staff or admin reaching it), writes, and appends one event to the day's journal. A
refused action raises a DomainError before anything is written, so it changes nothing.
"""

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.cases.models import Case, Category, Urgency
from lianxin.cases.services import NewCase, register_case
from lianxin.core import clock
from lianxin.core.text import check_note
from lianxin.fieldwork.grounds import DUTY, Ground, Place, open_site
from lianxin.fieldwork.models import DutyDay
from lianxin.fieldwork.states import DayAction
from lianxin.orgs.models import Org, OrgKind
from lianxin.orgs.permissions import can_act_in, can_see_org

MAX_WEEKS = 26  # half a year ahead is as far as anyone plans


def today() -> date:
    """Today where the days happen (Beijing time), from the one clock services read."""
    return timezone.localdate(clock.now())


# ---- planning -----------------------------------------------------------------------------------


def _ensure_may_plan(ground: Ground, actor: User, place: Place) -> None:
    if not can_act_in(actor, place.org):
        raise ground.refusals.may_not_plan(org=place.name)
    ground.check_place(place)


def _ensure_not_past(ground: Ground, day: date) -> None:
    if day < today():
        raise ground.refusals.date_in_past(date=day.isoformat())


def _create_day(ground: Ground, *, actor: User, place: Place, day: date, plan: str) -> Any:
    created = ground.days().create(
        **place.unique, **place.fields, date=day, plan=plan.strip(), **{ground.host_field: actor}
    )
    record_event(
        target=created,
        actor=actor,
        kind=ground.kind("planned"),
        note=created.plan,
        state_after=created.status,
        data={**place.data, "date": day.isoformat()},
    )
    return created


def _lock_place(place: Place) -> None:
    # Lock the union's row so that two planners cannot both pass the clash check.
    Org.objects.select_for_update().filter(pk=place.org.pk).first()


@transaction.atomic
def plan_day(ground: Ground, *, actor: User, site: Any, day: date, plan: str = "") -> Any:
    """Plan one day at a place, from today on, at most one per place and date."""
    place = ground.place(site)
    _ensure_may_plan(ground, actor, place)
    _ensure_not_past(ground, day)
    _lock_place(place)
    if ground.days().filter(**place.unique, date=day).exists():
        raise ground.refusals.already_planned(org=place.name, date=day.isoformat())
    return _create_day(ground, actor=actor, place=place, day=day, plan=plan)


@transaction.atomic
def plan_weekly(
    ground: Ground, *, actor: User, site: Any, first_date: date, weeks: int, plan: str = ""
) -> tuple[list[Any], list[date]]:
    """Plan the same weekday for `weeks` weeks from `first_date`; dates already planned are skipped.

    Returns (days planned, dates skipped); refused when every date is taken already.
    """
    place = ground.place(site)
    _ensure_may_plan(ground, actor, place)
    _ensure_not_past(ground, first_date)
    if not 1 <= weeks <= MAX_WEEKS:
        raise ground.refusals.weeks_out_of_range(max=MAX_WEEKS)
    _lock_place(place)
    dates = [first_date + timedelta(weeks=i) for i in range(weeks)]
    taken = set(ground.days().filter(**place.unique, date__in=dates).values_list("date", flat=True))
    free = [d for d in dates if d not in taken]
    if not free:
        raise ground.refusals.all_dates_taken(org=place.name)
    planned = [_create_day(ground, actor=actor, place=place, day=d, plan=plan) for d in free]
    return planned, sorted(taken)


# ---- the day itself -----------------------------------------------------------------------------


def _locked_day(ground: Ground, day_id: int, actor: User) -> Any:
    """The day, locked; outside the actor's reach it answers exactly like a missing one."""
    day = ground.days().select_for_update().select_related("org").filter(pk=day_id).first()
    if day is None or not can_see_org(actor, day.org):
        raise ground.refusals.not_found()
    if not can_act_in(actor, day.org):
        raise ground.refusals.may_not_change(org=day.org.name)
    return day


def _ensure_may_move(ground: Ground, day: Any, action: DayAction) -> None:
    """The table first (a cancelled day is refused whatever its date), then the day must have come."""
    ground.workflow.ensure_transition(day.status, action)
    if day.date > today():
        raise ground.refusals.not_yet(date=day.date.isoformat())


def _team_of(ground: Ground, day: Any, team: Org | None) -> Org | None:
    if team is not None and not (team.kind == OrgKind.TEAM and team.is_within(day.org)):
        raise ground.refusals.team_outside(team=team.name, org=day.org.name)
    return team


@transaction.atomic
def record_entry(
    ground: Ground,
    *,
    actor: User,
    day_id: int,
    heard: str,
    team: Org | None = None,
    speaker: str = "",
    place: str = "",
) -> Any:
    """Write down what was heard on a day that has come and was not cancelled.

    The first entry marks a planned day as done: the cadre was there.
    """
    if not heard.strip():
        raise ground.refusals.entry_empty()
    day = _locked_day(ground, day_id, actor)
    _ensure_may_move(ground, day, DayAction.RECORD)
    check_note(heard.strip())  # the entry's text is the journal note: refused before it is written
    entry = ground.entries().create(
        **{ground.day_field: day},
        team=_team_of(ground, day, team),
        speaker=speaker.strip(),
        heard=heard.strip(),
        place=place.strip(),
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    run_move(
        day,
        workflow=ground.workflow,
        action=DayAction.RECORD,
        kind=ground.kind("entry_recorded"),
        actor=actor,
        note=entry.heard,
        data={"entry": entry.pk, "team": team.code if team else ""},
    )
    return entry


@transaction.atomic
def complete_day(ground: Ground, *, actor: User, day_id: int, summary: str) -> Any:
    """Mark a day done with its summary (or rewrite the summary of a day already done)."""
    if not summary.strip():
        raise ground.refusals.summary_empty()
    day = _locked_day(ground, day_id, actor)
    _ensure_may_move(ground, day, DayAction.COMPLETE)

    def apply(locked: Any) -> list[str]:
        locked.summary = summary.strip()
        return ["summary"]

    return run_move(
        day,
        workflow=ground.workflow,
        action=DayAction.COMPLETE,
        kind=ground.kind("completed"),
        actor=actor,
        apply=apply,
        note=summary.strip(),
    )


@transaction.atomic
def cancel_day(ground: Ground, *, actor: User, day_id: int, reason: str) -> Any:
    """Call off a planned day, with the reason; a day with diary entries did take place."""
    if not reason.strip():
        raise ground.refusals.reason_empty()
    day = _locked_day(ground, day_id, actor)
    if day.entries.exists():
        raise ground.refusals.has_entries()
    return run_move(
        day,
        workflow=ground.workflow,
        action=DayAction.CANCEL,
        kind=ground.kind("cancelled"),
        actor=actor,
        note=reason.strip(),
    )


# ---- from the diary into the ledger -------------------------------------------------------------


@transaction.atomic
def raise_case(
    ground: Ground,
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
    """挂号 what was heard: one case per entry, arising in its team (else the day's union).

    A named case and its entry point at each other from then on. An anonymous case is linked
    neither way: the entry forgets who spoke and only remembers that it was raised, and the
    day's journal names no case — nothing ties the case to the speaker, for anyone.
    """
    day, entry = _locked_entry(ground, entry_id, actor)
    _ensure_not_raised(ground, entry)
    case = register_case(
        actor=actor,
        new=NewCase(
            origin_org=entry.team or day.org,
            category=category,
            channel=ground.channel,
            title=title,
            description=entry.heard,
            urgency=urgency,
            is_anonymous=is_anonymous,
            worker_name=worker_name,
            worker_phone=worker_phone,
            address=entry.place,
            site=getattr(day, "site", ""),  # a duty day's station; a visit day has none
        ),
    )
    data = _link_entry(entry, case, is_anonymous=is_anonymous)
    record_event(
        target=day,
        actor=actor,
        kind=ground.kind("case_raised"),
        note="" if is_anonymous else case.title,
        state_before=day.status,
        state_after=day.status,
        data=data,
    )
    return case


def _locked_entry(ground: Ground, entry_id: int, actor: User) -> tuple[Any, Any]:
    """The entry and its day, both locked: the day first, as every other action here locks it
    first (no lock-order deadlock); NotFound for an unknown entry."""
    entries = ground.entries().filter(pk=entry_id)
    day_id = entries.values_list(f"{ground.day_field}_id", flat=True).first()
    if day_id is None:
        raise ground.refusals.entry_not_found()
    day = _locked_day(ground, day_id, actor)
    return day, ground.entries().select_for_update().get(pk=entry_id)


def _link_entry(entry: Any, case: Case, *, is_anonymous: bool) -> dict[str, object]:
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


def _ensure_not_raised(ground: Ground, entry: Any) -> None:
    if entry.raised_anonymously:
        raise ground.refusals.entry_raised_anonymously()
    if entry.case_id is not None:
        number = Case.objects.values_list("number", flat=True).get(pk=entry.case_id)
        raise ground.refusals.entry_has_case(number=number)


# ---- 当一天站长 ----------------------------------------------------------------------------------


def book_duty_day(*, actor: User, site_code: str, day: date, plan: str = "") -> DutyDay:
    """Book a day on duty at the open station with this code (one cadre per station and day)."""
    booked: DutyDay = plan_day(DUTY, actor=actor, site=open_site(site_code), day=day, plan=plan)
    return booked
