"""The activities API: the public list (no persons), sign-up (201, 409 in the one error shape),
the roster (organiser scope only, masked), the figures."""
# ruff: noqa: F811 (the fixtures imported from activities_world are named as arguments)

import pytest

from lianxin.activities.tests.activities_world import (  # noqa: F401 (fixtures)
    activity,
    approve,
    course,
    member,
    members,
    organised,
    signed,
    worker_user,
)
from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.members.tests.conftest import details
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    return lambda user=None: ApiClient(client, token_for(user) if user else None)


def _error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    return body["error"]


def test_the_public_list_shows_open_activities_with_places_and_no_persons(
    world, activity, members, api
):
    for person in members[:3]:
        signed(world, activity, person)
    course(world)
    response = api().get("/api/activities")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    row = next(r for r in body["items"] if r["id"] == activity.pk)
    assert (row["capacity"], row["places_left"], row["waiting"]) == (2, 0, 1)
    assert row["org"] == {"code": "DA", "name": "A区总工会"}
    assert row["kind"] == "childcare"
    assert set(row) == {
        "id", "kind", "title", "description", "org", "place", "capacity", "places_left",
        "waiting", "has_waiting_list", "members_only", "employment_forms", "signup_opens",
        "signup_closes", "starts_on", "ends_on", "credit_hours",
    }  # fmt: skip
    assert details(1).name not in response.content.decode()


def test_the_list_filters_by_kind_and_org_subtree(world, activity, api):
    course(world)
    organised(world, title="B区体检")
    assert api().get("/api/activities", {"kind": "course"}).json()["count"] == 1
    assert api().get("/api/activities", {"org": "JZ"}).json()["count"] == 3
    assert api().get("/api/activities", {"org": "DB"}).json()["count"] == 0
    assert api().get("/api/activities", {"kind": "bogus"}).status_code == 422
    _error(api().get("/api/activities", {"org": "NOPE"}), 404, "activities.org_not_found")


def test_a_worker_signs_up_themself_and_a_refusal_is_409(world, worker_user, api):
    only = organised(world, members_only=True)
    client = api(worker_user)
    error = _error(
        client.post(f"/api/activities/{only.pk}/signups"), 409, "activities.members_only"
    )
    assert error["message"]
    open_to_all = organised(world)
    response = client.post(f"/api/activities/{open_to_all.pk}/signups")
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "signed_up"
    assert body["name"].endswith("*")
    assert body["waiting_position"] is None
    _error(
        client.post(f"/api/activities/{open_to_all.pk}/signups"),
        409,
        "activities.already_signed_up",
    )


def test_a_worker_without_a_person_record_is_told_how_to_register(world, activity, api):
    stranger = UserFactory(username="new_rider")
    error = _error(
        api(stranger).post(f"/api/activities/{activity.pk}/signups"),
        409,
        "activities.not_registered",
    )
    assert error["message"]


def test_staff_sign_up_a_member_in_scope_and_outsiders_get_404(world, activity, members, api):
    response = api(world.chair).post(
        f"/api/activities/{activity.pk}/signups", {"person_id": members[0].pk}
    )
    assert response.status_code == 201
    assert response.json()["person_id"] == members[0].pk
    _error(
        api(world.chair_b).post(
            f"/api/activities/{activity.pk}/signups", {"person_id": members[1].pk}
        ),
        404,
        "activities.person_not_found",
    )
    _error(api(world.chair).post("/api/activities/999999/signups"), 404, "activities.not_found")


def test_the_roster_is_for_the_organisers_scope_and_masked(world, activity, members, api):
    for person in members[:3]:
        signed(world, activity, person)
    response = api(world.city_staff).get(f"/api/activities/{activity.pk}/signups")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [r["state"] for r in items] == ["signed_up", "signed_up", "waiting"]
    assert items[2]["waiting_position"] == 1
    body = response.content.decode()
    for n in (1, 2, 3):
        assert details(n).name not in body
        assert details(n).phone not in body
    for who in ("chair_b", "partner", "judge", "nobody", "chair"):
        _error(
            api(getattr(world, who)).get(f"/api/activities/{activity.pk}/signups"),
            404,
            "activities.not_found",
        )
    assert api().get(f"/api/activities/{activity.pk}/signups").status_code == 401


def test_the_roster_lists_20_sign_ups_in_a_few_queries(world, django_assert_max_num_queries, api):
    big = organised(world, capacity=30)
    for n in range(1, 23):
        signed(world, big, member(world, n))
    client = api(world.staff)
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/activities/{big.pk}/signups")
    assert response.json()["count"] == 22


def test_the_figures_are_scoped(world, activity, members, api):
    signed(world, activity, members[0])
    day = activity.starts_on
    query = {"org": "DA", "start": str(day), "end": str(day)}
    body = api(world.staff).get("/api/activities/figures", query).json()
    assert (body["activities"], body["signups"], body["waiting"]) == (1, 1, 0)
    assert body["by_kind"]["childcare"]["signups"] == 1
    _error(api(world.chair_b).get("/api/activities/figures", query), 404,
           "activities.org_not_found")  # fmt: skip
