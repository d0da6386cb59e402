"""What a signed-in person may do now: the menus they see and the tasks on their home page.

Composition level: it reads every app through that app's own permissions and selectors, so a menu
item or a home task appears only for a role that can use it.
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import HttpRequest

from lianxin.cases.models import Case, Referral
from lianxin.cases.permissions import visible_cases
from lianxin.contests.models import Contest, Entry, Participant
from lianxin.contests.selectors import judging_queue
from lianxin.intake.services.worker import cases_of_account
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import RoleName
from lianxin.proposals.models import Proposal
from lianxin.proposals.permissions import own_proposals

AnyUser = User | AnonymousUser

# Roles that read the ledger of an org subtree: the ledger, analysis and consultation menus.
LEDGER_ROLES = org_perms.SUBTREE_ROLES
HOME_LIMIT = 10


class Menu:
    """Which staff menus the user can use, each decided by the owning app's permission rules."""

    def __init__(self, user: AnyUser) -> None:
        self.user = user

    @cached_property
    def _roles(self) -> set[str]:
        if self.user.is_authenticated and self.user.is_superuser:
            return {r.value for r in RoleName}
        return org_perms.role_names(self.user)

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
class Home:
    """The home page's tasks: each list holds only what is the user's own to do or to follow."""

    my_cases: list[Case]
    my_proposals: list[Proposal]
    my_entries: list[Entry]
    to_score: list[Entry]
    to_report: list[Referral]


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


def home_of(user: User, menu: Menu) -> Home:
    return Home(
        my_cases=my_cases(user),
        my_proposals=my_proposals(user),
        my_entries=my_entries(user),
        to_score=entries_to_score(user, menu.judging),
        to_report=list(referrals_to_report(user)[:HOME_LIMIT]) if menu.partner else [],
    )
