"""Reads of visit days and their diaries, always scoped to the enterprises the user handles cases in.

A visit day outside that scope answers exactly like a missing one. Counts run in the database.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.audit.models import Event
from lianxin.audit.selectors import events_for
from lianxin.cases.metrics import Rate
from lianxin.cases.models import Case
from lianxin.cases.states import DONE_STATES
from lianxin.core.errors import NotFound
from lianxin.intake.models import DiaryEntry, VisitDay
from lianxin.orgs.models import Org, OrgKind, OrgQuerySet
from lianxin.orgs.permissions import actionable_orgs, visible_orgs

AnyUser = User | AnonymousUser
DONE = VisitDay.Status.DONE


def visit_days_in_scope(user: AnyUser) -> QuerySet[VisitDay]:
    """Visit days of every enterprise the user may see: supervisors and leaders read the diaries
    their cases came from; only chair, staff or admin may change them (the services check)."""
    return VisitDay.objects.filter(org__in=visible_orgs(user))


def enterprises_for_planning(user: AnyUser) -> OrgQuerySet:
    return actionable_orgs(user).filter(kind=OrgKind.ENTERPRISE, is_active=True).order_by("path")


def visit_list(
    *, user: AnyUser, today: date, upcoming: bool, org: Org | None = None
) -> QuerySet[VisitDay]:
    """Upcoming days soonest first, or past days latest first, with their diary counts."""
    qs = visit_days_in_scope(user)
    if org is not None:
        qs = qs.filter(org=org)
    qs = qs.filter(date__gte=today) if upcoming else qs.filter(date__lt=today)
    return (
        qs.select_related("org", "chair")
        .annotate(
            entry_count=Count("entries"),
            case_count=Count(
                "entries",
                filter=Q(entries__case__isnull=False) | Q(entries__raised_anonymously=True),
            ),
        )
        .order_by(*(("date", "org__path") if upcoming else ("-date", "org__path")))
    )


def visit_detail(*, user: AnyUser, visit_id: int) -> VisitDay:
    visit = visit_days_in_scope(user).select_related("org", "chair").filter(pk=visit_id).first()
    if visit is None:
        raise NotFound(_("No such visit day."), code="visit.not_found")
    return visit


def diary_entries(visit: VisitDay) -> QuerySet[DiaryEntry]:
    return visit.entries.select_related("team", "recorded_by", "case").order_by("recorded_at")


def teams_of(enterprise: Org) -> OrgQuerySet:
    return Org.objects.subtree_of(enterprise).filter(kind=OrgKind.TEAM, is_active=True)


def visit_journal(visit: VisitDay) -> QuerySet[Event]:
    return events_for(visit)


def anonymous_case_numbers(numbers: set[str]) -> set[str]:
    """Which of these case numbers are anonymous cases (one query; none for no numbers)."""
    if not numbers:
        return set()
    return set(
        Case.objects.filter(number__in=numbers, is_anonymous=True).values_list("number", flat=True)
    )


def entry_in_scope(*, user: AnyUser, entry_id: int) -> DiaryEntry:
    entry = (
        DiaryEntry.objects.filter(visit__in=visit_days_in_scope(user))
        .select_related("visit")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise NotFound(_("No such diary entry."), code="visit.entry_not_found")
    return entry


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


def _entry_counts(prefix: str = "") -> dict[str, Count]:
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


def weekly_summary(*, user: AnyUser, day: date) -> WeeklySummary:
    """Visits made, diary entries, cases raised from them and of those resolved or closed, for the
    week of `day` (entries count in the week of their visit day). Three queries, any data size."""
    monday, sunday = week_of(day)
    days = visit_days_in_scope(user).filter(date__range=(monday, sunday))
    visits = days.aggregate(
        planned=Count("id"),
        made=Count("id", filter=Q(status=DONE)),
        cancelled=Count("id", filter=Q(status=VisitDay.Status.CANCELLED)),
    )
    entries = DiaryEntry.objects.filter(visit__in=days).aggregate(**_entry_counts())
    by_enterprise = (
        days.values("org_id", "org__name", "org__short_name")
        .annotate(
            planned=Count("id", distinct=True),
            made=Count("id", filter=Q(status=DONE), distinct=True),
            **_entry_counts("entries__"),
        )
        .order_by("org__path")
    )
    return WeeklySummary(
        monday=monday, sunday=sunday, **visits, **entries, by_enterprise=list(by_enterprise)
    )
