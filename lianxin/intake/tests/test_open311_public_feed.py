"""What Open311's public feed may show: a fixed status text, a coarsened location, valid XML and
JSON whatever a stored text holds, and a 400 in the spec's shape for dates off the calendar."""

import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse

from lianxin.cases import services as case_services
from lianxin.cases.models import Case, Category
from lianxin.intake.models import Open311Request
from lianxin.intake.open311 import spec
from lianxin.intake.services import open311

pytestmark = pytest.mark.django_db

SAID = "园区路灯坏了一排，夜班下班的女工走路害怕。"
POISON = "路灯\x01坏了\x1b[31m一排\x00\x0b\x7f，请修"
STORED = POISON.replace("\x00", "")  # PostgreSQL cannot store NUL at all


def a_request(**place) -> Open311Request:
    key = open311.issue_key(app_name="随手拍", actor=None)[0]
    return open311.post_request(
        key=key,
        category=Category.objects.get(key="conditions"),
        jurisdiction=None,
        place=open311.Place(address="园区北门", **place),
        description=SAID,
    )


def feed(client, fmt: str, **params):
    return client.get(reverse("open311:requests", kwargs={"fmt": fmt}), params)


def test_status_notes_are_the_states_fixed_text_never_the_handlers_result(client, world):
    # given a request (at the root federation) resolved with a result naming the worker and a phone
    case = a_request().case
    case_services.accept_case(case_id=case.pk, actor=world.city_staff)
    case_services.start_case(case_id=case.pk, actor=world.city_staff)
    case_services.resolve_case(
        case_id=case.pk,
        actor=world.city_staff,
        result="已联系反映人王小明（13812345678），路灯已修。",
    )
    # when anyone reads the public feed, in either format
    for fmt in ("json", "xml"):
        body = feed(client, fmt).content.decode()
        # then the note is the state's own text, and nothing the handler wrote is in it
        assert "王小明" not in body
        assert "13812345678" not in body
        assert "路灯已修" not in body
    (entry,) = json.loads(feed(client, "json").content)
    assert entry["status"] == "closed"
    assert entry["status_notes"] == spec.status_notes(Case(status="resolved"))


def test_every_case_in_one_state_has_the_same_status_notes(world):
    for status in ("registered", "in_progress", "resolved", "closed", "rejected"):
        one, other = Case(status=status, result="甲"), Case(status=status, result="乙 139")
        assert spec.status_notes(one) == spec.status_notes(other)
        assert "甲" not in spec.status_notes(one)


def test_the_feed_shows_coordinates_rounded_to_about_a_hundred_metres(client, world):
    # given a request posted at a point given to six decimals (a doorstep)
    case = a_request(latitude=Decimal("35.215301"), longitude=Decimal("113.241502")).case
    # when the feed is read
    (entry,) = json.loads(feed(client, "json").content)
    root = ET.fromstring(feed(client, "xml").content)
    # then it shows three decimals only, while the ledger keeps the exact point
    assert (entry["lat"], entry["long"]) == (35.215, 113.242)
    assert (root.findtext("request/lat"), root.findtext("request/long")) == ("35.215", "113.242")
    case.refresh_from_db()
    assert (case.latitude, case.longitude) == (Decimal("35.215301"), Decimal("113.241502"))


def test_control_characters_in_a_stored_text_leave_the_feed_valid_xml_and_json(client, world):
    # given a request whose title and description hold control characters (stored before the
    # inputs were cleaned)
    case = a_request().case
    Case.objects.filter(pk=case.pk).update(title=STORED, description=STORED)
    # when the feed is read as XML and as JSON, then both parse, without the controls
    xml = feed(client, "xml")
    assert xml.status_code == 200
    root = ET.fromstring(xml.content)
    assert root.findtext("request/description") == "路灯坏了[31m一排，请修"
    (entry,) = json.loads(feed(client, "json").content)
    assert entry["description"] == "路灯坏了[31m一排，请修"
    detail = client.get(reverse("open311:request", args=[case.number]))
    ET.fromstring(detail.content)


def test_a_posted_description_loses_its_control_characters(client, world):
    # given an API key
    _key, raw = open311.issue_key(app_name="随手拍", actor=None)
    # when a request is posted with control characters in its text fields
    reply = client.post(
        reverse("open311:requests", kwargs={"fmt": "json"}),
        {
            "api_key": raw, "service_code": "conditions", "description": POISON,
            "address_string": "园区\x01北门", "first_name": "",
        },
    )  # fmt: skip
    # then it is accepted and stored without them
    assert reply.status_code == 201
    case = Case.objects.get()
    assert (case.description, case.address) == ("路灯坏了[31m一排，请修", "园区北门")


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "9999-12-31T23:59:59-23:59"},
        {"start_date": "9999-12-30T00:00:00+08:00"},
        {"end_date": "0001-01-01T00:00:00+00:00"},
        {"end_date": "0001-01-01T00:00:00+14:00"},
    ],
)
def test_dates_off_the_calendar_answer_400_in_the_specs_error_shape(client, world, fmt, params):
    reply = feed(client, fmt, **params)
    assert reply.status_code == 400
    if fmt == "json":
        (error,) = json.loads(reply.content)
        assert error["code"] == 400
        assert error["description"]
    else:
        root = ET.fromstring(reply.content)
        assert root.tag == "errors"
        assert root.findtext("error/code") == "400"
