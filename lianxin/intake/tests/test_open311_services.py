"""Open311's services: keys issued and revoked, requests posted, each allowed and refused."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from lianxin.audit.models import Event
from lianxin.audit.selectors import events_for
from lianxin.cases.models import Case, Category, Channel
from lianxin.core.errors import InvalidInput, NotFound
from lianxin.intake.models import Open311Key, Open311Request, OrgLocation
from lianxin.intake.services import open311
from lianxin.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAID = "园区路灯坏了一排，夜班下班的女工走路害怕。"


def a_key() -> Open311Key:
    return open311.issue_key(app_name="随手拍", actor=None)[0]


def post(key: Open311Key, **fields) -> Open311Request:
    given = {
        "category": Category.objects.get(key="conditions"),
        "jurisdiction": None,
        "place": open311.Place(address="园区北门"),
        "description": SAID,
    }
    return open311.post_request(key=key, **{**given, **fields})


# ---- keys ---------------------------------------------------------------------------------------


def test_issue_key_keeps_only_a_hash_and_journals_the_issue(world):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    key, raw = open311.issue_key(app_name="  随手拍 rider app ", actor=admin)
    assert raw.startswith("lx311_")
    assert len(raw) > 40
    assert key.app_name == "随手拍 rider app"
    assert raw not in key.key_hash
    assert key.hint == raw[:12]
    assert open311.key_for(raw) == key
    (event,) = events_for(key)
    assert event.kind == "open311_key_issued"
    assert event.actor == admin


def test_issue_key_without_an_app_name_is_refused_and_nothing_is_written(world):
    events = Event.objects.count()
    with pytest.raises(InvalidInput):
        open311.issue_key(app_name="  ", actor=None)
    assert Open311Key.objects.count() == 0
    assert Event.objects.count() == events


def test_revoke_key_stops_the_key_and_journals_it(world):
    key, raw = open311.issue_key(app_name="随手拍", actor=None)
    open311.revoke_key(key_id=key.pk, actor=None)
    key.refresh_from_db()
    assert key.is_revoked
    assert [e.kind for e in events_for(key)] == ["open311_key_issued", "open311_key_revoked"]
    with pytest.raises(open311.KeyRefused):
        open311.key_for(raw)


def test_revoking_a_revoked_key_is_refused_and_changes_nothing(world):
    key = a_key()
    open311.revoke_key(key_id=key.pk, actor=None)
    revoked_at = Open311Key.objects.get(pk=key.pk).revoked_at
    events = Event.objects.count()
    with pytest.raises(InvalidInput):
        open311.revoke_key(key_id=key.pk, actor=None)
    with pytest.raises(NotFound):
        open311.revoke_key(key_id=key.pk + 100, actor=None)
    assert Open311Key.objects.get(pk=key.pk).revoked_at == revoked_at
    assert Event.objects.count() == events


@pytest.mark.parametrize("raw", ["", "   ", "lx311_guess"])
def test_a_missing_or_unknown_key_is_refused(world, raw):
    a_key()
    with pytest.raises(open311.KeyRefused) as refused:
        open311.key_for(raw)
    assert refused.value.http_status == 403


def test_the_command_prints_a_working_key_once(world):
    out, err = StringIO(), StringIO()
    call_command("create_open311_key", "Rider", "app", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert open311.key_for(raw).app_name == "Rider app"
    assert raw not in err.getvalue()
    assert Open311Key.objects.get().key_hash != raw


# ---- posting ------------------------------------------------------------------------------------


def test_post_request_registers_an_anonymous_snapshot_case_with_its_open311_row(world):
    key = a_key()
    posted = post(
        key,
        jurisdiction=world.ent_a2,
        media_url="https://img.example.org/lamp.jpg",
        place=open311.Place(latitude=Decimal("35.1234567"), longitude=Decimal("113.2")),
        requester=open311.Requester(),
    )
    case = posted.case
    assert case.channel == Channel.SNAPSHOT
    assert case.origin_org == world.ent_a2
    assert case.registered_by is None
    assert case.is_anonymous
    assert (case.worker_name, case.worker_phone, posted.email) == ("", "", "")
    assert case.latitude == Decimal("35.123457")
    assert posted.media_url == "https://img.example.org/lamp.jpg"
    assert posted.key == key
    assert len(posted.token) >= 20
    (event,) = events_for(case)
    assert event.kind == "registered"
    assert event.data["channel"] == Channel.SNAPSHOT


def test_a_named_request_keeps_the_contact_like_a_named_workers(world):
    requester = open311.Requester(
        first_name="Li", last_name="Na", phone="+86 139 0000 1111", email="li@example.cn"
    )
    posted = post(a_key(), jurisdiction=world.ent_a1, requester=requester)
    assert not posted.case.is_anonymous
    assert posted.case.worker_name == "Li Na"
    assert posted.case.worker_phone == "13900001111"
    assert posted.email == "li@example.cn"


def test_a_request_without_a_description_says_what_it_is(world):
    posted = post(a_key(), jurisdiction=world.ent_a1, description=" ")
    assert "劳动条件与设施" in posted.case.description


@pytest.mark.parametrize(
    "fields",
    [
        {"place": open311.Place()},  # no location at all
        {"requester": open311.Requester(phone="12345")},  # not a phone number
    ],
)
def test_a_refused_post_writes_no_case_no_row_and_no_event(world, fields):
    key = a_key()
    events = Event.objects.count()
    with pytest.raises(InvalidInput):
        post(key, jurisdiction=world.ent_a1, **fields)
    assert Case.objects.count() == 0
    assert Open311Request.objects.count() == 0
    assert Event.objects.count() == events


def test_without_jurisdiction_or_match_a_tree_of_several_roots_is_refused(world):
    from lianxin.orgs.tests.factories import OrgFactory

    OrgFactory(code="XX", name="另一市总工会", kind="federation")
    with pytest.raises(InvalidInput):
        post(a_key(), place=open311.Place(address="不知道在哪"))
    assert Case.objects.count() == 0


# ---- which org ----------------------------------------------------------------------------------


def test_the_nearest_org_in_reach_wins_and_one_out_of_reach_is_passed_over(world):
    OrgLocation.objects.create(
        org=world.ent_a1, latitude=Decimal("35.20"), longitude=Decimal("113.20"), radius_km=2
    )
    OrgLocation.objects.create(
        org=world.ent_b1, latitude=Decimal("35.21"), longitude=Decimal("113.21"), radius_km=1
    )
    near_b1 = open311.Place(latitude=Decimal("35.2105"), longitude=Decimal("113.2105"))
    between = open311.Place(latitude=Decimal("35.203"), longitude=Decimal("113.203"))
    far = open311.Place(latitude=Decimal("35.30"), longitude=Decimal("113.30"))
    assert open311.find_org(jurisdiction=None, place=near_b1) == world.ent_b1
    assert open311.find_org(jurisdiction=None, place=between) == world.ent_a1
    assert open311.find_org(jurisdiction=None, place=far) == world.city
    assert open311.find_org(jurisdiction=world.district_a, place=near_b1) == world.ent_a1


def test_an_enterprise_is_found_by_its_short_name_in_the_address(world):
    world.ent_b2.short_name = "天香面业"
    world.ent_b2.save(update_fields=["short_name"])
    place = open311.Place(address="山阳区天香面业北门外人行道")
    assert open311.find_org(jurisdiction=None, place=place) == world.ent_b2
    assert open311.find_org(jurisdiction=world.district_a, place=place) == world.district_a


def test_a_partner_agency_is_no_jurisdiction(world):
    with pytest.raises(NotFound):
        open311.find_jurisdiction("HRSS")
    assert open311.find_jurisdiction("EA1") == world.ent_a1


def test_chinese_names_read_family_name_first():
    assert open311.Requester(first_name="小明", last_name="王").name == "王小明"
    assert open311.Requester(first_name="Ming", last_name="Wang").name == "Ming Wang"
    assert open311.Requester(email="a@b.cn").is_anonymous is False
    assert open311.Requester().is_anonymous is True


def test_listing_requests_costs_the_same_for_25_as_for_one(world, django_assert_max_num_queries):
    from lianxin.intake.open311 import spec

    key = a_key()
    for _ in range(25):
        post(key, jurisdiction=world.ent_a1)
    with django_assert_max_num_queries(2):
        entries = [spec.request_entry(r) for r in open311.find_requests(open311.Query())]
    assert len(entries) == 25
    assert all(e["updated_datetime"] for e in entries)
