"""The intake's business areas as the cockpit counts them (core.areas): 陪伴日, 12351热线, 随手拍
and 数据治理, each through the reads the intake's own pages use.

`compute(user, org, start, end)`: `org` an org the user may see (None: their whole scope), the days
[start, end] both included, Beijing time. An org outside the user's scope counts nothing.
"""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, QuerySet

from lianxin.cases import metrics as case_metrics
from lianxin.cases.filters import day_start
from lianxin.cases.models import Case, Channel
from lianxin.fieldwork import selectors as fieldwork
from lianxin.fieldwork.selectors import entry_counts
from lianxin.intake import quality
from lianxin.intake.grounds import VISITS
from lianxin.intake.models import DiaryEntry, VisitDay
from lianxin.intake.selectors_visits import visit_days_in_scope
from lianxin.orgs.models import Org, subtree_q
from lianxin.orgs.permissions import can_see_org, visible_orgs


def _outside(user: Any, org: Org | None) -> bool:
    return org is not None and not can_see_org(user, org)


# ---- 陪伴日 -------------------------------------------------------------------------------------


def _visit_orgs(user: Any, org: Org | None) -> QuerySet[Org]:
    orgs = visible_orgs(user)
    return orgs if org is None else orgs.filter(subtree_q([org.path], field="path"))


def _visit_days(user: Any, org: Org | None, start: date, end: date) -> QuerySet[VisitDay]:
    """Visit days (any state) on the days [start, end] at enterprises of the scope."""
    days = visit_days_in_scope(user).filter(date__range=(start, end))
    return days if org is None else days.filter(org__in=_visit_orgs(user, org))


def visit_days_held(user: Any, org: Org | None, start: date, end: date) -> int:
    """Visit days that took place (done) on the days [start, end]."""
    if _outside(user, org):
        return 0
    return fieldwork.days_held(VISITS, start=start, end=end, org__in=_visit_orgs(user, org))


def _entry_figures(user: Any, org: Org | None, start: date, end: date) -> dict[str, int]:
    """Diary entries and the cases raised from them, counted in the period of their day (as the
    weekly summary counts them)."""
    if _outside(user, org):
        return {"entries_recorded": 0, "cases_raised": 0}
    entries = DiaryEntry.objects.filter(visit__in=_visit_days(user, org, start, end))
    return entries.aggregate(**entry_counts())


def visit_entries(user: Any, org: Org | None, start: date, end: date) -> int:
    """民意日记: things heard on the visit days of the period."""
    return int(_entry_figures(user, org, start, end)["entries_recorded"])


def visit_cases_raised(user: Any, org: Org | None, start: date, end: date) -> int:
    """Cases raised from those entries, named or anonymous."""
    return int(_entry_figures(user, org, start, end)["cases_raised"])


# ---- 12351热线, 随手拍: the ledger's cases of one channel ------------------------------------------


def _channel_count(channel: str, user: Any, org: Org | None, start: date, end: date) -> int:
    cases = case_metrics.area_cases(user, org, start, end)
    return case_metrics.case_count(
        case_metrics.cases_in(case_metrics.Scope(channel=channel), cases)
    )


def hotline_calls(user: Any, org: Org | None, start: date, end: date) -> int:
    """Cases registered from 12351 hotline calls in the period, where they arose (as 诉求量)."""
    return _channel_count(Channel.HOTLINE, user, org, start, end)


def snapshot_reports(user: Any, org: Org | None, start: date, end: date) -> int:
    """随手拍 reports (the snapshot channel, Open311 apps included) registered in the period."""
    return _channel_count(Channel.SNAPSHOT, user, org, start, end)


# ---- 数据治理 ------------------------------------------------------------------------------------


def quality_issues(user: Any, org: Org | None, start: date, end: date) -> int:
    """Problems the 数据治理 page counts (uncategorised, not attributed, invalid phone, likely
    duplicate; a case with two counts twice), on the cases registered in the period. Twins are
    those the page finds among all the cases of its scope, so a case's flag does not hang on the
    period; but a same-phone twin lies within the duplicate window of the period's days, so that
    window runs over those days ± 30 only, not over the scope's years of cases. (Restricting the
    same-text window to the period's descriptions was measured too: no faster, as descriptions
    repeat across years.)"""
    if _outside(user, org):
        return 0
    scoped: QuerySet[Case] = quality.quality_cases(user=user, org=org)
    lo, hi = day_start(start), day_start(end + timedelta(1))
    in_period = scoped.filter(registered_at__gte=lo, registered_at__lt=hi)
    near = scoped.filter(
        registered_at__gte=lo - quality.DUPLICATE_WINDOW,
        registered_at__lt=hi + quality.DUPLICATE_WINDOW,
    )
    filters = {**quality.SIMPLE_Q, quality.DUPLICATES: quality.duplicates_among(scoped, near)}
    counts = {kind: Count("id", filter=q) for kind, q in filters.items()}
    row = in_period.order_by().aggregate(**counts)
    return sum(int(row[kind]) for kind in quality.KINDS)
