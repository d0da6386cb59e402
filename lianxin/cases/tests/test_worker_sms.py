"""A named worker who agreed is told by SMS when their case is accepted and resolved (and asked
for feedback); an anonymous case tells the worker nothing, anywhere."""

import pytest
from django.contrib.auth.models import User

from lianxin.cases import services
from lianxin.cases.forms import RegisterCaseForm
from lianxin.cases.tests.factories import category, make_case
from lianxin.core.models import Delivery, Notification

pytestmark = pytest.mark.django_db

WORKER_KINDS = ("worker_case_accepted", "worker_case_resolved")


def accept_and_resolve(case, world):
    services.accept_case(case_id=case.pk, actor=world.chair)
    services.start_case(case_id=case.pk, actor=world.chair)
    services.resolve_case(case_id=case.pk, actor=world.chair, result="已补发加班费")


def worker_deliveries():
    return Delivery.objects.filter(kind__in=WORKER_KINDS)


def test_a_consenting_named_worker_gets_an_sms_on_acceptance_and_on_resolution(
    world, sms_gateway, django_capture_on_commit_callbacks
):
    case = make_case(actor=world.chair, org=world.ent_a1, sms_consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        accept_and_resolve(case, world)
    sent = [sms for sms in sms_gateway.sent if sms["kind"] in WORKER_KINDS]
    assert [sms["kind"] for sms in sent] == list(WORKER_KINDS)
    assert {sms["to"] for sms in sent} == {"13812345678"}
    assert case.number in sent[0]["text"]
    assert "已受理" in sent[0]["text"]
    assert "评价" in sent[1]["text"]
    assert set(worker_deliveries().values_list("status", flat=True)) == {"sent"}


def test_a_named_worker_without_consent_gets_no_sms(world, sms_gateway):
    case = make_case(actor=world.chair, org=world.ent_a1, sms_consent=False)
    accept_and_resolve(case, world)
    assert not worker_deliveries().exists()


def test_no_sms_when_the_sms_channel_is_off(world, settings):
    settings.LIANXIN_NOTIFY_CHANNELS = ["email"]
    case = make_case(actor=world.chair, org=world.ent_a1, sms_consent=True)
    accept_and_resolve(case, world)
    assert not worker_deliveries().exists()


@pytest.mark.parametrize("move", ["accept", "resolve", "feedback_reopened_and_resolved_again"])
def test_an_anonymous_case_never_tells_the_worker_anything_on_any_path(world, sms_gateway, move):
    case = make_case(
        actor=world.chair, org=world.ent_a1, is_anonymous=True, sms_consent=True,
        worker_name="张师傅", worker_phone="13812345678",
    )  # fmt: skip
    case.refresh_from_db()
    assert (case.worker_phone, case.sms_consent) == ("", False)
    services.accept_case(case_id=case.pk, actor=world.chair)
    if move != "accept":
        services.start_case(case_id=case.pk, actor=world.chair)
        services.resolve_case(case_id=case.pk, actor=world.chair, result="r")
    if move == "feedback_reopened_and_resolved_again":
        services.record_feedback(case_id=case.pk, actor=world.chair, rating="dissatisfied")
        services.resolve_case(case_id=case.pk, actor=world.chair, result="r2")
    assert not worker_deliveries().exists()
    assert not Notification.objects.filter(kind__in=WORKER_KINDS).exists()
    assert not Delivery.objects.filter(address="13812345678").exists()
    assert sms_gateway.requests == []


def test_a_worker_with_an_account_also_finds_it_in_their_inbox(world, sms_gateway):
    account = User.objects.create_user(username="worker", password="x")
    case = make_case(actor=world.chair, org=world.ent_a1, worker_user=account, sms_consent=True)
    services.accept_case(case_id=case.pk, actor=world.chair)
    note = Notification.objects.get(recipient=account, kind="worker_case_accepted")
    [sms] = note.deliveries.all()
    assert (sms.channel, sms.address) == ("sms", "13812345678")


def test_the_register_form_takes_consent_and_drops_it_for_an_anonymous_worker(world):
    base = {
        "origin_org": world.ent_a1.pk, "category": category().pk, "channel": "visit",
        "urgency": "ordinary", "title": "t", "description": "d", "worker_phone": "13812345678",
        "sms_consent": "on",
    }  # fmt: skip
    named = RegisterCaseForm(base, orgs=world.ent_a1.__class__.objects.all())
    assert named.is_valid(), named.errors
    assert named.cleaned_data["sms_consent"] is True
    anonymous = RegisterCaseForm({**base, "is_anonymous": "on"}, orgs=None)
    anonymous.is_valid()
    assert anonymous.cleaned_data["sms_consent"] is False
