"""The rules are edited in the admin: a change applies to later credits only, and is journalled."""

from datetime import date

import pytest
from django.urls import reverse

from lianxin.audit.models import Event
from lianxin.members.hooks import Achievement, report_achievement
from lianxin.orgs.tests.factories import UserFactory
from lianxin.skills.models import CreditLine, CreditRule

pytestmark = pytest.mark.django_db


def adopted(person_id: int, n: int) -> None:
    report_achievement(Achievement(
        person_id=person_id, kind="proposal_adopted", source=f"proposals.proposal:{n}:{person_id}",
        on=date(2025, 7, n), detail={"title": f"提案{n}"},
    ))  # fmt: skip


def test_a_rule_changed_in_the_admin_changes_later_credits_only(client, skills_world):
    w = skills_world
    person = w.wang.person
    adopted(person.pk, 1)
    rule = CreditRule.objects.get(kind="proposal_adopted")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:skills_creditrule_change", args=[rule.pk]), {
        "kind": "proposal_adopted", "level": "", "rank_from": "", "rank_to": "",
        "credits": "8.00", "is_active": "on", "note": "提案被采纳（新标准）",
    })  # fmt: skip
    assert response.status_code == 302
    adopted(person.pk, 2)
    credits = dict(CreditLine.objects.values_list("source", "credits"))
    assert credits == {
        f"proposals.proposal:1:{person.pk}": 5,
        f"proposals.proposal:2:{person.pk}": 8,
    }
    [event] = Event.objects.filter(target_type="skills.creditrule", target_id=rule.pk)
    assert (event.kind, event.data["credits"]) == ("rule_changed", "8.00")


def test_a_rule_switched_off_credits_nothing_from_then_on(skills_world):
    w = skills_world
    CreditRule.objects.filter(kind="proposal_adopted").update(is_active=False)
    adopted(w.wang.person.pk, 1)
    assert not CreditLine.objects.exists()


def test_a_certificate_rule_without_a_level_is_refused_in_the_admin(client, skills_world):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.post(reverse("admin:skills_creditrule_add"), {
        "kind": "certificate", "level": "", "rank_from": "", "rank_to": "", "credits": "9",
        "is_active": "on", "note": "",
    })  # fmt: skip
    assert response.status_code == 200  # the form again, with the error
    assert CreditRule.objects.filter(credits=9).count() == 0


def test_the_contest_bands_pay_by_rank(skills_world):
    w = skills_world
    paid = {}
    for rank in (1, 2, 3, 4, 10, 11, 40):
        report_achievement(Achievement(
            person_id=w.wang.person.pk, kind="contest_result", source=f"contests.entry:{rank}:1",
            on=date(2025, 11, 22), detail={"rank": rank, "award": "", "contest": "赛"},
        ))  # fmt: skip
        paid[rank] = CreditLine.objects.get(source=f"contests.entry:{rank}:1").credits
    assert paid == {1: 30, 2: 20, 3: 20, 4: 10, 10: 10, 11: 5, 40: 5}
