"""The forms that take a worker's phone ask for SMS consent; an anonymous worker never consents."""

import pytest
from django.urls import reverse

from lianxin.cases.models import Case, Category
from lianxin.core.models import Delivery

pytestmark = pytest.mark.django_db

SAID = "公司两个月没发工资了，问了人事也说不清楚什么时候发。"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def hotline_form(**fields) -> dict:
    return {
        "caller_phone": "13912345678", "enterprise": "A企业1",
        "category": Category.objects.get(key="wages").pk, "urgency": "ordinary",
        "description": SAID, **fields,
    }  # fmt: skip


def test_the_hotline_keeps_a_named_callers_sms_consent(client, world):
    client.force_login(world.chair)
    page = client.get(reverse("hotline:take_call")).content.decode()
    assert 'name="sms_consent"' in page
    client.post(reverse("hotline:take_call"), hotline_form(sms_consent="on"))
    case = Case.objects.get()
    assert (case.worker_phone, case.sms_consent) == ("13912345678", True)


def test_the_hotline_drops_consent_for_an_anonymous_caller(client, world, sms_gateway):
    client.force_login(world.chair)
    client.post(reverse("hotline:take_call"), hotline_form(sms_consent="on", anonymous="on"))
    case = Case.objects.get()
    assert (case.is_anonymous, case.worker_phone, case.sms_consent) == (True, "", False)
    assert not Delivery.objects.filter(channel="sms").exists()


@pytest.mark.usefixtures("media")
def test_the_worker_page_keeps_a_named_workers_consent(client, world):
    assert 'name="sms_consent"' in client.get(reverse("worker:submit")).content.decode()
    client.post(
        reverse("worker:submit"),
        {"enterprise": "EA1", "description": SAID, "identity": "named",
         "worker_name": "王师傅", "worker_phone": "13700001111", "sms_consent": "on"},
    )  # fmt: skip
    case = Case.objects.get()
    assert (case.worker_phone, case.sms_consent) == ("13700001111", True)


@pytest.mark.usefixtures("media")
def test_the_worker_page_drops_consent_when_the_worker_stays_anonymous(client, world):
    client.post(
        reverse("worker:submit"),
        {"enterprise": "EA1", "description": SAID, "identity": "anonymous",
         "worker_name": "王师傅", "worker_phone": "13700001111", "sms_consent": "on"},
    )  # fmt: skip
    case = Case.objects.get()
    assert (case.is_anonymous, case.sms_consent, case.worker_phone) == (True, False, "")
