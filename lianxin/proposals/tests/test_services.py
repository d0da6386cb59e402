"""Every proposal move allowed and refused; a refused move leaves rows and journal as they were."""

from decimal import Decimal
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lianxin.audit.models import Event
from lianxin.audit.selectors import verify_chains
from lianxin.cases.models import Case
from lianxin.cases.tests.factories import category, make_case
from lianxin.core.errors import InvalidInput, NotFound, PermissionDenied
from lianxin.core.models import Notification
from lianxin.proposals import services
from lianxin.proposals.models import Proposal, ProposalAttachment, Proposer, RewardRule
from lianxin.proposals.states import Status
from lianxin.proposals.tests.factories import TIERS, advance, set_tiers, submit, worker
from lianxin.tests import refusals

pytestmark = pytest.mark.django_db

# Everything a proposal move could write: a refused one leaves every row of these as it was.
WRITTEN = (Event, Proposal, Proposer, ProposalAttachment, RewardRule, Case, Notification)
refused = partial(refusals.refused, rows=WRITTEN)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def events(proposal):
    return list(
        Event.objects.filter(target_type="proposals.proposal", target_id=proposal.pk)
        .order_by("seq")
        .values_list("kind", "state_before", "state_after", "visibility")
    )


# ---- submission ---------------------------------------------------------------------------------


def test_worker_submits_their_own_proposal_with_a_co_proposer_and_a_photo(world):
    me = worker("陈小红")
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    p = submit(actor=me, enterprise=world.ent_a1, proposer_names=["王强"], attachments=[photo])
    assert p.status == Status.SUBMITTED
    assert p.submitted_by == me
    assert [(x.user, x.name, x.key) for x in p.proposers.all()] == [
        (me, "陈小红", f"u{me.pk}"),
        (None, "王强", "n王强"),
    ]
    assert p.attachments.get().content_type == "image/png"
    assert events(p) == [("submitted", "", "submitted", "public")]
    assert Notification.objects.filter(recipient=world.chair, kind="proposal_submitted").exists()


def test_staff_enter_a_proposal_for_named_workers_without_becoming_a_proposer(world):
    p = submit(actor=world.chair, enterprise=world.ent_a1, proposer_names=["李娟", "李娟", "赵敏"])
    assert [x.name for x in p.proposers.all()] == ["李娟", "赵敏"]


def test_a_team_proposal_names_a_team_of_the_enterprise(world):
    p = submit(actor=worker(), enterprise=world.ent_a1, team=world.team_a1)
    assert p.team == world.team_a1


def test_submission_to_a_team_of_another_enterprise_is_refused(world):
    refused(
        lambda: submit(actor=worker(), enterprise=world.ent_b1, team=world.team_a1), InvalidInput
    )


def test_submission_without_the_proposal_text_is_refused(world):
    refused(lambda: submit(actor=worker(), enterprise=world.ent_a1, solution="  "), InvalidInput)


def test_submission_to_a_union_that_is_not_an_enterprise_is_refused(world):
    refused(lambda: submit(actor=worker(), enterprise=world.street_a), PermissionDenied)


def test_an_attachment_that_is_not_a_photo_or_pdf_is_refused(world):
    exe = SimpleUploadedFile("a.png", b"MZ\x90\x00" * 8, content_type="image/png")
    refused(
        lambda: submit(actor=worker(), enterprise=world.ent_a1, attachments=[exe]), InvalidInput
    )


# ---- the pipeline -------------------------------------------------------------------------------


def test_the_whole_pipeline_journals_one_public_event_per_step(world):
    me = worker()
    set_tiers(world.chair, world.ent_a1)
    p = advance(submit(actor=me, enterprise=world.ent_a1), world.chair, "rewarded")
    assert p.status == Status.REWARDED
    assert [e[0] for e in events(p)] == [
        "submitted", "department_review", "forwarded", "adopted", "implementing", "implemented",
        "rewarded",
    ]  # fmt: skip
    assert all(e[3] == "public" for e in events(p))
    assert not list(verify_chains(target_type="proposals.proposal"))
    steps = Notification.objects.filter(recipient=me, kind="proposal_moved").count()
    assert steps == 6


