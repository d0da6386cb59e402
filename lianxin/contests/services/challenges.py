"""The 揭榜挂帅 challenge board's moves: one function per move, one transaction, one journal event
on the challenge (claims are journalled on their challenge).
"""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from lianxin.audit.models import Visibility
from lianxin.audit.moves import run_move
from lianxin.audit.services import record_event
from lianxin.contests import standings
from lianxin.contests.models import Challenge, Claim, ProgressReport
from lianxin.contests.permissions import (
    can_claim,
    can_manage_challenge,
    can_post_challenge,
    is_claimant,
)
from lianxin.contests.states import (
    CHALLENGE_FLOW,
    CLAIM_FLOW,
    Action,
    ChallengeStatus,
    ClaimStatus,
)
from lianxin.core import clock
from lianxin.core.errors import NotFound, PermissionDenied, require
from lianxin.orgs.models import Org

A = Action


def _may(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("You may not do this."), code="challenge.permission_denied")


@transaction.atomic
def post_challenge(
    *, actor: User, org: Org, title: str, description: str, reward: str, deadline: date
) -> Challenge:
    """An org posts a hard problem with its reward and deadline."""
    _may(can_post_challenge(actor, org))
    require(
        title.strip() and description.strip(),
        _("A challenge needs a title and a description."),
        code="challenge.text_missing",
    )
    require(
        deadline >= standings.today(),
        _("The deadline has passed already."),
        code="challenge.deadline_passed",
    )
    challenge = Challenge.objects.create(
        org=org,
        title=title.strip(),
        description=description,
        reward=reward.strip(),
        deadline=deadline,
        posted_by=actor,
        posted_at=clock.now(),
    )
    record_event(
        target=challenge,
        actor=actor,
        kind="posted",
        visibility=Visibility.PUBLIC,
        state_after=challenge.status,
    )
    return challenge


def _locked_challenge(challenge_id: int) -> Challenge:
    challenge = Challenge.objects.select_for_update().filter(pk=challenge_id).first()
    if challenge is None:
        raise NotFound(_("No such challenge."), code="challenge.not_found")
    return challenge


def _claim_move(
    *, claim_id: int, actor: User, action: Action, kind: str, note: str, by_poster: bool
) -> Claim:
    """The shape claim moves share: lock the challenge (its journal), check, move both, record."""
    row = Claim.objects.filter(pk=claim_id).values_list("challenge_id", flat=True).first()
    if row is None:
        raise NotFound(_("No such claim."), code="challenge.not_found")
    challenge = _locked_challenge(row)
    claim = Claim.objects.get(pk=claim_id)
    _may(can_manage_challenge(actor, challenge) if by_poster else is_claimant(actor, claim))
    before = challenge.status
    after = CHALLENGE_FLOW.ensure_transition(before, action)
    claim.status = CLAIM_FLOW.ensure_transition(claim.status, action)
    require(
        note.strip() or action == A.ACCEPT_CLAIM, _("Write a note."), code="challenge.note_missing"
    )
    claim.save(update_fields=["status"])
    if action in (A.REPORT_PROGRESS, A.DELIVER):
        ProgressReport.objects.create(
            claim=claim,
            text=note.strip(),
            is_delivery=action == A.DELIVER,
            reported_by=actor,
            reported_at=clock.now(),
        )
    if (
        action in (A.DECLINE_CLAIM, A.FAIL_DELIVERY)
        and not challenge.claims.filter(
            status__in=[ClaimStatus.ACCEPTED, ClaimStatus.DELIVERED]
        ).exists()
    ):
        after = ChallengeStatus.OPEN  # nobody is at work on it any more: back on the board as open
    challenge.status = after
    challenge.save(update_fields=["status"])
    record_event(
        target=challenge,
        actor=actor,
        kind=kind,
        note=note.strip(),
        visibility=Visibility.PUBLIC,
        state_before=before,
        state_after=after,
        data={"claim": claim.pk, "team": claim.team_name},
    )
    return claim


@transaction.atomic
def claim_challenge(
    *, actor: User, challenge_id: int, team_name: str, enterprise: Org, plan: str
) -> Claim:
    """揭榜: a team takes the challenge on with its plan, before the deadline."""
    challenge = _locked_challenge(challenge_id)
    _may(can_claim(actor, challenge))
    before = challenge.status
    after = CHALLENGE_FLOW.ensure_transition(before, A.CLAIM)
    require(
        challenge.deadline >= standings.today(),
        _("The deadline has passed."),
        "challenge.deadline_passed",
    )
    require(
        team_name.strip() and plan.strip(),
        _("Give the team's name and its plan."),
        code="challenge.plan_missing",
    )
    claim = Claim.objects.create(
        challenge=challenge,
        team_name=team_name.strip(),
        enterprise=enterprise,
        plan=plan.strip(),
        claimed_by=actor,
        claimed_at=clock.now(),
    )
    record_event(
        target=challenge,
        actor=actor,
        kind="claimed",
        visibility=Visibility.PUBLIC,
        state_before=before,
        state_after=after,
        data={"claim": claim.pk, "team": claim.team_name},
    )
    return claim


@transaction.atomic
def accept_claim(*, claim_id: int, actor: User, note: str) -> Claim:
    """The poster lets a team work on the challenge (one or more teams may)."""
    return _claim_move(
        claim_id=claim_id,
        actor=actor,
        action=A.ACCEPT_CLAIM,
        kind="claim_accepted",
        note=note,
        by_poster=True,
    )


@transaction.atomic
def decline_claim(*, claim_id: int, actor: User, note: str) -> Claim:
    return _claim_move(
        claim_id=claim_id,
        actor=actor,
        action=A.DECLINE_CLAIM,
        kind="claim_declined",
        note=note,
        by_poster=True,
    )


@transaction.atomic
def report_progress(*, claim_id: int, actor: User, text: str) -> Claim:
    """The team at work reports how far it has come."""
    return _claim_move(
        claim_id=claim_id,
        actor=actor,
        action=A.REPORT_PROGRESS,
        kind="progress",
        note=text,
        by_poster=False,
    )


@transaction.atomic
def deliver_claim(*, claim_id: int, actor: User, text: str) -> Claim:
    """The team hands in its solution."""
    return _claim_move(
        claim_id=claim_id,
        actor=actor,
        action=A.DELIVER,
        kind="delivered",
        note=text,
        by_poster=False,
    )


@transaction.atomic
def accept_delivery(*, claim_id: int, actor: User, note: str) -> Claim:
    """The poster accepts the solution: the challenge is solved."""
    return _claim_move(
        claim_id=claim_id,
        actor=actor,
        action=A.ACCEPT_DELIVERY,
        kind="solved",
        note=note,
        by_poster=True,
    )


@transaction.atomic
def fail_delivery(*, claim_id: int, actor: User, note: str) -> Claim:
    """The poster finds the solution does not solve the problem."""
    return _claim_move(
        claim_id=claim_id,
        actor=actor,
        action=A.FAIL_DELIVERY,
        kind="delivery_failed",
        note=note,
        by_poster=True,
    )


@transaction.atomic
def close_challenge(*, challenge_id: int, actor: User, note: str) -> Challenge:
    """The poster takes the challenge off the board."""
    challenge = _locked_challenge(challenge_id)
    return run_move(
        challenge, workflow=CHALLENGE_FLOW, action=A.CLOSE_CHALLENGE, kind="closed", actor=actor,
        may=lambda: _may(can_manage_challenge(actor, challenge)), note=note,
        visibility=Visibility.PUBLIC,
    )  # fmt: skip
