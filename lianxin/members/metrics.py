"""入会率 and the member figures, defined once and computed in the database.

- Members of an org subtree at a date: memberships in the subtree that were active that day
  (joined on or before it, not ended by it: a transfer on day D counts in the new union from D).
- Workforce of a subtree at a date: the sum, over the orgs of the subtree, of each org's latest
  workforce record on or before the date. An org records its own workforce (the workers directly in
  it), so a federation's figure is its enterprises' and unions' figures added up, never counted twice.
- 入会率 = members ÷ workforce; gig 入会率 = gig members (rider, courier, ride-hailing, truck driver,
  other gig work) ÷ gig workforce. A rate has its numerator and denominator; its value is None when
  there is nothing to divide by (never a made-up 0 % or 100 %). It may exceed 100 % when the recorded
  workforce lags the registry; it is reported as computed, not capped.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Left
from django.utils import timezone

from lianxin.members.models import Membership, MembershipTarget, Workforce
from lianxin.members.permissions import SEEING_ROLES
from lianxin.members.states import GIG_FORMS, ONCE_ACTIVE_STATES, EmploymentForm
from lianxin.orgs import permissions as org_perms
from lianxin.orgs import tree
from lianxin.orgs.models import Org, subtree_q


@dataclass(frozen=True)
class Rate:
    """A share that can be checked: `numerator` of `denominator`."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        return round(100 * self.numerator / self.denominator, 1) if self.denominator else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "percent": self.percent,
        }


def _day(on: date | None) -> date:
    return on or timezone.localdate()


