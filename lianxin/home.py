"""What a signed-in person may do now: the menus they see and the tasks on their home page.

Composition level: it reads every app through that app's own permissions and selectors, so a menu
item or a home task appears only for a role that can use it.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lianxin.cases.filters import overdue_q
from lianxin.cases.models import Case, Referral
from lianxin.cases.permissions import cases_in_subtrees_q, visible_cases
from lianxin.cases.selectors import with_overdue
from lianxin.cases.states import OPEN_STATES, Status
from lianxin.cockpit.selectors import AreaFigures, home_headlines
from lianxin.contests.models import Contest, Entry, Participant
from lianxin.contests.selectors import judging_queue
from lianxin.core import clock
from lianxin.intake.models import VisitDay
from lianxin.intake.selectors_visits import visit_list
from lianxin.intake.services.worker import cases_of_account
from lianxin.members.permissions import SEEING_ROLES as MEMBER_ROLES
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import RoleName
from lianxin.proposals.models import Proposal
from lianxin.proposals.permissions import own_proposals, visible_proposals
from lianxin.proposals.states import IN_REVIEW_STATES

AnyUser = User | AnonymousUser

# Roles that read the ledger of an org subtree: the ledger, analysis and consultation menus.
LEDGER_ROLES = org_perms.SUBTREE_ROLES
HOME_LIMIT = 10
# A chair follows their union's open cases, today's visit day and the proposals under review;
# staff and supervisors work from queues over their subtree.
CHAIR_ROLES = frozenset({RoleName.CHAIR})
# A leader's home shows one headline figure per business area (core.areas, read by the cockpit).
LEADER_ROLES = frozenset({RoleName.LEADER})
QUEUE_ROLES = frozenset({RoleName.STAFF, RoleName.SUPERVISOR, RoleName.ADMIN})

M = TypeVar("M", bound=Model)


class Menu:
    """Which staff menus the user can use, each decided by the owning app's permission rules."""

    def __init__(self, user: AnyUser) -> None:
        self.user = user

    @cached_property
    def _roles(self) -> set[str]:
        if self.user.is_authenticated and self.user.is_superuser:
            return {r.value for r in RoleName}
        return org_perms.role_names(self.user)

    def holds(self, roles: frozenset[str]) -> bool:
        """Whether the user holds any of `roles` somewhere (a superuser holds them all)."""
        return bool(self._roles & roles)

    @cached_property
    def ledger(self) -> bool:
        """Anyone whose role reaches cases: staff roles over a subtree, partners their referrals."""
        return bool(self._roles)

    @cached_property
    def supervision(self) -> bool:
        """The 督办 page: supervising roles over a subtree (cases.permissions_supervision)."""
        return bool(self._roles & org_perms.SUPERVISING_ROLES)

    @cached_property
    def intake(self) -> bool:
        """Visit days, the hotline and imports register cases: the handling roles."""
        return bool(self._roles & org_perms.HANDLING_ROLES)

    @cached_property
    def analysis(self) -> bool:
        """The cockpit, topics and duplicates read a subtree."""
        return bool(self._roles & LEDGER_ROLES)

    @cached_property
    def consultation(self) -> bool:
        """The proposal pipeline and meetings of an org (others see their own proposals)."""
        return bool(self._roles & LEDGER_ROLES)

    @cached_property
    def members(self) -> bool:
        """The member registry, applications and figures (members.permissions.SEEING_ROLES)."""
        return bool(self._roles & MEMBER_ROLES)

    @cached_property
    def welfare(self) -> bool:
        """帮扶与保障 (hardship files, 送温暖, mutual aid): the roles that see members see welfare."""
        return bool(self._roles & MEMBER_ROLES)

    @cached_property
    def skills(self) -> bool:
        """学分银行: members' credit totals and certificates (the roles that see members)."""
        return bool(self._roles & MEMBER_ROLES)

    @cached_property
    def activities(self) -> bool:
        """Organised activities, their rosters and 人次 figures (activities.permissions.ROSTER_ROLES)."""
        return bool(self._roles & MEMBER_ROLES)

    @cached_property
    def jobs(self) -> bool:
        """The union's job applications and forms: the handling roles (jobs.permissions.ACTING_ROLES)."""
        return bool(self._roles & org_perms.HANDLING_ROLES)

    @cached_property
    def stations(self) -> bool:
        """My stations (the service log, the figures) for a role over a union's subtree. A 站长
        holds no role: the public list links them to their stations, so that no page pays a
        query for a menu entry only a few users have."""
        return bool(self._roles & org_perms.SUBTREE_ROLES)

    @cached_property
    def tokens(self) -> bool:
        """API tokens connect a union's or an agency's systems: any org role."""
        return bool(self._roles)

    @cached_property
    def judging(self) -> list[Contest]:
        """The contests the user sits on a judging panel of."""
        if not self.user.is_authenticated:
            return []
        return list(Contest.objects.filter(tracks__judges__user=self.user).distinct())

    @cached_property
    def partner(self) -> bool:
        """A partner-agency officer (their own grant: a superuser has no agency to report for)."""
        return RoleName.PARTNER in org_perms.role_names(self.user)


