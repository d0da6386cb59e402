"""The challenge board's moves, allowed and refused; a refusal leaves rows and journal unchanged."""

from datetime import date

import pytest

from lianxin.audit.models import Event
from lianxin.contests import services
from lianxin.contests.states import ChallengeStatus, ClaimStatus
from lianxin.contests.tests.factories import at
from lianxin.contests.tests.test_services import refused
from lianxin.core import clock
from lianxin.core.errors import InvalidInput, PermissionDenied
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(world):
    with clock.frozen_at(at(2025, 6, 1)):
        ch = services.post_challenge(
            actor=world.chair,
            org=world.ent_a1,
            title="高温合金刀具寿命短",
            description="刀具平均寿命不足200件。",
            reward="攻关奖金5万元",
            deadline=date(2025, 12, 31),
        )
    team = UserFactory(username="team_lead")
    return ch, team


def claim(world, ch, team, name="黎明刀具攻关组"):
    with clock.frozen_at(at(2025, 6, 2)):
        return services.claim_challenge(
            actor=team, challenge_id=ch.pk, team_name=name, enterprise=world.ent_b1, plan="涂层改进"
        )


def test_post_challenge_by_a_stranger_or_with_a_past_deadline_is_refused(world):
    with clock.frozen_at(at(2025, 6, 1)):
        refused(
            lambda: services.post_challenge(
                actor=world.chair_b,
                org=world.ent_a1,
                title="t",
                description="d",
                reward="r",
                deadline=date(2025, 12, 1),
            ),
            PermissionDenied,
        )
        refused(
            lambda: services.post_challenge(
                actor=world.chair,
                org=world.ent_a1,
                title="t",
                description="d",
                reward="r",
                deadline=date(2025, 5, 1),
            ),
            InvalidInput,
        )


def test_challenge_from_claim_to_solved(board, world):
    ch, team = board
    k = claim(world, ch, team)
    services.accept_claim(claim_id=k.pk, actor=world.chair, note="")
    services.report_progress(claim_id=k.pk, actor=team, text="完成涂层试验")
    services.deliver_claim(claim_id=k.pk, actor=team, text="刀具寿命提升到600件")
    services.accept_delivery(claim_id=k.pk, actor=world.chair, note="验收通过")
    ch.refresh_from_db()
    k.refresh_from_db()
    assert (ch.status, k.status) == (ChallengeStatus.SOLVED, ClaimStatus.SUCCEEDED)
    assert [
        e.kind
        for e in Event.objects.filter(target_id=ch.pk, target_type="contests.challenge").order_by(
            "seq"
        )
    ] == [
        "posted",
        "claimed",
        "claim_accepted",
        "progress",
        "delivered",
        "solved",
    ]
    assert k.reports.count() == 2


def test_claim_moves_by_the_wrong_side_are_refused(board, world):
    ch, team = board
    refused(lambda: claim(world, ch, world.chair), PermissionDenied)  # the poster cannot claim
    k = claim(world, ch, team)
    refused(lambda: services.accept_claim(claim_id=k.pk, actor=team, note=""), PermissionDenied)
    refused(lambda: services.report_progress(claim_id=k.pk, actor=team, text="x"))  # not accepted
    services.accept_claim(claim_id=k.pk, actor=world.chair, note="")
    refused(
        lambda: services.report_progress(claim_id=k.pk, actor=world.chair, text="x"),
        PermissionDenied,
    )
    refused(
        lambda: services.accept_delivery(claim_id=k.pk, actor=world.chair, note="x")
    )  # not delivered
    refused(lambda: services.deliver_claim(claim_id=k.pk, actor=team, text=" "), InvalidInput)


def test_a_failed_delivery_puts_the_challenge_back_on_the_board(board, world):
    ch, team = board
    k = claim(world, ch, team)
    services.accept_claim(claim_id=k.pk, actor=world.chair, note="")
    services.deliver_claim(claim_id=k.pk, actor=team, text="方案")
    services.fail_delivery(claim_id=k.pk, actor=world.chair, note="寿命未达标")
    ch.refresh_from_db()
    assert ch.status == ChallengeStatus.OPEN


def test_decline_claim_and_close_challenge(board, world):
    ch, team = board
    k = claim(world, ch, team)
    services.decline_claim(claim_id=k.pk, actor=world.chair, note="方案不可行")
    k.refresh_from_db()
    assert k.status == ClaimStatus.DECLINED
    refused(
        lambda: services.close_challenge(challenge_id=ch.pk, actor=team, note=""), PermissionDenied
    )
    services.close_challenge(challenge_id=ch.pk, actor=world.chair, note="已内部解决")
    refused(lambda: services.close_challenge(challenge_id=ch.pk, actor=world.chair, note=""))
    refused(lambda: claim(world, ch, team, "另一组"))


def test_claim_after_the_deadline_is_refused(board, world):
    ch, team = board
    with clock.frozen_at(at(2026, 1, 5)):
        e = refused(
            lambda: services.claim_challenge(
                actor=team, challenge_id=ch.pk, team_name="t", enterprise=world.ent_b1, plan="p"
            )
        )
    assert e.code == "challenge.deadline_passed"
