"""Accident claims (the Panjin rider practice): each claim type's deadlines at registration, the
claim_type filter on the ledger page, the API and the export, the amounts in the export, and the
claims' count and amounts per type in the metrics and the metrics endpoint.

The ledger, all in enterprise A1 (B1's one claim is outside chair A's scope), registered on
Wednesday 16 September 2026 at 10:00 Beijing time, before Mid-Autumn and National Day:

  case  claim type   urgency  claimed     paid      state
  sf    self_fall    urgent      800.00     800.00  resolved
  tp    third_party  ordinary  30000.00   25000.00  resolved
  sv    severe       urgent   100000.00          —  in progress
  w1    (wages, no claim)                 —         registered
  b     third_party  ordinary   5000.00          —  registered (enterprise B1)
"""

from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.cases import metrics, services
from lianxin.cases.metrics import Scope
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock

BJ = ZoneInfo("Asia/Shanghai")
REGISTERED = datetime(2026, 9, 16, 10, tzinfo=BJ)
ACCIDENT = {"key": "accident", "channel": "station", "title": "骑手送餐途中受伤"}


def claim(world, org=None, actor=None, **fields):
    return make_case(
        actor=actor or world.chair, org=org or world.ent_a1, at=REGISTERED, **ACCIDENT, **fields
    )


def settle(case, actor, paid: str) -> None:
    with clock.frozen_at(REGISTERED + timedelta(hours=1)):
        services.accept_case(case_id=case.pk, actor=actor)
        services.start_case(case_id=case.pk, actor=actor)
        services.resolve_case(
            case_id=case.pk, actor=actor, result="已赔付", amount_paid=Decimal(paid)
        )


@pytest.fixture
def claims(world):
    c = SimpleNamespace(
        sf=claim(world, claim_type="self_fall", urgency="urgent", amount_claimed=Decimal("800")),
        tp=claim(world, claim_type="third_party", amount_claimed=Decimal("30000")),
        sv=claim(world, claim_type="severe", urgency="urgent", amount_claimed=Decimal("100000")),
        w1=make_case(actor=world.chair, org=world.ent_a1, at=REGISTERED),
        b=claim(world, org=world.ent_b1, actor=world.chair_b, claim_type="third_party",
                amount_claimed=Decimal("5000")),
    )  # fmt: skip
    settle(c.sf, world.chair, "800")
    settle(c.tp, world.chair, "25000")
    with clock.frozen_at(REGISTERED + timedelta(minutes=30)):
        services.accept_case(case_id=c.sv.pk, actor=world.chair)
        services.start_case(case_id=c.sv.pk, actor=world.chair)
    return c


def working_days_after(registered: datetime, due: datetime) -> int:
    days = chinese_calendar.get_workdays(registered.date(), due.astimezone(BJ).date())
    return len([d for d in days if d > registered.date()])


# ---- deadlines set at registration ----------------------------------------------------------------


def test_registration_gives_each_claim_type_its_own_deadlines_whatever_the_urgency(claims):
    sf, tp, sv = claims.sf, claims.tp, claims.sv
    # Self-fall, though urgent: settled within 24 hours (not 2), answered within the category's 2.
    assert sf.resolution_due == REGISTERED + timedelta(hours=24)
    assert sf.response_due == REGISTERED + timedelta(hours=2)
    # Third party: 10 working days, with the make-up Sunday and across Mid-Autumn (25–27 Sep):
    # 17, 18, Sun 20 (make-up), 21, 22, 23, 24, 28, 29, 30 Sep.
    assert tp.resolution_due == datetime(2026, 9, 30, 23, 59, 59, tzinfo=BJ)
    assert working_days_after(REGISTERED, tp.resolution_due) == 10
    # Severe, urgent: screened within 2 hours, resolved in 60 working days (not the urgent 2 hours).
    assert sv.response_due == REGISTERED + timedelta(hours=2)
    assert working_days_after(REGISTERED, sv.resolution_due) == 60
    assert chinese_calendar.is_workday(sv.resolution_due.astimezone(BJ).date())


# ---- the claim_type filter --------------------------------------------------------------------


def page_numbers(response) -> set[str]:
    return {c.number for c in response.context["page"].object_list}


