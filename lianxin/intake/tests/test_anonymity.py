"""Nobody — the enterprise's chair, district staff, an administrator — can link an anonymous case to
the person who raised it: not on a page, in an export, in the admin, nor anywhere in the database."""

import logging
import re
from contextlib import suppress
from io import BytesIO, StringIO
from zipfile import ZipFile

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse

from lianxin.cases import services as case_services
from lianxin.cases.models import Case
from lianxin.core.models import RateCounter
from lianxin.intake.services.receipts import normalise
from lianxin.intake.tests.test_worker_photos import photo_with_gps

ENTERPRISE = "JZ-SY-YH-01"  # 焦作市天香面业有限公司工会, where the demo chair sits
IP = "192.0.2.187"
USER_AGENT = "Mozilla/5.0 (Linux; Android 14; ZQ-Phone-77341) Mobile"
NAME, PHONE = "司马无名氏", "13099887766"  # typed, then anonymity chosen: must vanish
SAID = "  班组长每天让我们提前半小时到岗，不算加班。\n我不敢实名。"
RECEIPT = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}")

pytestmark = pytest.mark.usefixtures("demo_orgs")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def raised(caplog) -> tuple[Case, str]:
    """An anonymous case raised on the worker page from a phone, followed and written to with its
    receipt, then accepted by the chair. Returns the case and its receipt code."""
    phone = Client(REMOTE_ADDR=IP, HTTP_USER_AGENT=USER_AGENT)
    with caplog.at_level(logging.INFO):
        response = phone.post(
            reverse("worker:submit"),
            {
                "enterprise": ENTERPRISE, "description": SAID, "identity": "anonymous",
                "worker_name": NAME, "worker_phone": PHONE, "address": "我家楼下",
                "latitude": "35.1", "longitude": "113.2",
                "photos": [SimpleUploadedFile(f"{NAME}.jpg", photo_with_gps())],
            },
            follow=True,
        )  # fmt: skip
        code = RECEIPT.search(response.content.decode()).group(0)
        phone.post(reverse("worker:status"), {"code": code})
        phone.post(reverse("worker:case_message"), {"text": "补充：周六也是这样。"})
    assert code not in caplog.text
    case = Case.objects.get()
    chair = User.objects.get(username="chair")
    case_services.accept_case(case_id=case.pk, actor=chair, note="已受理。")
    return case, code


def secrets_of(code: str) -> list[str]:
    raw = normalise(code)
    return [IP, "ZQ-Phone-77341", NAME, PHONE, "我家楼下", code, raw, raw[8:]]


def assert_clean(text: str, code: str, where: str) -> None:
    for secret in secrets_of(code):
        assert secret not in text, f"{secret!r} leaks in {where}"


def export_text(response) -> str:
    with ZipFile(BytesIO(response.content)) as book:
        return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


def pages_for(case: Case) -> dict[str, str]:
    pages = {
        "ledger": reverse("cases:ledger"),
        "case page": reverse("cases:detail", args=[case.number]),
        "admin index": reverse("admin:index"),
        "case admin": reverse("admin:cases_case_change", args=[case.pk]),
    }
    for model in admin.site._registry:
        opts = model._meta
        pages[f"{opts.label} admin list"] = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_changelist"
        )
    with suppress(NoReverseMatch):  # receipts may not be in the admin at all
        pages["receipt admin"] = reverse("admin:intake_receipt_changelist")
    return pages


@pytest.mark.parametrize("username", ["chair", "staff", "admin"])
def test_no_page_export_or_admin_screen_links_the_anonymous_case_to_its_worker(
    client, raised, username
):
    # given an anonymous case, and a chair, a district staff member or a superuser
    case, code = raised
    user = User.objects.get(username=username)
    client.force_login(user)
    # when they open every page they have about it
    for where, url in pages_for(case).items():
        response = client.get(url)
        assert response.status_code in {200, 302, 403, 404}, where
        assert_clean(response.content.decode(), code, f"{where} as {username}")
    export = client.get(reverse("cases:export"))
    # then the case is there, marked anonymous, and nothing identifying is
    assert export.status_code == 200
    assert_clean(export_text(export), code, f"export as {username}")
    detail = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "匿名" in detail
    assert SAID.strip().splitlines()[0] in detail
    # and searching for what the worker left out finds nothing
    for secret in (NAME, PHONE, IP):
        found = client.get(reverse("cases:ledger"), {"q": secret}).context["page"].object_list
        assert case not in found


@pytest.mark.parametrize("username", ["chair", "staff", "admin"])
def test_no_api_response_links_the_anonymous_case_to_its_worker(client, raised, username):
    # given an anonymous case, and a token of a chair, a district staff member or a superuser
    from lianxin.api.services import create_token

    case, code = raised
    user = User.objects.get(username=username)
    token = create_token(actor=user, user=user, name="anonymity test").token
    auth = {"Authorization": f"Bearer {token}"}
    # when they read every REST answer about it, and Open311's public reads
    answers = {
        "case list": client.get("/api/cases", headers=auth),
        "case detail": client.get(f"/api/cases/{case.number}", headers=auth),
        "journal": client.get(f"/api/cases/{case.number}/journal", headers=auth),
        "open311 list": client.get("/open311/v2/requests.json"),
        "open311 xml": client.get("/open311/v2/requests.xml"),
    }
    # then the case is there where it should be, and nothing identifying anywhere
    assert answers["case detail"].status_code == 200
    assert answers["case detail"].json()["worker"] is None
    for where, response in answers.items():
        assert_clean(response.content.decode(), code, f"{where} as {username}")


def test_the_anonymous_case_row_holds_no_personal_data(raised):
    case, _code = raised
    case.refresh_from_db()
    assert case.is_anonymous
    assert (case.worker_name, case.worker_phone) == ("", "")
    assert case.registered_by is None
    assert case.worker_user is None
    # the worker did not share their location, so the typed place and coordinates were dropped
    assert (case.latitude, case.longitude, case.address) == (None, None, "")
    assert [a.name for a in case.attachments.all()] == ["photo-1.jpg"]


def test_no_table_stores_the_address_the_receipt_or_what_the_worker_left_out(raised):
    # given everything the database holds after the case was raised and followed
    case, code = raised
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    # then none of the identifying values appears, and the rate counters are keyed hashes
    assert_clean(dump.getvalue(), code, "the database")
    assert RateCounter.objects.exists()
    assert all(
        re.fullmatch(r"[0-9a-f]{64}", k) for k in RateCounter.objects.values_list("key", flat=True)
    )
    assert case.description == SAID


def test_an_account_holder_raising_an_anonymous_case_leaves_no_link_in_their_session(client):
    # given a signed-in person (here, a staff member) who raises a case anonymously and follows it
    staff = User.objects.get(username="staff")
    client.force_login(staff)
    response = client.post(
        reverse("worker:submit"),
        {"enterprise": ENTERPRISE, "description": SAID, "identity": "anonymous"},
        follow=True,
    )
    code = RECEIPT.search(response.content.decode()).group(0)
    client.post(reverse("worker:status"), {"code": code})
    case = Case.objects.get()
    assert case.number in client.get(reverse("worker:case")).content.decode()
    # then neither the case nor the session rows tie the two together
    assert case.worker_user is None
    assert case.registered_by is None
    for session in Session.objects.all():
        data = session.get_decoded()
        assert set(data) <= {"_auth_user_id", "_auth_user_backend", "_auth_user_hash", "_messages"}
        assert case.number not in str(data)
