"""POST /api/ask over real HTTP (Django's test client, session login): the interpretation, the
figures from the cases the caller may see, and the helpful answer for what it cannot read."""

from datetime import timedelta

import pytest

from lianxin.cases.models import Category
from lianxin.cases.states import Status
from lianxin.cockpit.tests.builders import make_case_row
from lianxin.core import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world):
    now = clock.now()
    wages, safety = Category.objects.get(key="wages"), Category.objects.get(key="safety")
    facts = [
        (world.ent_a1, wages, "hotline", Status.CLOSED),
        (world.ent_a1, wages, "visit", Status.CLOSED),
        (world.ent_a2, safety, "visit", Status.IN_PROGRESS),
        (world.ent_b1, wages, "hotline", Status.RESOLVED),
        (world.ent_b1, safety, "visit", Status.REJECTED),
    ]
    for i, (org, category, channel, status) in enumerate(facts):
        done = status in (Status.CLOSED, Status.RESOLVED)
        make_case_row(
            number=f"API-{i}",
            org=org,
            category=category,
            channel=channel,
            status=status,
            registered_at=now - timedelta(days=3 + i),
            responded_after=None if status == Status.REGISTERED else timedelta(hours=2),
            resolved_after=timedelta(days=1) if done else None,
        )


def post(client, question: str, **extra):
    return client.post("/api/ask", {"question": question, **extra}, content_type="application/json")


def test_ask_answers_a_grouped_question_with_its_interpretation(client, world, cases):
    client.force_login(world.leader)
    response = post(client, "近30天各区的解决率", today=clock.now().date().isoformat())
    assert response.status_code == 200
    body = response.json()
    assert body["understood"] is True
    interpretation = body["interpretation"]
    assert interpretation["metric"] == "resolution_rate"
    assert interpretation["group_by"] == "child"
    assert set(interpretation["period"]) == {"start", "end"}
    assert body["chart"] == "bar"
    rows = {row[0]: row[1:] for row in body["rows"]}
    assert rows["A区总工会"] == [66.7, 2, 3]  # percent, numerator, denominator
    assert rows["B区总工会"] == [100.0, 1, 1]  # the rejected case is not the org's to solve
    assert all(link.startswith("/cases/?") for link in body["links"])
    assert interpretation["period"]["start"] in body["text"]


def test_ask_filters_by_category_and_channel_words(client, world, cases):
    client.force_login(world.leader)
    body = post(client, "今年热线欠薪诉求有多少件").json()
    assert body["interpretation"]["filters"]["category"] == "wages"
    assert body["interpretation"]["filters"]["channel"] == "hotline"
    assert body["rows"] == [[2]]
    assert body["chart"] == "number"


def test_ask_counts_only_the_callers_scope(client, world, cases):
    client.force_login(world.chair_b)  # chair of enterprise B1
    body = post(client, "今年的诉求量").json()
    assert body["rows"] == [[2]]
    refused = post(client, "A企业1工会的诉求量").json()
    assert refused["understood"] is False  # an org outside the scope is not found, not guessed


def test_ask_ranks_and_limits(client, world, cases):
    client.force_login(world.leader)
    body = post(client, "诉求最多的企业").json()
    assert body["interpretation"]["order"] == "desc"
    assert body["interpretation"]["limit"] == 1
    assert len(body["rows"]) == 1
    assert body["rows"][0][1] == 2


def test_an_unreadable_question_gets_examples_not_a_guess(client, world, cases):
    client.force_login(world.leader)
    body = post(client, "食堂的菜好吃吗").json()
    assert body["understood"] is False
    assert body["interpretation"] is None
    assert body["rows"] == []
    assert len(body["examples"]) >= 3


def test_ask_validates_its_input(client, world):
    client.force_login(world.leader)
    assert post(client, "").status_code in (400, 422)
    assert post(client, "解决率", today="not a date").status_code in (400, 422)


def test_ask_needs_credentials(client, world):
    assert post(client, "解决率").status_code == 401
