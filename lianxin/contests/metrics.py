"""The contest figures of the cockpit's area 创新竞赛, defined once and computed in the database.

- An entry counts where its participant works: the participant's enterprise in the org's subtree
  (a district's figure holds its workers' entries to the city's contest, not the other districts'),
  on the day it was submitted (Beijing time), in any state, as the contest list counts entries.
- contest_entries: entries submitted in the period.
- contest_participants: participants — a person or a team, each counted once, as the contest list
  counts them — with an entry submitted in the period.

The area functions take (user, org, start, end): `org` one the user's subtree roles reach (None: the
outermost orgs they reach), `start`/`end` days, both included. An org the user's roles do not reach
answers 0: an outsider sees nothing of another union's workers.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, QuerySet

from lianxin.audit.models import Event
from lianxin.cases.deadlines import BEIJING
from lianxin.contests.models import Challenge, Entry
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, subtree_q


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BEIJING)


def entries_of(org: Org, start: date, end: date) -> QuerySet[Entry]:
    """Entries of participants of `org`'s subtree submitted on the days start..end."""
    return Entry.objects.filter(
        subtree_q([org.path], field="participant__enterprise__path"),
        submitted_at__gte=_day_start(start),
        submitted_at__lt=_day_start(end + timedelta(days=1)),
    )


def entry_counts(org: Org, start: date, end: date) -> tuple[int, int]:
    """(entries, participants with an entry) of `org`'s subtree in the period, in one query."""
    row = (
        entries_of(org, start, end)
        .order_by()
        .aggregate(entries=Count("pk"), participants=Count("participant", distinct=True))
    )
    return row["entries"], row["participants"]


def area_orgs(user: Any, org: Org | None) -> list[Org]:
    """`org` when a subtree role of the user reaches it (else none); None: the outermost orgs the
    user's subtree roles reach (an administrator: the roots). Their subtrees are disjoint."""
    return org_perms.measured_orgs(user, org, org_perms.SUBTREE_ROLES)


def contest_entries(user: Any, org: Org | None, start: date, end: date) -> int:
    return sum(entry_counts(o, start, end)[0] for o in area_orgs(user, org))


def contest_participants(user: Any, org: Org | None, start: date, end: date) -> int:
    # A participant has one enterprise, so the orgs' disjoint subtrees add up exactly.
    return sum(entry_counts(o, start, end)[1] for o in area_orgs(user, org))


# ---- 揭榜挂帅 ------------------------------------------------------------------------------------
#
# - challenges_posted: challenges the scope's orgs posted on the days of the period.
# - challenges_solved: challenges of the scope's orgs whose poster accepted a delivery (the journal's
#   `solved` event) on the days of the period — when it was solved, not when it was posted.


def challenges_of(org: Org) -> QuerySet[Challenge]:
    return Challenge.objects.filter(subtree_q([org.path], field="org__path"))


def challenges_posted_in(org: Org, start: date, end: date) -> int:
    return (
        challenges_of(org)
        .filter(posted_at__gte=_day_start(start), posted_at__lt=_day_start(end + timedelta(days=1)))
        .count()
    )


def challenges_solved_in(org: Org, start: date, end: date) -> int:
    solved = Event.objects.filter(
        target_type="contests.challenge", kind="solved",
        target_id__in=challenges_of(org).values("pk"),
        at__gte=_day_start(start), at__lt=_day_start(end + timedelta(days=1)),
    )  # fmt: skip
    return solved.values("target_id").distinct().count()


def challenges_posted(user: Any, org: Org | None, start: date, end: date) -> int:
    return sum(challenges_posted_in(o, start, end) for o in area_orgs(user, org))


def challenges_solved(user: Any, org: Org | None, start: date, end: date) -> int:
    return sum(challenges_solved_in(o, start, end) for o in area_orgs(user, org))
