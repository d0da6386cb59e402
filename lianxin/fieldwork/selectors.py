"""Reads of days in the field and their diaries, any kind, always scoped to the unions the user
may see; a day outside that scope answers exactly like a missing one. Counts run in the database."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet

from lianxin.audit.models import Event
from lianxin.audit.selectors import events_for
from lianxin.cases.metrics import Rate
from lianxin.cases.models import Case
from lianxin.cases.states import DONE_STATES
from lianxin.fieldwork.grounds import Ground
from lianxin.fieldwork.states import DayStatus
from lianxin.orgs.permissions import visible_orgs

AnyUser = User | AnonymousUser


def days_in_scope(ground: Ground, user: AnyUser) -> QuerySet[Any]:
    """Days of every union the user may see: supervisors and leaders read the diaries their cases
    came from; only chair, staff or admin may change them (the services check)."""
    return ground.days().filter(org__in=visible_orgs(user))


def day_list(
    ground: Ground, *, user: AnyUser, today: date, upcoming: bool, **where: Any
) -> QuerySet[Any]:
    """Upcoming days soonest first, or past days latest first, with their diary counts; `where`
    narrows them (`org=…`, `site=…`)."""
    qs = days_in_scope(ground, user).filter(**where)
    qs = qs.filter(date__gte=today) if upcoming else qs.filter(date__lt=today)
    listed: QuerySet[Any] = (
        qs.select_related("org", ground.host_field)
        .annotate(
            entry_count=Count("entries"),
            case_count=Count(
                "entries",
                filter=Q(entries__case__isnull=False) | Q(entries__raised_anonymously=True),
            ),
        )
        .order_by(*(("date", "org__path") if upcoming else ("-date", "org__path")))
    )
    return listed


def day_detail(ground: Ground, *, user: AnyUser, day_id: int) -> Any:
    day = (
        days_in_scope(ground, user)
        .select_related("org", ground.host_field)
        .filter(pk=day_id)
        .first()
    )
    if day is None:
        raise ground.refusals.not_found()
    return day


def diary_entries(day: Any) -> QuerySet[Any]:
    entries: QuerySet[Any] = day.entries.select_related("team", "recorded_by", "case")
    return entries.order_by("recorded_at")


def day_journal(day: Any) -> QuerySet[Event]:
    return events_for(day)


def entry_in_scope(ground: Ground, *, user: AnyUser, entry_id: int) -> Any:
    entry = (
        ground.entries()
        .filter(**{f"{ground.day_field}__in": days_in_scope(ground, user)})
        .select_related(ground.day_field)
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise ground.refusals.entry_not_found()
    return entry


def anonymous_case_numbers(numbers: set[str]) -> set[str]:
    """Which of these case numbers are anonymous cases (one query; none for no numbers)."""
    if not numbers:
        return set()
    return set(
        Case.objects.filter(number__in=numbers, is_anonymous=True).values_list("number", flat=True)
    )


def days_held(ground: Ground, *, start: date, end: date, **where: Any) -> int:
    """Days that took place (done) between two dates, e.g. a station's duty days (`site=code`)."""
    return ground.days().filter(date__range=(start, end), status=DayStatus.DONE, **where).count()


# ---- the weekly summary -------------------------------------------------------------------------


def week_of(day: date) -> tuple[date, date]:
    """The Monday and the Sunday of the week `day` lies in."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True)
class WeeklySummary:
    monday: date
    sunday: date
    planned: int
    made: int
    cancelled: int
    entries_recorded: int
    cases_raised: int
    cases_anonymous: int
    cases_resolved: int
    by_enterprise: list[dict[str, Any]]

    @property
    def resolved_rate(self) -> Rate:
        """Over the named cases only: an anonymous case is not linked to its entry, so whether it
        was resolved cannot be told from the diary."""
        return Rate(self.cases_resolved, self.cases_raised - self.cases_anonymous)


def entry_counts(prefix: str = "") -> dict[str, Count]:
    """How entries, cases raised (named or anonymous) and cases resolved are counted, at the top
    or across a join."""
    done = Q(**{f"{prefix}case__status__in": DONE_STATES})
    anonymous = Q(**{f"{prefix}raised_anonymously": True})
    raised = Q(**{f"{prefix}case__isnull": False}) | anonymous
    distinct = bool(prefix)
    return {
        "entries_recorded": Count(f"{prefix}id", distinct=distinct),
        "cases_raised": Count(f"{prefix}id", filter=raised, distinct=distinct),
        "cases_anonymous": Count(f"{prefix}id", filter=anonymous, distinct=distinct),
        "cases_resolved": Count(f"{prefix}case", filter=done),
    }


def weekly_summary(ground: Ground, *, user: AnyUser, day: date) -> WeeklySummary:
    """Days held, diary entries, cases raised from them and of those resolved or closed, for the
    week of `day` (entries count in the week of their day). Three queries, any data size."""
    monday, sunday = week_of(day)
    days = days_in_scope(ground, user).filter(date__range=(monday, sunday))
    held = days.aggregate(
        planned=Count("id"),
        made=Count("id", filter=Q(status=DayStatus.DONE)),
        cancelled=Count("id", filter=Q(status=DayStatus.CANCELLED)),
    )
    entries = ground.entries().filter(**{f"{ground.day_field}__in": days})
    by_org = (
        days.values("org_id", "org__name", "org__short_name")
        .annotate(
            planned=Count("id", distinct=True),
            made=Count("id", filter=Q(status=DayStatus.DONE), distinct=True),
            **entry_counts("entries__"),
        )
        .order_by("org__path")
    )
    return WeeklySummary(
        monday=monday,
        sunday=sunday,
        **held,
        **entries.aggregate(**entry_counts()),
        by_enterprise=list(by_org),
    )
