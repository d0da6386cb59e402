"""Open311 GeoReport v2 driven as a third-party client would: raw HTTP against the live server.

Requests are built from the spec alone (form-encoded POST bodies with `api_key`, `.json`/`.xml`
suffixes, comma-delimited filters, W3C dates), and every field the spec names is checked in both
formats: JSON parsed with `json`, XML with `xml.etree`.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from lianxin.audit.models import Event
from lianxin.cases import services as case_services
from lianxin.cases.models import Case, Category, Channel
from lianxin.cases.taxonomy import seed_categories
from lianxin.core import clock
from lianxin.intake.models import Open311Request, OrgLocation
from lianxin.intake.services import open311 as open311_services

pytestmark = pytest.mark.django_db(transaction=True)

SERVICE_FIELDS = [
    "service_code", "service_name", "description", "metadata", "type", "keywords", "group",
]  # fmt: skip
ATTRIBUTE_FIELDS = [
    "variable", "code", "datatype", "required", "datatype_description", "order", "description",
    "values",
]  # fmt: skip
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
    "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
]  # fmt: skip
POSTED_FIELDS = ["service_request_id", "service_notice", "account_id"]
PHOTO = "https://img.example.org/reports/crack-42.jpg"
SAID = "厂区门口人行道塌陷，骑手晚上送餐差点摔倒，请尽快修补。"
NEAR_A1 = {"lat": "35.215301", "long": "113.241502"}  # a few hundred metres from enterprise A1


@pytest.fixture(autouse=True)
def categories(db):
    """Transactional tests empty the tables between tests, seeded categories included."""
    seed_categories(Category)


@pytest.fixture
def api_key(db):
    _key, raw = open311_services.issue_key(app_name="随手拍 rider app", actor=None)
    return raw


@pytest.fixture
def located(world):
    OrgLocation.objects.create(
        org=world.ent_a1, latitude=Decimal("35.2131"), longitude=Decimal("113.2398")
    )
    return world


# ---- a third-party client ----------------------------------------------------------------------


class Reply:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    def json(self):
        assert self.content_type == "application/json; charset=utf-8"
        return json.loads(self.body.decode("utf-8"))

    def xml(self) -> ET.Element:
        assert self.content_type == "text/xml; charset=utf-8"
        assert self.body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        return ET.fromstring(self.body)

    def document(self, fmt: str):
        """The reply as plain data: XML turned into the dicts and lists its JSON twin would be."""
        return self.json() if fmt == "json" else from_xml(self.xml())


LISTS = {"services", "service_requests", "errors", "attributes", "values", "endpoints", "formats"}


def from_xml(element: ET.Element):
    """Spark convention, backwards: list elements become lists, the rest dicts of their children."""
    if element.tag in LISTS:
        return [from_xml(child) for child in element]
    if len(element):
        return {child.tag: from_xml(child) for child in element}
    return element.text


def call(base: str, method: str, path: str, params: dict | None = None) -> Reply:
    url = f"{base}/open311/v2/{path}"
    body = None
    headers = {"Accept-Language": "zh-CN"}
    if method == "GET" and params:
        url += "?" + urllib.parse.urlencode(params)
    elif params is not None:
        body = urllib.parse.urlencode(params).encode("utf-8")
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


def post(base: str, fmt: str, api_key: str | None, **fields) -> Reply:
    params = {"api_key": api_key, **fields} if api_key is not None else fields
    return call(base, "POST", f"requests.{fmt}", params)


def assert_error(reply: Reply, fmt: str, status: int, *words: str) -> None:
    assert reply.status == status
    errors = reply.document(fmt)
    assert isinstance(errors, list)
    assert errors
    for error in errors:
        assert set(error) == {"code", "description"}
        assert str(error["code"]) == str(status)
        assert error["description"]
    text = " ".join(e["description"] for e in errors)
    for word in words:
        assert word in text


def flag(value) -> bool:
    """A spec boolean: true/false in JSON, "true"/"false" in XML."""
    assert value in (True, False, "true", "false")
    return value in (True, "true")


def w3(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, "the spec requires the time zone"
    return moment


# ---- the whole story ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_client_lists_services_posts_a_photo_report_and_sees_it_closed(
    live_server, located, api_key, fmt
):
    base, world = live_server.url, located

    # discovery names this endpoint, the spec and both formats
    found = call(base, "GET", f"discovery.{fmt}").document(fmt)
    assert set(found) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = found["endpoints"]
    assert set(endpoint) == {"specification", "url", "changeset", "type", "formats"}
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == f"{base}/open311/v2"
    assert endpoint["type"] == "production"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    w3(found["changeset"])

    # services are the categories, every field present
    services = call(base, "GET", f"services.{fmt}").document(fmt)
    assert [s["service_code"] for s in services] == list(
        Category.objects.filter(is_active=True).values_list("key", flat=True)
    )
    safety = next(s for s in services if s["service_code"] == "safety")
    assert list(safety) == SERVICE_FIELDS
    assert safety["service_name"] == "安全生产"
    assert safety["type"] == "realtime"
    assert flag(safety["metadata"]) is True
    assert "Workplace safety" in safety["keywords"]
    assert safety["group"] == "safety"
    assert "4 小时" in safety["description"] or "4 hours" in safety["description"]

    # the service definition: its attributes and their values
    definition = call(base, "GET", f"services/safety.{fmt}").document(fmt)
    assert definition["service_code"] == "safety"
    (urgency,) = definition["attributes"]
    assert list(urgency) == ATTRIBUTE_FIELDS
    assert urgency["code"] == "urgency"
    assert urgency["datatype"] == "singlevaluelist"
    assert flag(urgency["variable"]) is True
    assert flag(urgency["required"]) is False
    assert str(urgency["order"]) == "1"
    assert {v["key"] for v in urgency["values"]} == {"urgent", "ordinary", "complex"}
    assert all(set(v) == {"key", "name"} and v["name"] for v in urgency["values"])

    # POST a request with a photo URL and a location: the id comes back at once, no token
    reply = post(
        base, fmt, api_key, service_code="safety", description=SAID, media_url=PHOTO,
        **NEAR_A1, **{"attribute[urgency]": "urgent"}, device_id="tt222111",
    )  # fmt: skip
    assert reply.status == 201
    (posted,) = reply.document(fmt)
    assert list(posted) == POSTED_FIELDS
    assert "token" not in posted
    assert posted["account_id"] is None
    request_id = posted["service_request_id"]
    case = Case.objects.get(number=request_id)
    assert case.channel == Channel.SNAPSHOT
    assert case.origin_org == world.ent_a1
    assert case.urgency == "urgent"
    assert case.is_anonymous
    assert case.open311.media_url == PHOTO
    assert posted["service_notice"]

    # GET requests/{id}: open, with every field the spec names
    (entry,) = call(base, "GET", f"requests/{request_id}.{fmt}").document(fmt)
    assert list(entry) == REQUEST_FIELDS
    assert entry["service_request_id"] == request_id
    assert entry["status"] == "open"
    assert entry["status_notes"] == "已挂号"
    assert entry["service_code"] == "safety"
    assert entry["service_name"] == "安全生产"
    assert entry["description"] == SAID
    assert entry["agency_responsible"] == world.ent_a1.name
    assert entry["media_url"] == PHOTO
    assert float(entry["lat"]) == 35.215  # the public feed rounds to ~100 m
    assert float(entry["long"]) == 113.242
    assert entry["address_id"] is None
    assert entry["zipcode"] is None
    requested = w3(entry["requested_datetime"])
    assert requested == case.registered_at.replace(microsecond=0)
    assert w3(entry["updated_datetime"]) >= requested
    assert w3(entry["expected_datetime"]) == case.resolution_due.replace(microsecond=0)
    assert entry["service_notice"] == posted["service_notice"]

    # the union handles it in Lianxin: accept, start, resolve — Open311 sees it closed
    case_services.accept_case(case_id=case.pk, actor=world.chair)
    case_services.start_case(case_id=case.pk, actor=world.chair)
    (entry,) = call(base, "GET", f"requests/{request_id}.{fmt}").document(fmt)
    assert entry["status"] == "open"
    assert entry["status_notes"] == "办理中"
    case_services.resolve_case(case_id=case.pk, actor=world.chair, result="人行道已由园区修补。")
    (entry,) = call(base, "GET", f"requests/{request_id}.{fmt}").document(fmt)
    assert entry["status"] == "closed"
    assert entry["status_notes"] == "已办结"  # the state's own text, never the handler's result
    case.refresh_from_db()
    assert w3(entry["updated_datetime"]) == case.resolved_at.replace(microsecond=0)

    # the worker's feedback closes it in the ledger (销账): closed, dated when it was closed
    case_services.record_feedback(case_id=case.pk, actor=world.chair, rating="satisfied")
    (entry,) = call(base, "GET", f"requests/{request_id}.{fmt}").document(fmt)
    case.refresh_from_db()
    assert entry["status"] == "closed"
    assert entry["status_notes"] == "已销账"
    assert w3(entry["updated_datetime"]) == case.closed_at.replace(microsecond=0)
    assert entry["expected_datetime"] is None

    # and the list shows it among the closed ones, not among the open ones
    closed = call(base, "GET", f"requests.{fmt}", {"status": "closed"}).document(fmt)
    assert [e["service_request_id"] for e in closed] == [request_id]
    assert call(base, "GET", f"requests.{fmt}", {"status": "open"}).document(fmt) == []


# ---- posting ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_posting_without_a_valid_api_key_is_refused_with_403_and_creates_nothing(
    live_server, world, api_key, fmt
):
    base = live_server.url
    fields = {"service_code": "safety", "description": SAID, "jurisdiction_id": "EA1"}
    revoked, raw_revoked = open311_services.issue_key(app_name="old app", actor=None)
    open311_services.revoke_key(key_id=revoked.pk, actor=None)
    events = Event.objects.count()

    for key in (None, "", "lx311_not-a-key", raw_revoked):
        assert_error(post(base, fmt, key, **fields), fmt, 403, "api_key")

    assert Case.objects.count() == 0
    assert Open311Request.objects.count() == 0
    assert Event.objects.count() == events


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_posts_answer_in_the_spec_error_shape_and_create_nothing(
    live_server, world, api_key, fmt
):
    base = live_server.url
    assert_error(post(base, fmt, api_key, service_code="potholes", **NEAR_A1), fmt, 404, "potholes")
    assert_error(post(base, fmt, api_key, description=SAID, **NEAR_A1), fmt, 400, "service_code")
    no_place = post(base, fmt, api_key, service_code="safety", description=SAID)
    assert_error(no_place, fmt, 400, "lat", "address_string")
    half = post(base, fmt, api_key, service_code="safety", lat="35.2")
    assert_error(half, fmt, 400, "lat", "long")
    far = post(base, fmt, api_key, service_code="safety", lat="135.2", long="113.2")
    assert_error(far, fmt, 400, "lat")
    ftp = post(base, fmt, api_key, service_code="safety", media_url="ftp://x.org/a.jpg", **NEAR_A1)
    assert_error(ftp, fmt, 400, "media_url")
    long_text = post(base, fmt, api_key, service_code="safety", description="长" * 4001, **NEAR_A1)
    assert_error(long_text, fmt, 400, "description")
    nowhere = post(base, fmt, api_key, service_code="safety", jurisdiction_id="SF", **NEAR_A1)
    assert_error(nowhere, fmt, 404, "SF")
    partner = post(base, fmt, api_key, service_code="safety", jurisdiction_id="HRSS", **NEAR_A1)
    assert_error(partner, fmt, 404, "HRSS")
    odd = {"attribute[urgency]": "whenever"}
    assert_error(post(base, fmt, api_key, service_code="safety", **NEAR_A1, **odd), fmt, 400)
    undefined = {"attribute[colour]": "red"}
    assert_error(
        post(base, fmt, api_key, service_code="safety", **NEAR_A1, **undefined), fmt, 400, "colour"
    )
    bad_phone = post(base, fmt, api_key, service_code="safety", phone="12", **NEAR_A1)
    assert_error(bad_phone, fmt, 400, "phone")
    assert Case.objects.count() == 0
    assert Open311Request.objects.count() == 0


def test_the_org_comes_from_jurisdiction_id_the_map_the_address_or_the_root(
    live_server, located, api_key
):
    base = live_server.url

    def origin(**fields) -> str:
        reply = post(base, "json", api_key, service_code="wages", description=SAID, **fields)
        assert reply.status == 201, reply.body
        return Case.objects.get(number=reply.json()[0]["service_request_id"]).origin_org.code

    assert origin(**NEAR_A1) == "EA1"  # the nearest org on the map, within its radius
    assert origin(jurisdiction_id="EB1", address_string="厂区东门") == "EB1"
    assert origin(jurisdiction_id="DA", **NEAR_A1) == "EA1"  # the map refines the jurisdiction
    assert origin(jurisdiction_id="DB", **NEAR_A1) == "DB"  # …but never leaves it
    assert origin(address_string="焦作市B区 B企业2工会 北门外") == "EB2"  # named in the address
    assert origin(lat="35.9", long="113.9") == "JZ"  # out of every radius: the root of the tree
    assert origin(address_id="A-1093") == "JZ"
    case = Case.objects.get(open311__address_id="A-1093")
    (entry,) = call(base, "GET", f"requests/{case.number}.json").json()
    assert entry["address_id"] == "A-1093"
    assert entry["lat"] is None


def test_posting_is_rate_limited_per_key(live_server, world, api_key, monkeypatch):
    monkeypatch.setattr(open311_services, "POST_LIMIT", 2)
    fields = {"service_code": "wages", "description": SAID, **NEAR_A1}
    assert [post(live_server.url, "json", api_key, **fields).status for _ in range(2)] == [201, 201]
    assert_error(post(live_server.url, "json", api_key, **fields), "json", 429)
    _other, other_key = open311_services.issue_key(app_name="another app", actor=None)
    assert post(live_server.url, "json", other_key, **fields).status == 201
    assert Case.objects.count() == 3


# ---- anonymity ----------------------------------------------------------------------------------


def test_a_request_without_contact_is_anonymous_and_no_reply_ever_shows_a_requester(
    live_server, world, api_key
):
    base = live_server.url
    where = {"service_code": "wages", "jurisdiction_id": "EA1", "address_string": "厂区东门"}
    anonymous = post(base, "json", api_key, description=SAID, **where).json()[0]
    anonymous = anonymous["service_request_id"]
    named = post(
        base, "xml", api_key, description=SAID, **where,
        first_name="师傅", last_name="王", phone="138-1234-5678", email="wang@example.cn",
    ).document("xml")[0]["service_request_id"]  # fmt: skip

    case = Case.objects.get(number=anonymous)
    assert case.is_anonymous
    assert case.worker_name == case.worker_phone == ""
    assert case.worker_user is None
    assert case.open311.email == ""
    named_case = Case.objects.get(number=named)
    assert not named_case.is_anonymous
    assert (named_case.worker_name, named_case.worker_phone) == ("王师傅", "13812345678")
    assert named_case.open311.email == "wang@example.cn"

    replies = [call(base, "GET", f"requests/{named}.{fmt}").body for fmt in ("json", "xml")] + [
        call(base, "GET", f"requests.{fmt}").body for fmt in ("json", "xml")
    ]
    for body in replies:
        text = body.decode("utf-8")
        assert named in text
        for personal in ("王师傅", "13812345678", "1234-5678", "wang@example.cn", "email", "phone"):
            assert personal not in text


def test_cases_that_did_not_come_over_open311_are_never_shown(live_server, world, api_key):
    from lianxin.cases.tests.factories import make_case

    hotline = make_case(actor=world.chair, org=world.ent_a1, channel="hotline")
    listed = call(live_server.url, "GET", "requests.json").json()
    assert listed == []
    assert_error(call(live_server.url, "GET", f"requests/{hotline.number}.json"), "json", 404)


# ---- reading ------------------------------------------------------------------------------------


@pytest.fixture
def three_requests(live_server, world, api_key):
    """Two safety requests (one resolved) and one about wages, posted 10, 40 and 100 days ago."""
    numbers = []
    # Posted oldest first, as time runs (the rate limit's window only moves forward).
    for code, days in (("safety", 100), ("wages", 40), ("safety", 10)):
        with clock.frozen_at(datetime.now().astimezone() - timedelta(days=days)):
            key = open311_services.key_for(api_key)
            posted = open311_services.post_request(
                key=key,
                category=Category.objects.get(key=code),
                jurisdiction=world.ent_a1 if days != 40 else world.ent_b1,
                place=open311_services.Place(address="厂区东门"),
                description=f"{code} {days}",
            )
        numbers.insert(0, posted.case.number)
    first = Case.objects.get(number=numbers[0])
    case_services.accept_case(case_id=first.pk, actor=world.chair)
    case_services.start_case(case_id=first.pk, actor=world.chair)
    case_services.resolve_case(case_id=first.pk, actor=world.chair, result="已整改")
    return numbers


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_requests_filters_as_the_spec_says(live_server, three_requests, fmt):
    base = live_server.url
    recent, older, oldest = three_requests

    def ids(**params) -> list[str]:
        reply = call(base, "GET", f"requests.{fmt}", params)
        assert reply.status == 200, reply.body
        entries = reply.document(fmt)
        assert all(list(e) == REQUEST_FIELDS for e in entries)
        return [e["service_request_id"] for e in entries]

    assert ids() == [recent, older]  # the most recent 90 days, newest first
    assert ids(service_code="wages") == [older]
    assert ids(service_code="safety,wages") == [recent, older]
    assert ids(status="closed") == [recent]
    assert ids(status="open") == [older]
    assert ids(status="open,closed") == [recent, older]
    assert ids(jurisdiction_id="SB") == [older]
    now = datetime.now().astimezone()
    window = {
        "start_date": (now - timedelta(days=120)).isoformat(timespec="seconds"),
        "end_date": (now - timedelta(days=35)).isoformat(timespec="seconds"),
    }
    assert ids(**window) == [older, oldest]
    assert ids(start_date=(now - timedelta(days=20)).strftime("%Y-%m-%dT%H:%M:%SZ")) == [recent]
    # service_request_id overrides every other argument
    assert ids(service_request_id=f"{oldest},{recent}", status="open") == [recent, oldest]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_queries_and_unknown_resources_answer_in_the_spec_error_shape(
    live_server, three_requests, fmt
):
    base = live_server.url

    def get(path: str, **params) -> Reply:
        return call(base, "GET", path, params)

    assert_error(get(f"requests.{fmt}", status="pending"), fmt, 400, "status")
    assert_error(get(f"requests.{fmt}", start_date="yesterday"), fmt, 400, "start_date")
    assert_error(get(f"requests.{fmt}", end_date="2026-11-01"), fmt, 400, "end_date")
    wide = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}
    assert_error(get(f"requests.{fmt}", **wide), fmt, 400, "90")
    backwards = {"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"}
    assert_error(get(f"requests.{fmt}", **backwards), fmt, 400, "end_date")
    assert_error(get(f"requests/JZ-1999-000001.{fmt}"), fmt, 404, "JZ-1999-000001")
    assert_error(get(f"services/potholes.{fmt}"), fmt, 404, "potholes")
    assert_error(get(f"services.{fmt}", jurisdiction_id="sfgov.org"), fmt, 404, "sfgov.org")
    assert_error(get(f"tokens/nope.{fmt}"), fmt, 404, "nope")
    assert_error(get(f"potholes.{fmt}"), fmt, 404)
    assert_error(call(base, "DELETE", f"requests.{fmt}"), fmt, 405)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_token_gives_back_its_service_request_id(live_server, three_requests, fmt):
    recent = three_requests[0]
    token = Open311Request.objects.get(case__number=recent).token
    (entry,) = call(live_server.url, "GET", f"tokens/{token}.{fmt}").document(fmt)
    assert entry == {"service_request_id": recent, "token": token}


def test_without_a_suffix_the_answer_is_xml_and_the_accident_service_asks_for_more(
    live_server, world
):
    reply = call(live_server.url, "GET", "services/accident")
    definition = from_xml(reply.xml())
    assert [a["code"] for a in definition["attributes"]] == [
        "urgency", "claim_type", "amount_claimed",
    ]  # fmt: skip
    amount = definition["attributes"][2]
    assert amount["datatype"] == "number"
    assert amount["values"] == []  # an empty <values/>
    assert amount["datatype_description"]
    assert call(live_server.url, "GET", "").xml().tag == "discovery"


def test_an_accident_report_carries_its_claim(live_server, world, api_key):
    reply = post(
        live_server.url, "json", api_key, service_code="accident", jurisdiction_id="EA1", **NEAR_A1,
        description="送餐途中被电动车撞倒，膝盖受伤。", **{
            "attribute[claim_type]": "third_party", "attribute[amount_claimed]": "1200.5",
        },
    )  # fmt: skip
    assert reply.status == 201
    case = Case.objects.get(number=reply.json()[0]["service_request_id"])
    assert case.claim_type == "third_party"
    assert case.amount_claimed == Decimal("1200.50")
