"""The orgs API: only the orgs visible to the caller; partner agencies for referrals."""


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [o["code"] for o in response.json()["items"]]


def test_orgs_are_those_the_caller_may_see(as_user, world):
    assert codes(as_user(world.chair).get("/api/orgs")) == ["EA1", "EA1-T1"]
    assert codes(as_user(world.partner).get("/api/orgs")) == ["HRSS"]
    assert codes(as_user(world.nobody).get("/api/orgs")) == []
    city = as_user(world.city_staff).get("/api/orgs", {"page_size": 100}).json()
    assert city["count"] == 12


def test_orgs_filter_by_kind_and_text(as_user, world):
    staff = as_user(world.city_staff)
    assert codes(staff.get("/api/orgs", {"kind": "partner"})) == ["HRSS", "COURT"] or codes(
        staff.get("/api/orgs", {"kind": "partner"})
    ) == ["COURT", "HRSS"]
    assert codes(staff.get("/api/orgs", {"q": "A企业1"})) == ["EA1", "EA1-T1"]


def test_an_org_outside_scope_answers_like_a_missing_one(as_user, world):
    chair = as_user(world.chair)
    org = chair.get("/api/orgs/EA1").json()
    assert (org["name"], org["kind"], org["parent"]) == ("A企业1工会", "enterprise", "SA")
    hidden, missing = chair.get("/api/orgs/EB1"), chair.get("/api/orgs/NOPE")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_partners_lists_every_active_partner_agency(as_user, world):
    rows = as_user(world.chair).get("/api/partners").json()
    assert {r["code"] for r in rows} == {"HRSS", "COURT"}
    assert {r["partner_type"] for r in rows} == {"hrss", "court"}


def test_orgs_list_has_no_n_plus_one(as_user, world, django_assert_max_num_queries):
    api = as_user(world.city_staff)
    api.get("/api/categories")
    with django_assert_max_num_queries(6):
        assert len(codes(api.get("/api/orgs"))) == 12
