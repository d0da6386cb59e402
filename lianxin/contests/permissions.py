"""Who may see and do what in contests and on the challenge board: decided here and nowhere else.

- Organisers are the handling roles (chair, staff, admin) reaching the contest's owner org.
- Judges sit on one track's panel; a judge never sees or scores an entry from their own enterprise
  (the enterprise on their panel seat, or any enterprise or team where they hold a role) — conflict of
  interest is checked against the participant's enterprise and every team member's enterprise.
- A participant's entries are submitted by the account that registered it (or by an organiser).
- Screening level by level: the participant's enterprise union (部门初审), the organiser (小组复审),
  or the track's judges (专家评审).
- A challenge is managed by the handling roles reaching the org that posted it; a claim by its claimant.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from lianxin.contests.models import (
    Challenge,
    Claim,
    Contest,
    Entry,
    Judge,
    Participant,
    ParticipantKind,
    ScreenerKind,
    ScreeningLevel,
    TeamMember,
)
from lianxin.contests.states import EntryStatus
from lianxin.orgs import permissions as org_perms
from lianxin.orgs import tree
from lianxin.orgs.models import Org, OrgKind

AnyUser = User | AnonymousUser


# ---- contests -----------------------------------------------------------------------------------


def _paths_up(user: AnyUser) -> set[str]:
    """The paths of the orgs where the user holds a role, and of all their ancestors."""
    paths: set[str] = set()
    for g in org_perms.grants_of(user):
        paths |= {g.path, *tree.ancestor_paths(g.path)}
    return paths


def visible_contests(user: AnyUser) -> QuerySet[Contest]:
    """Public contests; the others of the user's orgs and the orgs above them (an enterprise under a
    federation sees the federation's internal contest); those they take part in or judge."""
    if user.is_authenticated and user.is_superuser:
        return Contest.objects.all()
    q = Q(is_public=True)
    if user.is_authenticated:
        q |= Q(owner_org__path__in=_paths_up(user)) | Q(owner_org__in=org_perms.visible_orgs(user))
        q |= Q(participants__user_id=user.pk) | Q(tracks__judges__user_id=user.pk)
    return Contest.objects.filter(q).distinct()


def can_see_contest(user: AnyUser, contest: Contest) -> bool:
    """Public contests to anyone; the others to the organiser's org, the orgs above and below it,
    their participants and their judges."""
    if contest.is_public or org_perms.can_see_org(user, contest.owner_org):
        return True
    if not user.is_authenticated:
        return False
    return (
        contest.owner_org.path in _paths_up(user)
        or contest.participants.filter(user_id=user.pk).exists()
        or Judge.objects.filter(track__contest=contest, user_id=user.pk).exists()
    )


def can_manage_contest(user: AnyUser, contest: Contest) -> bool:
    return org_perms.can_act_in(user, contest.owner_org)


def can_submit_for(user: AnyUser, participant: Participant) -> bool:
    if not user.is_authenticated:
        return False
    return participant.user_id == user.pk or can_manage_contest(user, participant.contest)


# ---- judges and conflict of interest ------------------------------------------------------------


def _enterprise_id(kind: str, pk: int, parent_id: int | None) -> int | None:
    if kind == OrgKind.ENTERPRISE:
        return pk
    return parent_id if kind == OrgKind.TEAM else None


def judge_enterprise_ids(user: AnyUser, contest_id: int) -> set[int]:
    """The enterprises a judge belongs to: their panel seats' and those of their roles."""
    if not user.is_authenticated:
        return set()
    seats = Judge.objects.filter(user=user, track__contest_id=contest_id, enterprise__isnull=False)
    return set(seats.values_list("enterprise_id", flat=True)) | _role_enterprise_ids(user)


def _role_enterprise_ids(user: AnyUser) -> set[int]:
    """The enterprises where the user holds a role (a team's role counting as its enterprise's)."""
    ids: set[int] = set()
    org_ids = {g.org_id for g in org_perms.grants_of(user)}
    if not org_ids:
        return ids
    for kind, pk, parent_id in Org.objects.filter(pk__in=org_ids).values_list(
        "kind", "pk", "parent_id"
    ):
        ent = _enterprise_id(kind, pk, parent_id)
        if ent is not None:
            ids.add(ent)
    return ids


def participant_enterprise_ids(participant: Participant) -> set[int]:
    """The participant's enterprise and its members', a team counting as its enterprise."""
    ent = participant.enterprise
    own = {ent.pk, _enterprise_id(ent.kind, ent.pk, ent.parent_id) or ent.pk}
    if participant.kind != ParticipantKind.TEAM:
        return own
    orgs = Org.objects.filter(
        Q(pk=participant.enterprise_id)
        | Q(pk__in=TeamMember.objects.filter(participant=participant).values("enterprise_id"))
    )
    for kind, pk, parent_id in orgs.values_list("kind", "pk", "parent_id"):
        own |= {pk, _enterprise_id(kind, pk, parent_id) or pk}
    return own


def has_conflict(user: AnyUser, entry: Entry) -> bool:
    """The entry comes from (a member of) the judge's own enterprise."""
    mine = judge_enterprise_ids(user, entry.contest_id)
    return bool(mine & participant_enterprise_ids(entry.participant))


