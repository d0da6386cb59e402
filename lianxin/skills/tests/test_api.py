"""GET /api/skills/credits: the person themself or a union in scope reads the account; anyone else 404,
answered exactly like a person that does not exist."""

from datetime import date

import pytest

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.members.hooks import Achievement, report_achievement

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return lambda user: ApiClient(client, token_for(user))


@pytest.fixture
def credited(skills_world):
    w = skills_world
    for n, hours in ((1, 16), (2, 8)):
        report_achievement(Achievement(
            person_id=w.wang.person.pk, kind="course_completed", source=f"activities.signup:{n}",
            on=date(2025, 6, n), detail={"credit_hours": hours, "course": f"课程{n}"},
        ))  # fmt: skip
    return w


@pytest.mark.parametrize("who", ["wang", "chair", "staff", "city_staff", "leader"])
def test_the_person_and_their_unions_read_the_balance_and_the_lines(credited, api, who):
    w = credited
    user = w.wang.user if who == "wang" else getattr(w, who)
    response = api(user).get(f"/api/skills/credits?person={w.wang.person.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["person_id"] == w.wang.person.pk
    assert float(body["balance"]) == 24.0
    assert [(i["source"], float(i["credits"])) for i in body["items"]] == [
        ("activities.signup:2", 8.0),
        ("activities.signup:1", 16.0),
    ]
    assert body["count"] == 2


@pytest.mark.parametrize("who", ["chair_b", "partner", "judge", "nobody"])
def test_an_outsider_gets_404_exactly_like_an_unknown_person(credited, api, who):
    w = credited
    client = api(getattr(w, who))
    outside = client.get(f"/api/skills/credits?person={w.wang.person.pk}")
    missing = client.get("/api/skills/credits?person=999999")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    assert outside.json()["error"]["code"] == "skills.person_not_found"


def test_the_lines_come_page_by_page(credited, api):
    w = credited
    body = api(w.chair).get(f"/api/skills/credits?person={w.wang.person.pk}&page_size=1").json()
    assert len(body["items"]) == 1
    assert body["next"] is not None
    assert float(body["balance"]) == 24.0  # the balance counts every line, not the page


def test_another_member_cannot_read_a_fellow_members_account(credited, api):
    from lianxin.skills.tests.conftest import member_with_account

    w = credited
    fellow = member_with_account(w, 21, username="fellow")
    response = api(fellow.user).get(f"/api/skills/credits?person={w.wang.person.pk}")
    assert response.status_code == 404
