"""A partner's report-back records its outcome (调解成功 / 未成功 / 转诉讼 / 其他), and the area
协作转办 computes its 转办成功率 from it: mediated reports over reports with an outcome.

The move through the service, the case page and the API; a missing or unknown outcome is refused
and changes nothing; the database refuses an outcome it does not know. The rate is checked against a
hand count of a March world, and an outsider counts nothing of it.
"""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.audit.models import Event
from lianxin.cases import services
from lianxin.cases.metrics import Rate
from lianxin.cases.models import Case, Referral, ReferralOutcome
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.core.areas import area_metric
from lianxin.core.errors import InvalidInput
from lianxin.core.models import Notification
from lianxin.tests.refusals import refused

BJ = ZoneInfo("Asia/Shanghai")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
M = ReferralOutcome
A_REPORTS = [M.MEDIATED, M.MEDIATED, M.UNSUCCESSFUL, M.MEDIATED, M.LITIGATION, M.MEDIATED]


def bj(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=BJ)


MARCH_2 = bj(3, 2)


def referred(world, org=None, *, partner=None, chair=None, at: datetime = MARCH_2) -> Case:
    """A case of `org` (enterprise A1) accepted and referred (to the labour bureau) by its chair."""
    chair = chair or world.chair
    case = make_case(actor=chair, org=org or world.ent_a1, at=at)
    with clock.frozen_at(at):
        services.accept_case(case_id=case.pk, actor=chair)
        services.refer_case(case_id=case.pk, actor=chair, partner=partner or world.bureau)
    return case


def reported(world, outcome: str, *, at: datetime, officer=None, **where) -> Case:
    """A case referred a day before `at` and reported back at `at` with `outcome`."""
    case = referred(world, at=at.replace(day=at.day - 1), **where)
    with clock.frozen_at(at):
        services.report_back(
            case_id=case.pk, actor=officer or world.partner, report="已处理", outcome=outcome
        )
    return case


# ---- the move ------------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", M.values)
def test_report_back_records_the_outcome_on_the_referral_and_in_the_journal(world, outcome):
    # given a case referred to the labour bureau
    case = referred(world)
    # when the bureau reports back with an outcome
    services.report_back(case_id=case.pk, actor=world.partner, report="已约谈企业", outcome=outcome)
    # then the referral holds it, the case is back with its owner, and the journal says it
    referral = Referral.objects.get(case=case)
    assert (referral.outcome, referral.report) == (outcome, "已约谈企业")
    assert referral.reported_at is not None
    assert Case.objects.get(pk=case.pk).status == "in_progress"
    event = Event.objects.filter(target_id=case.pk).order_by("-seq").first()
    assert (event.kind, event.data) == ("reported_back", {"partner": "HRSS", "outcome": outcome})


@pytest.mark.parametrize("outcome", [None, "", "  ", "won", "调解成功", "MEDIATED"])
def test_report_back_without_a_known_outcome_is_refused_and_changes_nothing(world, outcome):
    # given a case referred to the labour bureau
    case = referred(world)
    given = {} if outcome is None else {"outcome": outcome}
    # when the bureau reports back without an outcome, or with one the ledger does not know
    error = refused(
        lambda: services.report_back(
            case_id=case.pk, actor=world.partner, report="已处理", **given
        ),
        InvalidInput,
        row=case,
        rows=[Referral],
        counts=[Notification],
    )
    # then it is told to choose one, and the referral is still open
    assert error.code == "case.outcome_required"
    assert Referral.objects.get(case=case).reported_at is None