def menus(request: HttpRequest) -> dict[str, Menu]:
    """Context processor: `menu`, computed only for what a page's menus ask."""
    return {"menu": Menu(getattr(request, "user", None) or AnonymousUser())}


@dataclass(frozen=True)
class Shortlist(Generic[M]):
    """The first HOME_LIMIT rows of a list, and whether there are more (the page links to them)."""

    items: list[M]
    more: bool = False

    @classmethod
    def of(cls, qs: QuerySet[M]) -> "Shortlist[M]":
        rows = list(qs[: HOME_LIMIT + 1])  # one row beyond the limit tells that there are more
        return cls(rows[:HOME_LIMIT], len(rows) > HOME_LIMIT)


@dataclass(frozen=True)
class Home:
    """The home page's tasks: each list holds only what is the user's own to do or to follow.

    A list is None when the user's roles give them no such task (the page leaves it out), and an
    empty Shortlist when they do but nothing is waiting (the page says so)."""

    my_cases: list[Case]
    my_proposals: list[Proposal]
    my_entries: list[Entry]
    to_score: list[Entry]
    to_report: list[Referral]
    chair_cases: Shortlist[Case] | None = None
    visits_today: Shortlist[VisitDay] | None = None
    to_review: Shortlist[Proposal] | None = None
    assigned: Shortlist[Case] | None = None
    to_accept: Shortlist[Case] | None = None
    overdue: Shortlist[Case] | None = None
    headlines: list[AreaFigures] | None = None


def my_cases(user: User) -> list[Case]:
    return list(cases_of_account(user=user)[:HOME_LIMIT])


def my_proposals(user: User) -> list[Proposal]:
    return list(own_proposals(user).order_by("-pk")[:HOME_LIMIT])


def my_entries(user: User) -> list[Entry]:
    """The entries of the participants this account registered, newest first."""
    mine = Participant.objects.filter(user=user).values("pk")
    return list(
        Entry.objects.filter(participant__in=mine)
        .select_related("contest", "participant", "track")
        .order_by("-submitted_at")[:HOME_LIMIT]
    )


def entries_to_score(user: User, contests: list[Contest]) -> list[Entry]:
    """The entries in the user's judging queues that they have not scored yet."""
    waiting: list[Entry] = []
    for contest in contests:
        waiting += [e for e in judging_queue(user=user, contest=contest) if e.my_score is None]  # type: ignore[attr-defined]
    return waiting


def referrals_to_report(user: User) -> QuerySet[Referral]:
    """待我反馈: open referrals to the user's partner agencies, oldest first."""
    _paths, partners = org_perms.reach(user, frozenset({RoleName.PARTNER}))
    if not partners:
        return Referral.objects.none()
    return (
        Referral.objects.filter(
            partner_id__in=partners,
            reported_at__isnull=True,
            case__in=visible_cases(user).values("pk"),
        )
        .select_related("case", "partner")
        .order_by("referred_at", "pk")
    )


