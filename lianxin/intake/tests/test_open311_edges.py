"""Open311 as browser apps and hotline vendors meet it: an urgent request's notice says what its
expected time holds, a JSON body is told the format to use, CORS only for the configured origins,
and XML that a strict parser reads whatever a stored text holds."""

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from lianxin.cases.models import Case, Category, DeadlineUnit
from lianxin.intake.open311 import rendering, spec
from lianxin.intake.services import open311

try:  # lxml in strict mode where it is installed (what the issue's client used), else expat
    from lxml import etree as strict_xml

    def parse(body: bytes):
        return strict_xml.fromstring(body, strict_xml.XMLParser(recover=False))
except ImportError:  # pragma: no cover - depends on the machine

    def parse(body: bytes):
        return ET.fromstring(body)


pytestmark = pytest.mark.django_db

SAID = "厂区门口人行道塌陷，骑手晚上送餐差点摔倒，请尽快修补。"
NEAR = {"lat": "35.215301", "long": "113.241502"}
APP = "https://rider-app.example.cn"


@pytest.fixture
def api_key(db) -> str:
    return open311.issue_key(app_name="随手拍 rider app", actor=None)[1]


def url(name: str, fmt: str = "json", **kwargs) -> str:
    return reverse(f"open311:{name}", kwargs={"fmt": fmt, **kwargs})


def post_form(client, api_key: str, fmt: str = "json", **fields):
    data = {"api_key": api_key, "service_code": "safety", "description": SAID, **NEAR, **fields}
    return client.post(url("requests", fmt), data)


def within(value: int, unit: str) -> str:
    return f"{value} {DeadlineUnit(unit).label}"


# ---- the notice and the expected time come from one rule ----------------------------------------


def test_an_urgent_requests_notice_says_the_two_hours_its_expected_datetime_holds(
    client, world, api_key
):
    # given a request posted as urgent in a category whose ordinary term is days
    category = Category.objects.get(key="safety")
    assert (category.resolution_unit, category.resolution_value) != (DeadlineUnit.HOURS, 2)
    posted = post_form(client, api_key, **{"attribute[urgency]": "urgent"})
    assert posted.status_code == 201
    (answer,) = posted.json()
    # when the client reads it back
    (entry,) = client.get(url("request", service_request_id=answer["service_request_id"])).json()
    # then the expected time is two hours after the request, and both notices say two hours
    requested = datetime.fromisoformat(entry["requested_datetime"])
    expected = datetime.fromisoformat(entry["expected_datetime"])
    assert expected - requested == timedelta(hours=2)
    for notice in (entry["service_notice"], answer["service_notice"]):
        assert within(2, DeadlineUnit.HOURS) in notice
        assert within(category.resolution_value, category.resolution_unit) not in notice


def test_an_ordinary_requests_notice_is_its_services_notice_and_matches_its_deadline(
    client, world, api_key
):
    posted = post_form(client, api_key)
    (answer,) = posted.json()
    case = Case.objects.get(number=answer["service_request_id"])
    (entry,) = client.get(url("request", service_request_id=case.number)).json()
    assert entry["service_notice"] == spec.service_notice(case.category)
    assert datetime.fromisoformat(entry["expected_datetime"]) == case.resolution_due


# ---- a JSON body ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_json_body_is_answered_415_naming_the_form_format_and_creates_nothing(
    client, world, api_key, fmt
):
    # given a client that posts its fields as a JSON document, api_key included
    body = json.dumps({"api_key": api_key, "service_code": "safety", "description": SAID})
    before = Case.objects.count()
    # when it posts
    response = client.post(url("requests", fmt), body, content_type="application/json")
    # then it is told the format the spec posts (not a missing key), and no case is registered
    assert response.status_code == 415
    assert "application/x-www-form-urlencoded" in response["Accept-Post"]
    if fmt == "json":
        (error,) = response.json()
        code, text = error["code"], error["description"]
    else:
        root = parse(response.content)
        code, text = int(root.findtext("error/code")), root.findtext("error/description")
    assert code == 415
    assert "application/x-www-form-urlencoded" in text
    assert "application/json" in text
    assert Case.objects.count() == before