@pytest.mark.parametrize(
    "move",
    ["review", "forward", "adopt", "implement", "complete", "reward"],
)
def test_each_move_by_a_user_outside_the_enterprise_is_refused(world, move):
    set_tiers(world.chair, world.ent_a1)
    p = submit(actor=worker(), enterprise=world.ent_a1)
    previous = {
        "review": None, "forward": "department_review", "adopt": "committee_review",
        "implement": "adopted", "complete": "implementing", "reward": "implemented",
    }[move]  # fmt: skip
    if previous:
        p = advance(p, world.chair, previous)
    call = {
        "review": lambda u: services.review_proposal(proposal_id=p.pk, actor=u),
        "forward": lambda u: services.forward_proposal(proposal_id=p.pk, actor=u),
        "adopt": lambda u: services.adopt_proposal(proposal_id=p.pk, actor=u),
        "implement": lambda u: services.start_implementation(proposal_id=p.pk, actor=u),
        "complete": lambda u: services.record_implementation(
            proposal_id=p.pk, actor=u, realised_benefit="100"
        ),
        "reward": lambda u: services.reward_proposal(proposal_id=p.pk, actor=u),
    }[move]
    # Another enterprise's chair cannot see it at all; a leader sees it but may not act.
    refused(lambda: call(world.chair_b), NotFound)
    refused(lambda: call(world.leader), PermissionDenied)
    # The proposer sees their proposal but only submits.
    refused(lambda: call(p.submitted_by), PermissionDenied)


def test_a_move_out_of_order_is_refused(world):
    p = submit(actor=worker(), enterprise=world.ent_a1)
    refused(lambda: services.adopt_proposal(proposal_id=p.pk, actor=world.chair))
    refused(lambda: services.reward_proposal(proposal_id=p.pk, actor=world.chair))
    refused(
        lambda: services.record_implementation(
            proposal_id=p.pk, actor=world.chair, realised_benefit="5"
        )
    )


@pytest.mark.parametrize("stage", ["submitted", "department_review", "committee_review"])
def test_decline_at_any_review_level_keeps_the_reason_the_proposer_sees(world, stage):
    p = submit(actor=worker(), enterprise=world.ent_a1)
    if stage != "submitted":
        p = advance(p, world.chair, stage)
    p = services.decline_proposal(proposal_id=p.pk, actor=world.staff, reason="已列入明年技改计划")
    assert p.status == Status.DECLINED
    assert p.decision_reason == "已列入明年技改计划"
    assert p.decided_at is not None
    assert events(p)[-1] == ("declined", stage, "declined", "public")


def test_decline_without_a_reason_is_refused(world):
    p = submit(actor=worker(), enterprise=world.ent_a1)
    refused(lambda: services.decline_proposal(proposal_id=p.pk, actor=world.chair, reason=" "))


def test_decline_after_adoption_is_refused(world):
    p = advance(submit(actor=worker(), enterprise=world.ent_a1), world.chair, "adopted")
    refused(lambda: services.decline_proposal(proposal_id=p.pk, actor=world.chair, reason="不做了"))


def test_implementation_with_only_a_non_monetary_benefit_is_allowed(world):
    p = advance(submit(actor=worker(), enterprise=world.ent_a1), world.chair, "implementing")
    p = services.record_implementation(
        proposal_id=p.pk, actor=world.chair, benefit_description="杂物间改成了母婴室"
    )
    assert p.realised_benefit is None
    assert p.benefit_description == "杂物间改成了母婴室"


@pytest.mark.parametrize("benefit", ["-1", "很多"])
def test_implementation_with_a_wrong_benefit_is_refused(world, benefit):
    p = advance(submit(actor=worker(), enterprise=world.ent_a1), world.chair, "implementing")
    refused(
        lambda: services.record_implementation(
            proposal_id=p.pk, actor=world.chair, realised_benefit=benefit
        ),
        InvalidInput,
    )


def test_implementation_without_any_benefit_is_refused(world):
    p = advance(submit(actor=worker(), enterprise=world.ent_a1), world.chair, "implementing")
    refused(lambda: services.record_implementation(proposal_id=p.pk, actor=world.chair))


def test_the_reward_comes_from_the_enterprise_tiers(world):
    set_tiers(world.chair, world.ent_a1)
    p = submit(actor=worker(), enterprise=world.ent_a1)
    p = advance(p, world.chair, "rewarded", benefit="60000")
    # 二等奖: 1000 + 3% × 60000 = 2800
    assert (p.reward_amount, p.reward_form, p.reward_rule.label) == (
        Decimal("2800.00"), "cash", "二等奖",
    )  # fmt: skip
    assert Event.objects.filter(target_id=p.pk, kind="rewarded").get().data == {
        "tier": "二等奖", "amount": "2800.00", "form": "cash",
    }  # fmt: skip