def test_ledger_page_filtered_by_claim_type_lists_only_those_claims(client, world, claims):
    client.force_login(world.chair)

    third = client.get(reverse("cases:ledger"), {"claim_type": "third_party"})
    severe = client.get(reverse("cases:ledger"), {"claim_type": "severe"})
    everything = client.get(reverse("cases:ledger"))

    assert page_numbers(third) == {claims.tp.number}  # B1's third-party claim is out of scope
    assert page_numbers(severe) == {claims.sv.number}
    assert len(page_numbers(everything)) == 4
    assert 'name="claim_type"' in third.content.decode()


def test_api_list_filtered_by_claim_type_returns_only_those_rows(client, world, claims):
    api = ApiClient(client, token_for(world.chair))

    third = api.get("/api/cases", {"claim_type": "third_party"}).json()
    self_fall = api.get("/api/cases", {"claim_type": "self_fall"}).json()
    wrong = api.get("/api/cases", {"claim_type": "bicycle"})

    assert [c["number"] for c in third["items"]] == [claims.tp.number]
    assert [c["number"] for c in self_fall["items"]] == [claims.sf.number]
    assert wrong.status_code in (400, 422)  # refused, not silently ignored


# ---- export ---------------------------------------------------------------------------------------


def test_export_has_claim_type_and_amount_columns_for_the_filtered_claims(client, world, claims):
    client.force_login(world.chair)

    response = client.get(reverse("cases:export"), {"claim_type": "third_party"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    with translation.override("zh-hans"):
        names = [_("Claim type"), _("Amount claimed (yuan)"), _("Amount paid (yuan)")]
        third_party = _("Third party involved")
    header = list(rows[0])
    cols = [header.index(name) for name in names]
    assert [r[0] for r in rows[1:]] == [claims.tp.number]
    assert [rows[1][i] for i in cols] == [third_party, 30000, 25000]


def test_export_of_a_case_without_a_claim_leaves_the_claim_columns_empty(client, world, claims):
    client.force_login(world.chair)

    response = client.get(reverse("cases:export"), {"category": "wages"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    with translation.override("zh-hans"):
        names = [_("Claim type"), _("Amount claimed (yuan)"), _("Amount paid (yuan)")]
    cols = [list(rows[0]).index(name) for name in names]
    assert [r[0] for r in rows[1:]] == [claims.w1.number]
    assert [rows[1][i] for i in cols] == [None, None, None]


# ---- totals ---------------------------------------------------------------------------------------


def test_metrics_total_the_claims_by_type_by_hand(world, claims):
    a1 = Scope(org=world.ent_a1)

    by_type = metrics.claims_by_type(a1)

    got = {
        k: (s.claim_count, s.claim_amount_claimed, s.claim_amount_paid) for k, s in by_type.items()
    }
    assert got == {
        "self_fall": (1, Decimal("800.00"), Decimal("800.00")),
        "third_party": (1, Decimal("30000.00"), Decimal("25000.00")),
        "severe": (1, Decimal("100000.00"), Decimal("0.00")),
    }
    total = metrics.summary(a1)
    assert (total.claim_count, total.claim_amount_claimed, total.claim_amount_paid) == (
        3, Decimal("100800.00") + Decimal("30000.00"), Decimal("25800.00"),
    )  # fmt: skip
    assert metrics.claim_count(Scope()) == 4  # with B1's
    assert metrics.claim_amount_claimed(Scope()) == Decimal("135800.00")
    assert metrics.claim_amount_paid(Scope(org=world.ent_b1)) == Decimal("0.00")


def test_metrics_endpoint_shows_claims_per_type_and_both_resolution_rates(client, world, claims):
    api = ApiClient(client, token_for(world.chair))

    body = api.get("/api/metrics").json()

    claims_out = {c["claim_type"]: c for c in body["claims"]}
    assert claims_out["third_party"]["count"] == 1  # B1's is outside the chair's scope
    assert Decimal(str(claims_out["third_party"]["amount_paid"])) == Decimal("25000")
    assert Decimal(str(claims_out["severe"]["amount_claimed"])) == Decimal("100000")
    assert body["claim_count"] == 3
    assert Decimal(str(body["claim_amount_paid"])) == Decimal("25800")
    # Resolved: sf tp, of 4 registered and of 4 taken on (none rejected).
    assert body["resolution_rate_all"] == {
        "numerator": 2,
        "denominator": 4,
        "value": 0.5,
        "percent": 50.0,
    }
    assert body["resolution_rate"]["numerator"] == 2