def test_a_form_post_without_a_key_is_still_refused_with_403(client, world):
    response = post_form(client, "not-a-key")
    assert response.status_code == 403


# ---- CORS ---------------------------------------------------------------------------------------


def test_without_configured_origins_no_answer_allows_another_origin(client, world):
    # given the default settings (no origin configured)
    # when a browser app on another origin reads services and sends a preflight
    read = client.get(url("services"), headers={"Origin": APP})
    preflight = client.options(
        url("requests"), headers={"Origin": APP, "Access-Control-Request-Method": "POST"}
    )
    # then neither answer allows it (the browser keeps the answer from the app)
    assert read.status_code == 200
    assert "Access-Control-Allow-Origin" not in read
    assert preflight.status_code == 204
    assert "Access-Control-Allow-Origin" not in preflight


@override_settings(LIANXIN_OPEN311_CORS_ORIGINS=[APP])
def test_a_configured_origins_preflight_and_answers_are_allowed_and_others_are_not(
    client, world, api_key
):
    # when the configured app sends a preflight for a POST
    preflight = client.options(
        url("requests"),
        headers={
            "Origin": APP,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    # then it is answered with what it may send
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == APP
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "content-type" in preflight["Access-Control-Allow-Headers"].lower()
    assert int(preflight["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in preflight
    # and its reads, posts and refusals carry its origin, varying by Origin
    posted = client.post(
        url("requests"),
        {"api_key": api_key, "service_code": "safety", "description": SAID, **NEAR},
        headers={"Origin": APP},
    )
    missing = client.get(url("request", service_request_id="nope"), headers={"Origin": APP})
    for response, status in ((posted, 201), (missing, 404)):
        assert response.status_code == status
        assert response["Access-Control-Allow-Origin"] == APP
        assert "Origin" in response["Vary"]
    # while another origin gets no allowance
    other = client.get(url("services"), headers={"Origin": "https://evil.example.com"})
    assert "Access-Control-Allow-Origin" not in other


@override_settings(LIANXIN_OPEN311_CORS_ORIGINS=["*"])
def test_a_star_allows_any_origin(client, world):
    response = client.get(url("services"), headers={"Origin": "https://any.example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"


# ---- XML a strict parser reads --------------------------------------------------------------------

# Every kind of character XML 1.0 cannot carry: C0 controls, DEL, lone surrogates, U+FFFE/U+FFFF.
INVALID = "\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\ud800\udfff\ufffe\uffff"
# Characters XML 1.0 does carry and a text must keep: tab, CRLF, NEL, line separator, an emoji.
KEPT = "甲\t乙\r\n丙\x85丁\u2028戊😀"


def test_the_xml_renderer_drops_what_xml_cannot_carry_and_keeps_everything_else() -> None:
    # given a document whose texts mix characters XML cannot carry with ones it can
    text = "".join(a + b for a, b in zip(KEPT, INVALID + " " * len(KEPT), strict=False))
    data = [{"description": text, "status_notes": INVALID}]
    # when rendered as XML
    body = rendering.respond(data, "xml", root="service_requests").content
    # then a strict parser reads it, each text exactly as stored but for the dropped characters
    root = parse(body)
    expected = text
    for character in INVALID:
        expected = expected.replace(character, "")
    assert root.findtext("request/description") == expected
    assert root.findtext("request/description").count("\r\n") == 1
    assert root.findtext("request/status_notes") in ("", None)


def test_an_error_document_quoting_input_with_control_characters_is_valid_xml(client, world):
    response = client.get(url("service", "xml", service_code="路\x01灯\x7f"))
    assert response.status_code == 404
    root = parse(response.content)
    assert root.tag == "errors"
    assert "\x01" not in (root.findtext("error/description") or "")