def judging_check(user: AnyUser, entry: Entry) -> tuple[bool, bool]:
    """(is the user a judge of the entry's track, would scoring it be a conflict of interest)."""
    if not user.is_authenticated:
        return False, False
    seats = list(
        Judge.objects.filter(user=user, track__contest_id=entry.contest_id).values_list(
            "track_id", "enterprise_id"
        )
    )
    mine = {ent for _track, ent in seats if ent} | _role_enterprise_ids(user)
    is_judge = any(track == entry.track_id for track, _ent in seats)
    return is_judge, bool(mine & participant_enterprise_ids(entry.participant))


def is_judge_of(user: AnyUser, track_id: int) -> bool:
    return user.is_authenticated and Judge.objects.filter(user=user, track_id=track_id).exists()


def can_score(user: AnyUser, entry: Entry) -> bool:
    return is_judge_of(user, entry.track_id) and not has_conflict(user, entry)


def entries_to_judge(user: AnyUser, contest: Contest) -> QuerySet[Entry]:
    """What a judge sees: qualified entries of their tracks, never one from their own enterprise."""
    if not user.is_authenticated:
        return Entry.objects.none()
    mine = judge_enterprise_ids(user, contest.pk)
    return (
        Entry.objects.filter(
            contest=contest,
            track__judges__user=user,
            status__in=[EntryStatus.QUALIFIED, EntryStatus.SCORED],
        )
        # a team (a child of an enterprise) counts as its enterprise
        .exclude(participant__enterprise_id__in=mine)
        .exclude(participant__enterprise__parent_id__in=mine)
        .exclude(participant__members__enterprise_id__in=mine)
        .exclude(participant__members__enterprise__parent_id__in=mine)
        .distinct()
    )


# ---- screening ----------------------------------------------------------------------------------


def can_screen(user: AnyUser, entry: Entry, level: ScreeningLevel) -> bool:
    if not user.is_authenticated:
        return False
    if level.screener == ScreenerKind.ENTERPRISE:
        return org_perms.can_act_in(user, entry.participant.enterprise)
    if level.screener == ScreenerKind.ORGANISER:
        return can_manage_contest(user, entry.contest)
    return can_score(user, entry)


def screenable_entries(user: AnyUser, contest: Contest) -> list[Entry]:
    """Entries waiting at a level this user decides: the same rule as `can_screen`, in a fixed
    number of queries however many entries wait."""
    if not user.is_authenticated:
        return []
    levels = {lv.order: lv for lv in contest.screening_levels.all()}
    pending = (
        Entry.objects.filter(
            contest=contest, status__in=[EntryStatus.SUBMITTED, EntryStatus.SCREENING]
        )
        .select_related("participant__enterprise", "track", "contest", "stage")
        .prefetch_related("attachments", "participant__members__enterprise")
        .order_by("submitted_at", "pk")
    )
    manage = can_manage_contest(user, contest)
    judged = set(
        Judge.objects.filter(user_id=user.pk, track__contest=contest).values_list(
            "track_id", flat=True
        )
    )
    mine = judge_enterprise_ids(user, contest.pk) if judged else set()

    def decides(entry: Entry, level: ScreeningLevel) -> bool:
        if level.screener == ScreenerKind.ENTERPRISE:
            return org_perms.can_act_in(user, entry.participant.enterprise)
        if level.screener == ScreenerKind.ORGANISER:
            return manage
        return entry.track_id in judged and not (mine & _loaded_enterprise_ids(entry.participant))

    return [e for e in pending if (lv := levels.get(e.levels_passed + 1)) and decides(e, lv)]


def _loaded_enterprise_ids(participant: Participant) -> set[int]:
    """`participant_enterprise_ids` from rows already loaded (members prefetched)."""
    ids: set[int] = set()
    for org in [participant.enterprise, *(m.enterprise for m in participant.members.all())]:
        ids |= {org.pk, _enterprise_id(org.kind, org.pk, org.parent_id) or org.pk}
    return ids


def judges_in(user: AnyUser, contest: Contest) -> bool:
    return (
        user.is_authenticated
        and Judge.objects.filter(user_id=user.pk, track__contest=contest).exists()
    )


def can_see_entry_files(user: AnyUser, entry: Entry) -> bool:
    """An entry's attachments: its participant, the organiser, its enterprise union, its judges."""
    if not user.is_authenticated:
        return False
    return (
        entry.participant.user_id == user.pk
        or can_manage_contest(user, entry.contest)
        or org_perms.can_act_in(user, entry.participant.enterprise)
        or can_score(user, entry)
    )


# ---- challenge board ----------------------------------------------------------------------------


def can_post_challenge(user: AnyUser, org: Org) -> bool:
    return org_perms.can_act_in(user, org)


def can_manage_challenge(user: AnyUser, challenge: Challenge) -> bool:
    return org_perms.can_act_in(user, challenge.org)


def can_claim(user: AnyUser, challenge: Challenge) -> bool:
    """Any signed-in team may take a challenge on, except the poster's own staff."""
    return user.is_authenticated and not can_manage_challenge(user, challenge)


def is_claimant(user: AnyUser, claim: Claim) -> bool:
    return user.is_authenticated and claim.claimed_by_id == user.pk