def test_a_reward_without_tiers_is_refused(world):
    p = advance(submit(actor=worker(), enterprise=world.ent_a1), world.chair, "implemented")
    error = refused(lambda: services.reward_proposal(proposal_id=p.pk, actor=world.chair))
    assert error.code == "proposal.no_reward_tier"


def test_a_second_reward_is_refused(world):
    set_tiers(world.chair, world.ent_a1)
    p = advance(submit(actor=worker(), enterprise=world.ent_a1), world.chair, "rewarded")
    refused(lambda: services.reward_proposal(proposal_id=p.pk, actor=world.chair))


# ---- reward rules -------------------------------------------------------------------------------


def test_setting_the_tiers_replaces_them_and_journals_on_the_enterprise(world):
    set_tiers(world.chair, world.ent_a1)
    set_tiers(world.chair, world.ent_a1, TIERS[:1])
    assert list(RewardRule.objects.values_list("label", flat=True)) == ["鼓励奖"]
    kinds = Event.objects.filter(
        target_type="orgs.org", target_id=world.ent_a1.pk, kind="reward_rules_set"
    )
    assert kinds.count() == 2


def test_tiers_by_another_enterprise_chair_are_refused(world):
    refused(lambda: set_tiers(world.chair_b, world.ent_a1), PermissionDenied)


def test_tiers_with_the_same_threshold_twice_are_refused(world):
    refused(lambda: set_tiers(world.chair, world.ent_a1, [TIERS[0], TIERS[0]]), InvalidInput)


def test_no_tiers_at_all_are_refused(world):
    refused(lambda: set_tiers(world.chair, world.ent_a1, []), InvalidInput)


# ---- cases ⇄ proposals --------------------------------------------------------------------------


def test_a_suggestion_box_case_becomes_a_proposal_of_its_worker(world):
    me = worker("刘红梅")
    case = make_case(actor=world.chair, org=world.team_a1, channel="online", worker_user=me,
                     worker_name="刘红梅", title="仓库杂物间闲置")  # fmt: skip
    p = services.proposal_from_case(case_number=case.number, actor=world.chair)
    assert (p.case, p.enterprise, p.team, p.title) == (
        case,
        world.ent_a1,
        world.team_a1,
        case.title,
    )
    assert [(x.user, x.name) for x in p.proposers.all()] == [(me, "刘红梅")]
    assert events(p) == [("from_case", "", "submitted", "public")]
    assert p in case.proposals.all()


def test_a_case_becomes_a_proposal_only_once(world):
    case = make_case(actor=world.chair, org=world.ent_a1, channel="online")
    services.proposal_from_case(case_number=case.number, actor=world.chair)
    refused(lambda: services.proposal_from_case(case_number=case.number, actor=world.chair))


def test_a_case_outside_ones_scope_cannot_become_a_proposal(world):
    case = make_case(actor=world.chair, org=world.ent_a1, channel="online")
    refused(
        lambda: services.proposal_from_case(case_number=case.number, actor=world.chair_b), NotFound
    )
    refused(
        lambda: services.proposal_from_case(case_number=case.number, actor=world.leader),
        PermissionDenied,
    )


def test_a_case_raised_above_the_enterprises_cannot_become_a_proposal(world):
    case = make_case(actor=world.staff, org=world.street_a, channel="online")
    refused(lambda: services.proposal_from_case(case_number=case.number, actor=world.staff))


def test_a_proposal_goes_back_to_the_ledger_as_a_linked_case(world):
    me = worker("陈小红")
    p = submit(actor=me, enterprise=world.ent_a1)
    case = services.case_from_proposal(proposal_id=p.pk, actor=world.chair, category=category())
    p.refresh_from_db()
    assert p.case == case
    assert case.worker_user == me
    assert case.worker_name == "陈小红"
    assert case.channel == "online"
    assert case.origin_org == world.ent_a1
    assert events(p)[-1] == ("to_case", "submitted", "submitted", "public")


def test_a_linked_proposal_does_not_go_back_twice_and_others_may_not(world):
    p = submit(actor=worker(), enterprise=world.ent_a1)
    refused(
        lambda: services.case_from_proposal(
            proposal_id=p.pk, actor=p.submitted_by, category=category()
        ),
        PermissionDenied,
    )
    services.case_from_proposal(proposal_id=p.pk, actor=world.chair, category=category())
    refused(
        lambda: services.case_from_proposal(
            proposal_id=p.pk, actor=world.chair, category=category()
        )
    )
