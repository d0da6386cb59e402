"""Who may see which cases and make which move: decided here, from the org scoping in `orgs`.

- A user sees the cases that arose in or are owned by an org their roles reach, and partner users
  the cases ever referred to their agency. A case outside one's scope answers like a missing one.
- Handling moves belong to chair/staff/admin roles reaching the owner org; reporting back to the
  partner agency the case is referred to; reopening to supervisors reaching the owner org.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from lianxin.cases.models import Case, Referral
from lianxin.cases.states import Action, actions_from
from lianxin.core.errors import PermissionDenied
from lianxin.orgs import permissions as org_perms
from lianxin.orgs.models import Org, subtree_q

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class WorkerActor:
    """The worker who raised one case, proven by its receipt or their own login — not a staff user.

    They see that case's public timeline, write to it, and rate the outcome; nothing else.
    """

    case_id: int
    journal_label: str = "@worker"  # shown as “the worker” on timelines; never a name

    is_authenticated = False
    is_superuser = False


HANDLER_ACTIONS = frozenset(
    {
        Action.ACCEPT,
        Action.REJECT,
        Action.START,
        Action.PROGRESS,
        Action.REFER,
        Action.ESCALATE,
        Action.RESOLVE,
        Action.FEEDBACK,
        Action.CLOSE,
    }
)
PARTNER_ACTIONS = frozenset({Action.REPORT_BACK, Action.PROGRESS})
SUPERVISOR_ACTIONS = frozenset({Action.REOPEN})


def visible_cases(user: AnyUser) -> QuerySet[Case]:
    """Every case the user may see, as one queryset."""
    if not user.is_authenticated:
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    paths, own = org_perms.reach(user, org_perms.ALL_ROLES)
    if not paths and not own:
        return Case.objects.none()
    in_subtree = cases_in_subtrees_q(paths)
    if not own:
        return Case.objects.filter(in_subtree)
    return Case.objects.filter(in_subtree | _referred_to(own))


def visible_case_parts(user: AnyUser, *, org_ids_first: bool = False) -> list[QuerySet[Case]]:
    """`visible_cases(user)` as disjoint querysets, each answered by one index range.

    The OR of "arose in the scope" and "owned in it" makes both databases fetch every row of the
    scope from the table (SQLite's MULTI-INDEX OR and PostgreSQL's BitmapOr never read an index
    alone). Split — arose in the scope; owned in it but arose outside (a handful: escalated or
    corrected cases); referred to the user's agency and neither — each part walks one covering
    index (see Case.Meta.indexes), so the counts above a district's ledger read no table row.
    """
    if not user.is_authenticated or user.is_superuser:
        return [visible_cases(user)]
    paths, own = org_perms.reach(user, org_perms.ALL_ROLES)
    parts = cases_in_subtrees_parts(paths, org_ids_first=org_ids_first) if paths else []
    if own:
        referred = Q(_referred_to(own))
        parts.append(referred & ~cases_in_subtrees_q(paths) if paths else referred)
    return [Case.objects.filter(part) for part in parts] or [Case.objects.none()]


def cases_in_subtrees_parts(paths: list[str], *, org_ids_first: bool = False) -> list[Q]:
    """`cases_in_subtrees_q` as disjoint conditions: arose in the subtrees; owned there, arose outside.

    The orgs as a subquery (one range scan on their path index), not as a list of ids: a
    district's ~700 ids as parameters cost more to prepare, in Python, than the query to run, and
    on PostgreSQL every filtered ledger took ~50 ms longer with them (1,000,000 cases).
    `org_ids_first` is for a text search: PostgreSQL, not knowing how many orgs the subquery
    holds, takes the text condition for the selective one and scans every case (5 s); with the
    ids in hand it starts from the scope (0.5 s). SQLite plans both alike: the subquery stays.
    """
    in_subtrees = subtree_q(paths, field="path")
    orgs: Any = Org.objects.filter(in_subtrees).values("pk")
    if org_ids_first and connection.vendor == "postgresql":
        orgs = scope_org_ids(paths)
        if orgs is None:
            return [cases_in_subtrees_q(paths)]
    arose = Q(origin_org_id__in=orgs)
    # NOT EXISTS, not NOT IN: PostgreSQL plans NOT IN (subquery) as a filter over a scan of every
    # case (NULL semantics), NOT EXISTS as an anti-join on the orgs' primary key.
    arose_outside = Q(~Exists(Org.objects.filter(in_subtrees, pk=OuterRef("origin_org_id"))))
    return [arose, Q(owner_org_id__in=orgs) & arose_outside]


def _referred_to(partners: list[int]) -> Exists:
    return Exists(Referral.objects.filter(case=OuterRef("pk"), partner_id__in=partners))


# Above this many orgs in a scope the id list stops paying: the join on the paths is kept.
MAX_SCOPE_IDS = 5000


def scope_org_ids(paths: list[str]) -> list[int] | None:
    """The ids of the orgs in the subtrees (one range scan on the path index); None if too many."""
    ids = list(
        Org.objects.filter(subtree_q(paths, field="path")).values_list("pk", flat=True)[
            : MAX_SCOPE_IDS + 1
        ]
    )
    return None if len(ids) > MAX_SCOPE_IDS else ids


def cases_in_subtrees_q(paths: list[str]) -> Q:
    """Cases owned by or arising in any of the subtrees.

    As `owner_org_id IN ids OR origin_org_id IN ids` (the ids read first, one range scan on the
    orgs' path index), which SQLite (MULTI-INDEX OR) and PostgreSQL (BitmapOr) answer from the two
    foreign-key indexes; an OR across two joins on the orgs' paths makes both read every case.
    """
    if not paths:
        return Q(pk__in=[])
    ids = scope_org_ids(paths)
    if ids is None:
        return subtree_q(paths, field="owner_org__path") | subtree_q(
            paths, field="origin_org__path"
        )
    return Q(owner_org_id__in=ids) | Q(origin_org_id__in=ids)


WORKER_ACTIONS = frozenset({Action.FEEDBACK})


def can_see_case(user: "AnyUser | WorkerActor", case: Case) -> bool:
    if isinstance(user, WorkerActor):
        return user.case_id == case.pk
    return visible_cases(user).filter(pk=case.pk).exists()


def active_referral(case: Case) -> Referral | None:
    return case.referrals.filter(reported_at__isnull=True).select_related("partner").first()


def may(user: "AnyUser | WorkerActor", action: Action, case: Case) -> bool:
    """May `user` make `action` on `case` by role and scope (the state is the table's business)."""
    if isinstance(user, WorkerActor):
        return action in WORKER_ACTIONS and user.case_id == case.pk
    if action in SUPERVISOR_ACTIONS:
        return org_perms.can_supervise(user, case.owner_org)
    if action in PARTNER_ACTIONS and _is_referred_partner(user, case):
        return True
    return action in HANDLER_ACTIONS and org_perms.can_act_in(user, case.owner_org)


def _is_referred_partner(user: AnyUser, case: Case) -> bool:
    referral = active_referral(case)
    return referral is not None and org_perms.reaches(
        user, referral.partner, org_perms.OWN_ORG_ROLES
    )


def ensure_may(user: "AnyUser | WorkerActor", action: Action, case: Case) -> None:
    if not may(user, action, case):
        raise PermissionDenied(
            _("You may not do this to case %(number)s.") % {"number": case.number},
            code="case.permission_denied",
            action=str(action),
        )


def allowed_actions(user: AnyUser, case: Case) -> list[Action]:
    """The moves to offer this user now: in the transition table for the state, and permitted."""
    return [a for a in actions_from(case.status) if may(user, a, case)]


def can_correct(user: AnyUser, case: Case) -> bool:
    """数据治理 is not a workflow move: whoever handles the owner org may fix the record, in any state."""
    return org_perms.can_act_in(user, case.owner_org)


def ensure_can_correct(user: AnyUser, case: Case) -> None:
    if not can_correct(user, case):
        raise PermissionDenied(
            _("You may not do this to case %(number)s.") % {"number": case.number},
            code="case.permission_denied",
        )


def can_register_in(user: AnyUser, org: Org) -> bool:
    return org_perms.can_act_in(user, org)


def can_see_worker_contact(user: AnyUser, case: Case) -> bool:
    """Only the handler sees the worker's full phone number (others see it masked)."""
    return bool(user.is_authenticated and case.handler_id == user.pk)
