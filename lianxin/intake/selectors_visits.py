"""Reads of visit days and their diaries: lianxin.fieldwork's selectors on the visit day's kind,
plus what only visits have (the enterprises one plans them for, their teams)."""

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from lianxin.audit.models import Event
from lianxin.fieldwork import selectors as fieldwork
from lianxin.fieldwork.selectors import WeeklySummary, anonymous_case_numbers, week_of
from lianxin.intake.grounds import VISITS
from lianxin.intake.models import DiaryEntry, VisitDay
from lianxin.orgs.models import Org, OrgKind, OrgQuerySet
from lianxin.orgs.permissions import actionable_orgs

AnyUser = User | AnonymousUser
DONE = VisitDay.Status.DONE

__all__ = ["WeeklySummary", "anonymous_case_numbers", "week_of"]


def visit_days_in_scope(user: AnyUser) -> QuerySet[VisitDay]:
    return fieldwork.days_in_scope(VISITS, user)


def enterprises_for_planning(user: AnyUser) -> OrgQuerySet:
    return actionable_orgs(user).filter(kind=OrgKind.ENTERPRISE, is_active=True).order_by("path")


def visit_list(
    *, user: AnyUser, today: date, upcoming: bool, org: Org | None = None
) -> QuerySet[VisitDay]:
    """Upcoming days soonest first, or past days latest first, with their diary counts."""
    where = {"org": org} if org is not None else {}
    return fieldwork.day_list(VISITS, user=user, today=today, upcoming=upcoming, **where)


def visit_detail(*, user: AnyUser, visit_id: int) -> VisitDay:
    visit: VisitDay = fieldwork.day_detail(VISITS, user=user, day_id=visit_id)
    return visit


def diary_entries(visit: VisitDay) -> QuerySet[DiaryEntry]:
    return fieldwork.diary_entries(visit)


def teams_of(enterprise: Org) -> OrgQuerySet:
    return Org.objects.subtree_of(enterprise).filter(kind=OrgKind.TEAM, is_active=True)


def visit_journal(visit: VisitDay) -> QuerySet[Event]:
    return fieldwork.day_journal(visit)


def entry_in_scope(*, user: AnyUser, entry_id: int) -> DiaryEntry:
    entry: DiaryEntry = fieldwork.entry_in_scope(VISITS, user=user, entry_id=entry_id)
    return entry


def weekly_summary(*, user: AnyUser, day: date) -> WeeklySummary:
    """Visits made, diary entries, cases raised and resolved, for the week of `day`."""
    return fieldwork.weekly_summary(VISITS, user=user, day=day)