def members_at(org: Org, on: date | None = None) -> QuerySet[Membership]:
    """The memberships of `org`'s subtree that were active on `on` (default: today)."""
    day = _day(on)
    return Membership.objects.filter(
        subtree_q([org.path], field="org__path"),
        state__in=sorted(ONCE_ACTIVE_STATES),
        joined_on__lte=day,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def _latest_workforce(org: Org, on: date | None) -> QuerySet[Workforce]:
    """Each org's latest workforce record on or before `on`, over `org`'s subtree."""
    latest = (
        Workforce.objects.filter(org=OuterRef("org"), on__lte=_day(on))
        .order_by("-on")
        .values("on")[:1]
    )
    return Workforce.objects.filter(subtree_q([org.path], field="org__path"), on=Subquery(latest))


def workforce_at(org: Org, on: date | None = None) -> tuple[int, int]:
    """(total, gig) workforce of `org`'s subtree on `on`: each org's latest record, summed."""
    rows = _latest_workforce(org, on).aggregate(total=Sum("total"), gig=Sum("gig"))
    return rows["total"] or 0, rows["gig"] or 0


def member_counts(org: Org, on: date | None = None) -> tuple[int, int]:
    """(members, gig members) of the subtree on `on`, in one query."""
    counts = members_at(org, on).aggregate(
        members=Count("pk"), gig=Count("pk", filter=Q(person__employment_form__in=GIG_FORMS))
    )
    return counts["members"], counts["gig"]


def figures(org: Org, on: date | None = None) -> dict[str, Any]:
    """What `GET /api/members/figures` answers for an org subtree."""
    members, gig_members = member_counts(org, on)
    workforce, gig_workforce = workforce_at(org, on)
    return {
        "org": org.code,
        "on": _day(on).isoformat(),
        "members": members,
        "workforce": workforce,
        "membership_rate": Rate(members, workforce).as_dict(),
        "gig_members": gig_members,
        "gig_workforce": gig_workforce,
        "gig_membership_rate": Rate(gig_members, gig_workforce).as_dict(),
    }


def by_employment_form(org: Org, on: date | None = None) -> dict[str, int]:
    """Members of the subtree on `on` by employment form (every form present, 0 when none)."""
    rows = members_at(org, on).values("person__employment_form").annotate(n=Count("pk"))
    counts = {row["person__employment_form"]: row["n"] for row in rows}
    return {form: counts.get(form, 0) for form in EmploymentForm.values}


def by_child(org: Org, on: date | None = None) -> list[tuple[Org, Rate]]:
    """入会率 of each org directly below `org` (a province by city), each over its own subtree:
    the members and the workforce each in one query grouped by the child's path (paths have
    fixed-width segments), not two queries per child."""
    child = Left("org__path", len(org.path) + tree.SEGMENT)
    members = dict(
        members_at(org, on).annotate(child=child).values("child").annotate(n=Count("pk"))
        .values_list("child", "n")
    )  # fmt: skip
    workforce = dict(
        _latest_workforce(org, on).annotate(child=child).values("child")
        .annotate(n=Sum("total")).values_list("child", "n")
    )  # fmt: skip
    return [
        (c, Rate(members.get(c.path, 0), workforce.get(c.path) or 0))
        for c in org.children.filter(is_active=True).order_by("path")
    ]


@dataclass(frozen=True)
class TargetProgress:
    target: MembershipTarget
    rate: Rate

    @property
    def reached(self) -> bool:
        value = self.rate.value
        return value is not None and Decimal(str(value)) >= self.target.rate


def target_progress(org: Org, year: int, on: date | None = None) -> list[TargetProgress]:
    """The org's targets for `year` beside the rate they measure (the gig rate for a gig target)."""
    members, gig_members = member_counts(org, on)
    workforce, gig_workforce = workforce_at(org, on)
    return [
        TargetProgress(
            t, Rate(gig_members, gig_workforce) if t.gig_only else Rate(members, workforce)
        )
        for t in MembershipTarget.objects.filter(org=org, year=year).order_by("gig_only")
    ]


# ---- the cockpit's areas 会员与入会 and 新就业形态入会 (core.areas; apps.py registers them) --------
# Each takes (user, org, start, end): `org` one whose members the user may see (None: the outermost
# such orgs). Members and rates are those at `end`; new members joined on the days start..end. An
# org outside the user's scope answers the empty figure, never another union's.


def new_members(org: Org, start: date, end: date) -> int:
    """新入会: memberships of the subtree that began on the days start..end; a transfer is not one
    (the person was a member already)."""
    from lianxin.members.states import Channel

    joined = Membership.objects.filter(
        subtree_q([org.path], field="org__path"),
        state__in=sorted(ONCE_ACTIVE_STATES),
        joined_on__gte=start,
        joined_on__lte=end,
    )
    return joined.exclude(channel=Channel.TRANSFER).count()


def area_orgs(user: Any, org: Org | None) -> list[Org]:
    """`org` when the user may see its members (else none); None: the outermost orgs whose members
    the user may see (an administrator: the roots). Their subtrees are disjoint."""
    return org_perms.measured_orgs(user, org, SEEING_ROLES)


def area_member_count(user: Any, org: Org | None, start: date, end: date) -> int:
    return sum(member_counts(o, end)[0] for o in area_orgs(user, org))


def area_gig_members(user: Any, org: Org | None, start: date, end: date) -> int:
    return sum(member_counts(o, end)[1] for o in area_orgs(user, org))


def area_new_members(user: Any, org: Org | None, start: date, end: date) -> int:
    return sum(new_members(o, start, end) for o in area_orgs(user, org))


def area_membership_rate(user: Any, org: Org | None, start: date, end: date) -> Rate:
    rows = [(member_counts(o, end)[0], workforce_at(o, end)[0]) for o in area_orgs(user, org)]
    return Rate(sum(m for m, _w in rows), sum(w for _m, w in rows))


def area_gig_membership_rate(user: Any, org: Org | None, start: date, end: date) -> Rate:
    rows = [(member_counts(o, end)[1], workforce_at(o, end)[1]) for o in area_orgs(user, org)]
    return Rate(sum(m for m, _w in rows), sum(w for _m, w in rows))
