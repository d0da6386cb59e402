"""The new-plan page: a union's chair or staff starts a plan with its benefit rules (PRG); bad input
is refused with a message and changes nothing; an outsider gets 404 and sees no button."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.welfare.models.mutual_aid import BenefitRule, Plan

pytestmark = pytest.mark.django_db
URL = "/welfare/mutual_aid/plans/new/"
TOTAL = 4  # the formset offers one row per kind of claim


def post_data(org_code: str = "SA", **changes) -> dict[str, str]:
    data = {
        "name": "外卖骑手意外伤害互助",
        "org": org_code,
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "contribution": "30.00",
        "payer": "union",
        "rules-TOTAL_FORMS": str(TOTAL),
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": str(TOTAL),
        "rules-0-kind": "self_fall",
        "rules-0-basis": "fixed",
        "rules-0-amount": "500",
        "rules-0-cap_per_year": "800",
        "rules-1-kind": "third_party",
        "rules-1-basis": "percent",
        "rules-1-percent": "60",
        "rules-1-cap_per_claim": "10000",
        "rules-1-waiting_days": "30",
    }
    data.update(changes)
    return data


def snapshot() -> tuple[int, int, int]:
    return Plan.objects.count(), BenefitRule.objects.count(), Event.objects.count()


def test_the_route_is_named():
    assert reverse("welfare:mutual_aid_plan_new") == URL


def test_staff_create_a_plan_with_its_rules_and_land_on_it(client, world):
    client.force_login(world.staff)
    response = client.post(URL, post_data())
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("welfare:mutual_aid_plan", args=[plan.pk])
    assert (plan.org, plan.contribution, plan.payer) == (world.street_a, Decimal("30.00"), "union")
    rules = {r.kind: r for r in plan.rules.all()}
    assert set(rules) == {"self_fall", "third_party"}
    assert rules["self_fall"].amount == Decimal("500")
    assert rules["self_fall"].percent is None
    assert rules["third_party"].percent == Decimal("60")
    assert rules["third_party"].waiting_days == 30
    assert Event.objects.filter(kind="plan_created").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "外卖骑手意外伤害互助" in page


BAD = {
    "period reversed": {"ends_on": "2025-06-01"},
    "no name": {"name": ""},
    "fixed without amount": {"rules-0-amount": ""},
    "percent without percent": {"rules-1-percent": ""},
    "percent over 100": {"rules-1-percent": "150"},
    "negative contribution": {"contribution": "-1"},
    "same kind twice": {"rules-1-kind": "self_fall"},
    "no rule": {"rules-0-kind": "", "rules-1-kind": ""},
    "union out of reach": {"org": "SB"},
}


@pytest.mark.parametrize("changes", BAD.values(), ids=BAD.keys())
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, world, changes):
    client.force_login(world.staff)
    before = snapshot()
    response = client.post(URL, post_data(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="text-danger small"' in page or 'data-testid="rules-error"' in page
    assert snapshot() == before


def test_the_refusal_reads_in_chinese(client, world):
    client.force_login(world.staff)
    page = client.post(URL, post_data(**BAD["period reversed"])).content.decode()
    assert "计划的结束日期早于开始日期" in page


@pytest.mark.parametrize("who", ["partner", "judge", "nobody"])
def test_an_outsider_gets_404_and_nothing_is_created(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, post_data()).status_code == 404
    assert not Plan.objects.exists()


def test_the_new_plan_button_shows_only_to_roles_that_may_create_plans(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("welfare:mutual_aid_plans")).content.decode()
    assert 'data-testid="new-plan"' in page
    client.force_login(world.supervisor)  # sees plans, may not create them
    page = client.get(reverse("welfare:mutual_aid_plans")).content.decode()
    assert 'data-testid="new-plan"' not in page
    assert client.get(URL).status_code == 404
