"""The activity figures of an org subtree over a period, defined once and computed in the database.

- Activities: the subtree's activities whose period (starts_on – ends_on) overlaps the period.
- Sign-ups: sign-ups of those activities holding a place (signed up, completed or not come).
- Waiting: sign-ups of those activities on the waiting list now.
- 人次: attendance rows at the subtree's sessions held in the period (one per person and session).
- Persons served: distinct persons present at a session in the period, or whose sign-up was
  completed in the period (a one-off health check may have no sessions).
Each figure also by kind (托管班, 免费体检, …).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lianxin.activities.models import Activity, Attendance, SignUp
from lianxin.activities.permissions import ROSTER_ROLES
from lianxin.activities.states import PLACE_STATES, Kind, SignUpState
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, subtree_q
from lianxin.orgs.permissions import AnyUser

TERMS = ("activities", "signups", "waiting", "attendances", "persons")


@dataclass(frozen=True)
class Figures:
    org: str
    start: date
    end: date
    activities: int = 0
    signups: int = 0
    waiting: int = 0
    attendances: int = 0  # 人次
    persons: int = 0
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "org": self.org, "start": self.start, "end": self.end,
            **{t: getattr(self, t) for t in TERMS}, "by_kind": self.by_kind,
        }  # fmt: skip


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    first = datetime.combine(start, time.min, tzinfo=zone)
    return first, datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)


def activities_in(org: Org, start: date, end: date) -> QuerySet[Activity]:
    rows = Activity.objects.filter(subtree_q([org.path], field="org__path"))
    return rows.filter(starts_on__lte=end, ends_on__gte=start)


def attendances_in(org: Org, start: date, end: date) -> QuerySet[Attendance]:
    first, after = _bounds(start, end)
    return Attendance.objects.filter(
        subtree_q([org.path], field="session__activity__org__path"),
        session__starts_at__gte=first,
        session__starts_at__lt=after,
    )


def served_in(org: Org, start: date, end: date) -> QuerySet[SignUp]:
    """Sign-ups that served their person in the period (present at a session, or completed)."""
    first, after = _bounds(start, end)
    present = Attendance.objects.filter(
        signup=OuterRef("pk"), session__starts_at__gte=first, session__starts_at__lt=after
    )
    rows = SignUp.objects.filter(subtree_q([org.path], field="activity__org__path"))
    return rows.filter(Exists(present) | Q(completed_on__gte=start, completed_on__lte=end))


def _by_kind(rows: QuerySet[Any], kind_field: str, count: Any) -> dict[str, int]:
    grouped = rows.order_by().values(kind_field).annotate(n=count)
    return {row[kind_field]: row["n"] for row in grouped}


def figures(org: Org, start: date, end: date) -> Figures:
    """The subtree's figures for the period (a handful of grouped queries)."""
    acts = activities_in(org, start, end)
    signups = SignUp.objects.filter(activity__in=acts.values("pk"))
    parts = {
        "activities": _by_kind(acts, "kind", Count("pk")),
        "signups": _by_kind(
            signups.filter(state__in=sorted(PLACE_STATES)), "activity__kind", Count("pk")
        ),
        "waiting": _by_kind(
            signups.filter(state=SignUpState.WAITING), "activity__kind", Count("pk")
        ),
        "attendances": _by_kind(
            attendances_in(org, start, end), "session__activity__kind", Count("pk")
        ),
        "persons": _by_kind(
            served_in(org, start, end), "activity__kind", Count("person", distinct=True)
        ),
    }
    by_kind = {
        kind: {term: parts[term].get(kind, 0) for term in TERMS}
        for kind in Kind.values
        if any(parts[term].get(kind) for term in TERMS)
    }
    totals = {term: sum(parts[term].values()) for term in TERMS if term != "persons"}
    persons = served_in(org, start, end).aggregate(n=Count("person", distinct=True))["n"]
    return Figures(org.code, start, end, persons=persons, by_kind=by_kind, **totals)


# ---- the 活动服务 area (core.areas) ---------------------------------------------------------------


def measured_orgs(user: AnyUser, org: Org | None) -> list[Org]:
    """`org` when the roles that read rosters reach it (else none); None: the outermost orgs those
    roles reach (an administrator: the roots), so no subtree counts twice."""
    return org_perms.measured_orgs(user, org, ROSTER_ROLES)


def activity_signups(user: AnyUser, org: Org | None, start: date, end: date) -> int:
    """The figures' sign-ups (places held in the activities of the period) over the scope."""
    return sum(figures(measured, start, end).signups for measured in measured_orgs(user, org))