# ---- a chair's home: their union's open cases, today's visit day, proposals under review ----------


def role_scope(user: User, roles: frozenset[str]) -> Q | None:
    """The cases in the subtrees the user's `roles` reach (None: those roles reach nothing)."""
    if user.is_superuser:
        return Q()
    paths, _own = org_perms.reach(user, roles)
    return cases_in_subtrees_q(paths) if paths else None


def _case_rows(scope: Q, *extra: Q) -> QuerySet[Case]:
    qs = Case.objects.filter(scope, *extra).select_related("category", "owner_org")
    return with_overdue(qs)


def open_cases(scope: Q) -> Shortlist[Case]:
    """The open cases of the scope, overdue first, then by the resolution deadline."""
    rows = _case_rows(scope, Q(status__in=OPEN_STATES))
    return Shortlist.of(rows.order_by("-is_overdue", "resolution_due", "pk"))


def visits_today(user: User) -> Shortlist[VisitDay]:
    """Today's visit days (陪伴日) of the enterprises the user chairs."""
    today = timezone.localdate(clock.now())
    chaired = org_perms.orgs_reached(user, CHAIR_ROLES)
    days = visit_list(user=user, today=today, upcoming=True).filter(date=today, org__in=chaired)
    return Shortlist.of(days)


def proposals_to_review(user: User) -> Shortlist[Proposal]:
    """Proposals under review in the enterprises the user chairs, oldest first."""
    chaired = org_perms.orgs_reached(user, CHAIR_ROLES)
    rows = visible_proposals(user).filter(status__in=IN_REVIEW_STATES, enterprise__in=chaired)
    return Shortlist.of(rows.select_related("enterprise").order_by("submitted_at", "pk"))


# ---- staff and supervisors: the queues of their subtree ------------------------------------------


def assigned_to(user: User, scope: Q) -> Shortlist[Case]:
    """Open cases the user handles, deadline soonest first."""
    rows = _case_rows(scope, Q(handler=user), Q(status__in=OPEN_STATES))
    return Shortlist.of(rows.order_by("resolution_due", "pk"))


def awaiting_acceptance(scope: Q) -> Shortlist[Case]:
    """Registered cases nobody has accepted yet, the response deadline soonest first."""
    rows = _case_rows(scope, Q(status=Status.REGISTERED))
    return Shortlist.of(rows.order_by("response_due", "pk"))


def overdue_cases(scope: Q) -> Shortlist[Case]:
    """Overdue cases of the subtree, the longest overdue first."""
    rows = _case_rows(scope, overdue_q(clock.now()))
    return Shortlist.of(rows.order_by("resolution_due", "pk"))


def chair_tasks(user: User) -> dict[str, Shortlist]:
    scope = role_scope(user, CHAIR_ROLES)
    if scope is None:
        return {}
    return {
        "chair_cases": open_cases(scope),
        "visits_today": visits_today(user),
        "to_review": proposals_to_review(user),
    }


def queue_tasks(user: User) -> dict[str, Shortlist]:
    scope = role_scope(user, QUEUE_ROLES)
    if scope is None:
        return {}
    return {
        "assigned": assigned_to(user, scope),
        "to_accept": awaiting_acceptance(scope),
        "overdue": overdue_cases(scope),
    }


def leader_headlines(user: User) -> list[AreaFigures]:
    """Each business area's headline over this year so far, for the leader's scope."""
    return home_headlines(user, timezone.localdate(clock.now()))


def home_of(user: User, menu: Menu) -> Home:
    return Home(
        my_cases=my_cases(user),
        my_proposals=my_proposals(user),
        my_entries=my_entries(user),
        to_score=entries_to_score(user, menu.judging),
        to_report=list(referrals_to_report(user)[:HOME_LIMIT]) if menu.partner else [],
        **(chair_tasks(user) if menu.holds(CHAIR_ROLES) else {}),
        **(queue_tasks(user) if menu.holds(QUEUE_ROLES) else {}),
        headlines=leader_headlines(user) if menu.holds(LEADER_ROLES) else None,
    )
