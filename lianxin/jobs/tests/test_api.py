"""The jobs API: the public list (paged, public fields), applying (201, 409 in the one error shape),
the figures (the union roles reaching the org; others 404)."""
# ruff: noqa: F811 (the fixtures imported from jobs_world are named as arguments)

import pytest

from lianxin.api.tests.conftest import ApiClient, token_for
from lianxin.jobs import services
from lianxin.jobs.tests.jobs_world import (  # noqa: F401 (fixtures)
    applied,
    district_post,
    new_post,
    post,
    worker,
)
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {
    "id", "title", "kind", "enterprise", "org", "wage_min", "wage_max", "wage_unit", "place",
    "requirements", "headcount", "site", "starts_on", "ends_on", "contact", "state", "posted_at",
}  # fmt: skip


@pytest.fixture
def api(client):
    return lambda user=None: ApiClient(client, token_for(user) if user else None)


def test_anyone_lists_open_posts_with_public_fields_only(world, post, district_post, api):
    services.close_post(actor=world.chair, post_id=post.pk)
    body = api().get("/api/jobs").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert set(item) == PUBLIC_FIELDS
    assert (item["id"], item["kind"], item["site"], item["wage_unit"]) == (
        district_post.pk, "gig", "JZ-ST-01", "day",
    )  # fmt: skip
    assert item["org"] == {"code": "DA", "name": "A区总工会"}


def test_the_list_filters_by_org_subtree_and_kind(world, post, district_post, api):
    services.post_job(actor=world.chair_b, new=new_post(world.ent_b1, world.ent_b1))
    ids = lambda **q: [i["id"] for i in api().get("/api/jobs", q).json()["items"]]  # noqa: E731
    assert set(ids(org="DA")) == {post.pk, district_post.pk}
    assert ids(org="EA1") == [post.pk]
    assert ids(org="DA", kind="gig") == [district_post.pk]
    assert len(ids()) == 3


def test_the_list_is_paged(world, api):
    for n in range(7):
        services.post_job(
            actor=world.chair, new=new_post(world.ent_a1, world.ent_a1, title=f"岗位{n}")
        )
    body = api().get("/api/jobs", {"page_size": 5, "page": 2}).json()
    assert (body["count"], len(body["items"]), body["next"]) == (7, 2, None)
    assert "page=1" in body["previous"]


def test_an_unknown_org_answers_404_in_the_one_shape(world, api):
    response = api().get("/api/jobs", {"org": "NOPE"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "jobs.org_not_found"


def test_phones_written_into_requirements_are_masked_in_the_list(world, api):
    services.post_job(actor=world.chair, new=new_post(world.ent_a1, world.ent_a1,
                                                      requirements="有意者电话13912345678"))  # fmt: skip
    [item] = api().get("/api/jobs").json()["items"]
    assert "13912345678" not in item["requirements"]
    assert "139****5678" in item["requirements"]


def test_the_worker_applies_201_then_409_in_the_one_shape(world, post, worker, api):
    client = api(worker)
    first = client.post(f"/api/jobs/{post.pk}/applications", {"note": "可以倒班"})
    assert first.status_code == 201
    assert first.json()["state"] == "submitted"
    assert first.json()["actions"] == ["withdraw"]
    again = client.post(f"/api/jobs/{post.pk}/applications", {})
    assert again.status_code == 409
    assert set(again.json()["error"]) == {"code", "message", "details"}
    assert again.json()["error"]["code"] == "jobs.already_applied"


def test_applying_without_a_person_is_409_with_a_clear_message(world, post, api):
    response = api(UserFactory(username="stranger")).post(f"/api/jobs/{post.pk}/applications", {})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "jobs.no_person"


def test_applying_anonymously_is_401_and_to_a_missing_post_404(world, post, worker, api):
    assert api().post(f"/api/jobs/{post.pk}/applications", {}).status_code == 401
    missing = api(worker).post("/api/jobs/999999/applications", {})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "jobs.post_not_found"


@pytest.mark.parametrize("who", ["staff", "city_staff", "leader", "supervisor"])
def test_the_figures_answer_the_union_roles_reaching_the_org(world, post, worker, api, who):
    applied(worker, post)
    body = api(getattr(world, who)).get("/api/jobs/figures", {"org": "DA"}).json()
    assert (body["org"], body["posts"], body["applications"]) == ("DA", 1, 1)
    assert body["hire_rate"] == {"numerator": 0, "denominator": 0, "value": None, "percent": None}


@pytest.mark.parametrize("who", ["chair", "chair_b", "partner", "judge", "nobody"])
def test_the_figures_answer_404_outside_ones_scope(world, post, api, who):
    response = api(getattr(world, who)).get("/api/jobs/figures", {"org": "DA"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "jobs.org_not_found"


def test_the_figures_need_credentials(world, api):
    assert api().get("/api/jobs/figures", {"org": "DA"}).status_code == 401


def test_the_list_reads_in_few_queries(world, api, django_assert_max_num_queries):
    for n in range(25):
        services.post_job(
            actor=world.chair, new=new_post(world.ent_a1, world.ent_a1, title=f"岗{n}")
        )
    with django_assert_max_num_queries(4):
        assert len(api().get("/api/jobs").json()["items"]) == 25