def test_the_database_refuses_an_unknown_outcome_or_one_on_an_open_referral(world):
    # given an open referral and one reported back
    open_case = referred(world)
    done = reported(world, M.MEDIATED, at=bj(3, 5))
    # when an outcome is written past the service, then the database refuses it
    for case, outcome in ((open_case, M.MEDIATED), (done, "won")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Referral.objects.filter(case=case).update(outcome=outcome)
    assert Referral.objects.get(case=open_case).outcome == ""
    assert Referral.objects.get(case=done).outcome == M.MEDIATED


# ---- the case page -------------------------------------------------------------------------------


def act(client, case: Case, fields: dict[str, str]):
    url = reverse("cases:act", args=[case.number, "report_back"])
    return client.post(url, {f"report_back-{k}": v for k, v in fields.items()}, follow=True)


def test_the_partner_reports_an_outcome_through_the_case_page_and_the_page_shows_it(client, world):
    # given a case referred to the bureau, whose officer opens it
    case = referred(world)
    client.force_login(world.partner)
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert 'name="report_back-outcome"' in page
    # when the officer reports back with the outcome 转诉讼
    response = act(client, case, {"note": "调解未成，已引导起诉", "outcome": M.LITIGATION})
    # then the referral holds it, and the chair's page shows it
    assert Referral.objects.get(case=case).outcome == M.LITIGATION
    assert response.status_code == 200
    client.force_login(world.chair)
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    with translation.override("zh-hans"):
        assert f'data-testid="referral-outcome">{M.LITIGATION.label}<' in page


@pytest.mark.parametrize("outcome", ["", "won"])
def test_the_page_refuses_a_report_without_a_known_outcome_and_changes_nothing(
    client, world, outcome
):
    # given a case referred to the bureau
    case = referred(world)
    before = list(Referral.objects.values()), Event.objects.count()
    client.force_login(world.partner)
    # when the officer submits the report without a known outcome
    response = act(client, case, {"note": "已处理", "outcome": outcome})
    # then the page says what is wrong with the outcome, and nothing was written
    shown = [str(m) for m in response.context["messages"]]
    with translation.override("zh-hans"):
        expected = outcome if outcome else _("Choose the outcome of the referral.")
    assert len(shown) == 1
    assert expected in shown[0]
    assert (list(Referral.objects.values()), Event.objects.count()) == before
    assert Case.objects.get(pk=case.pk).status == "referred"


def test_an_outsider_cannot_report_back_through_the_page(client, world):
    # given a case of A1 referred to the bureau, and B1's chair
    case = referred(world)
    client.force_login(world.chair_b)
    # when B1's chair posts a report, then the case does not exist for them
    url = reverse("cases:act", args=[case.number, "report_back"])
    data = {"report_back-note": "已处理", "report_back-outcome": M.MEDIATED}
    assert client.post(url, data).status_code == 404
    assert Referral.objects.get(case=case).outcome == ""


# ---- the API -------------------------------------------------------------------------------------


def test_the_api_reports_back_with_an_outcome_and_shows_it(client, world):
    # given a case referred to the bureau
    case = referred(world)
    api = ApiClient(client, token_for(world.partner))
    # when the bureau reports back through the API
    response = api.post(
        f"/api/cases/{case.number}/report_back", {"note": "已调解", "outcome": "mediated"}
    )
    # then the case comes back with the referral's outcome
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "in_progress"
    assert body["referrals"][0]["outcome"] == "mediated"
    assert Referral.objects.get(case=case).outcome == M.MEDIATED


@pytest.mark.parametrize("body", [{"note": "已处理"}, {"note": "已处理", "outcome": "won"}])
def test_the_api_refuses_a_report_without_a_known_outcome_and_changes_nothing(client, world, body):
    # given a case referred to the bureau
    case = referred(world)
    api = ApiClient(client, token_for(world.partner))  # a token is journalled: take it first
    before = list(Referral.objects.values()), Event.objects.count()
    # when the bureau reports back without a known outcome
    response = api.post(f"/api/cases/{case.number}/report_back", body)
    # then the request is refused in the one error shape, and nothing was written
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "api.invalid_request"
    assert (list(Referral.objects.values()), Event.objects.count()) == before


def test_an_open_referral_and_an_old_report_show_no_outcome_in_the_api(client, world):
    # given an open referral, and a report made before outcomes were recorded
    open_case = referred(world)
    old = reported(world, M.MEDIATED, at=bj(3, 5))
    Referral.objects.filter(case=old).update(outcome="")
    api = ApiClient(client, token_for(world.chair))
    # then both show a null outcome
    for case in (open_case, old):
        assert api.get(f"/api/cases/{case.number}").json()["referrals"][0]["outcome"] is None


# ---- the rate ------------------------------------------------------------------------------------


@pytest.fixture
def march(world):
    """District A's referrals reported back in March: three mediated, one not, one to litigation,
    one made before outcomes were recorded; one mediated in February; one still open. B1: one
    mediated in March, and one not mediated reported to the court in March."""
    court = {"partner": world.court, "officer": world.judge}
    c = SimpleNamespace(
        a=[reported(world, o, at=bj(3, 3 + i)) for i, o in enumerate(A_REPORTS)],
        feb=reported(world, M.MEDIATED, at=bj(2, 10)),
        open=referred(world, at=bj(3, 20)),
        b=reported(world, M.MEDIATED, at=bj(3, 12), org=world.ent_b1, chair=world.chair_b),
        b_court=reported(
            world, M.OTHER, at=bj(3, 14), org=world.ent_b1, chair=world.chair_b, **court
        ),
    )
    # the last of A's reports was made before outcomes were recorded
    Referral.objects.filter(case=c.a[-1]).update(outcome="")
    return c


def hand_count(cases: list[Case]) -> Rate:
    """Mediated over reported-with-an-outcome in March, counted row by row in Python."""
    start, end = bj(3, 1, 0), bj(4, 1, 0)
    rows = [
        r
        for r in Referral.objects.filter(case__in=cases)
        if r.reported_at and start <= r.reported_at < end and r.outcome
    ]
    return Rate(sum(r.outcome == M.MEDIATED for r in rows), len(rows))


def test_referral_success_rate_equals_the_hand_count_of_the_period_and_scope(world, march):
    rate = area_metric("referral_success_rate").compute
    # when district A's March rate is computed through the area registry
    district = rate(world.staff, world.district_a, *MARCH)
    # then it is mediated over reported-with-an-outcome: 3 of 5 (the old report and February's out)
    everything = list(Case.objects.all())
    assert district == hand_count([*march.a, march.feb, march.open]) == Rate(3, 5)
    # and the city leader's whole scope adds B1's two reports
    assert rate(world.leader, None, *MARCH) == hand_count(everything) == Rate(4, 7)
    # and February counts February's report only
    assert rate(world.leader, None, date(2026, 2, 1), date(2026, 2, 28)) == Rate(1, 1)


def test_a_partner_agency_counts_only_the_reports_on_cases_referred_to_it(world, march):
    rate = area_metric("referral_success_rate").compute
    # the court sees the one case referred to it; the bureau every other
    assert rate(world.judge, None, *MARCH) == Rate(0, 1)
    assert rate(world.partner, None, *MARCH) == Rate(4, 6)


def test_an_outsider_counts_none_of_another_unions_referrals(world, march):
    rate = area_metric("referral_success_rate").compute
    # B1's chair asking for A1, and a user with no role, count nothing
    assert rate(world.chair_b, world.ent_a1, *MARCH) == Rate(0, 0)
    assert rate(world.chair_b, world.district_a, *MARCH) == Rate(0, 0)
    assert rate(world.nobody, None, *MARCH) == Rate(0, 0)
    # and B1's chair over their own scope counts B1's two reports only
    assert rate(world.chair_b, None, *MARCH) == Rate(1, 2)


def test_referral_success_rate_is_declared_in_the_referrals_area():
    metric = area_metric("referral_success_rate")
    assert (metric.area, metric.unit) == ("referrals", "rate")
    assert {"转办成功率", "调解成功率"} <= set(metric.synonyms)
