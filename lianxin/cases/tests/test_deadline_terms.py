"""cases.deadlines.case_terms: the terms a notice names are the ones that set the deadlines the
ledger holds, for every urgency and claim type (Open311's service_notice reads them)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lianxin.cases.deadlines import URGENT_HOURS, case_deadlines, case_terms, due
from lianxin.cases.models import ClaimType, DeadlineUnit, Urgency
from lianxin.cases.taxonomy import CATEGORIES
from lianxin.cases.tests.test_deadlines import category

BJ = ZoneInfo("Asia/Shanghai")
# A Friday afternoon before a weekend, and a Monday morning: working days and hours differ most.
MOMENTS = [datetime(2026, 3, 6, 16, 30, tzinfo=BJ), datetime(2026, 3, 9, 9, 0, tzinfo=BJ)]
CLAIMS = ["", *ClaimType.values]


@pytest.mark.parametrize("key", sorted(CATEGORIES))
@pytest.mark.parametrize("urgency", Urgency.values)
@pytest.mark.parametrize("claim_type", CLAIMS)
def test_each_term_gives_exactly_the_deadline_the_case_gets(key, urgency, claim_type) -> None:
    for moment in MOMENTS:
        # given a new case of this category, urgency and claim type
        kind = {"category": category(key), "urgency": urgency, "claim_type": claim_type}
        # when its terms and its deadlines are computed
        (respond, response), (resolve, resolution) = case_terms(registered_at=moment, **kind)
        # then each term, counted from the registration, is the deadline the ledger holds
        assert (response, resolution) == case_deadlines(registered_at=moment, **kind)
        assert due(moment, *respond) == response
        assert due(moment, *resolve) == resolution
        assert response <= resolution


def test_an_urgent_case_is_resolved_within_two_hours_and_answered_within_them_too() -> None:
    moment = MOMENTS[0]
    (respond, response), (resolve, resolution) = case_terms(
        registered_at=moment, category=category("safety"), urgency=Urgency.URGENT
    )
    assert resolve == (URGENT_HOURS, DeadlineUnit.HOURS)
    assert resolution - moment == timedelta(hours=URGENT_HOURS)
    assert respond == resolve  # the category's one working day would end after the resolution
    assert response == resolution
