"""协作转办's outcome figures: reports by outcome (area metrics) and by partner type, against a
hand count; a user outside the cases' orgs counts none, a partner only its own."""

from datetime import UTC, date, datetime

import pytest

from lianxin.cases import services
from lianxin.cases.referral_outcomes import outcomes_by_partner_type
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.areas import area_metric, area_metrics
from lianxin.orgs.models import OrgKind, PartnerType
from lianxin.orgs.tests.factories import OrgFactory, with_role

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
IN_MARCH, IN_APRIL = datetime(2026, 3, 3, 2, tzinfo=UTC), datetime(2026, 4, 10, 2, tzinfo=UTC)
OUTCOMES = ("mediated", "unsuccessful", "litigation", "other")


@pytest.fixture
def reported(world):
    """Seven referrals from enterprise A1: five reported in March, one in April, one still open."""
    world.community = OrgFactory(code="COMM", name="解放社区", kind=OrgKind.PARTNER,
                                 partner_type=PartnerType.COMMUNITY, parent=world.district_a)  # fmt: skip
    world.resident = with_role("partner", world.community)
    officers = {world.bureau: world.partner, world.court: world.judge,
                world.community: world.resident}  # fmt: skip
    plan = [
        (world.bureau, "mediated", IN_MARCH), (world.bureau, "unsuccessful", IN_MARCH),
        (world.court, "litigation", IN_MARCH), (world.community, "mediated", IN_MARCH),
        (world.community, "other", IN_MARCH), (world.bureau, "mediated", IN_APRIL),
        (world.bureau, None, None),
    ]  # fmt: skip
    for partner, outcome, at in plan:
        case = make_case(actor=world.chair, org=world.ent_a1, at=datetime(2026, 3, 2, tzinfo=UTC))
        with clock.frozen_at(datetime(2026, 3, 2, 3, tzinfo=UTC)):
            services.accept_case(case_id=case.pk, actor=world.chair)
            services.start_case(case_id=case.pk, actor=world.chair)
            services.refer_case(case_id=case.pk, actor=world.chair, partner=partner)
        if outcome:
            with clock.frozen_at(at):
                services.report_back(case_id=case.pk, actor=officers[partner], report="已处理",
                                     outcome=outcome)  # fmt: skip
    return world


def figures(user, org=None) -> dict[str, int]:
    return {o: area_metric(f"referral_{o}").compute(user, org, *MARCH) for o in OUTCOMES}


def test_the_referrals_area_declares_a_count_per_outcome():
    keys = {m.key for m in area_metrics("referrals")}
    assert {f"referral_{o}" for o in OUTCOMES} <= keys
    assert all(area_metric(f"referral_{o}").unit == "count" for o in OUTCOMES)


def test_outcome_counts_match_a_hand_count_of_the_periods_reports(reported):
    # March: 人社局 mediated + unsuccessful, 法院 litigation, 社区 mediated + other (April's and
    # the open referral are outside)
    assert figures(reported.leader) == {"mediated": 2, "unsuccessful": 1, "litigation": 1,
                                        "other": 1}  # fmt: skip
    assert figures(reported.staff, reported.district_a) == figures(reported.leader)


def test_outcomes_by_partner_type_match_a_hand_count(reported):
    table = outcomes_by_partner_type(reported.leader, None, *MARCH)

    assert table == {
        "hrss": {"mediated": 1, "unsuccessful": 1, "litigation": 0, "other": 0},
        "court": {"mediated": 0, "unsuccessful": 0, "litigation": 1, "other": 0},
        "community": {"mediated": 1, "unsuccessful": 0, "litigation": 0, "other": 1},
    }


def test_outsiders_count_nothing_and_a_partner_only_what_was_referred_to_it(reported):
    zero = dict.fromkeys(OUTCOMES, 0)
    assert figures(reported.chair_b) == zero
    assert figures(reported.nobody) == zero
    assert outcomes_by_partner_type(reported.chair_b, None, *MARCH) == {}
    assert outcomes_by_partner_type(reported.resident, None, *MARCH) == {
        "community": {"mediated": 1, "unsuccessful": 0, "litigation": 0, "other": 1}
    }
    assert figures(reported.partner)["mediated"] == 1
