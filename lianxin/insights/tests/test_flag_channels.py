"""Every channel a case enters the ledger by flags its possible duplicates, once: the register page,
the API, an imported ledger, the hotline and the worker's page (all through the ledger's
case-registered hook, none by a call of its own)."""

import json
from datetime import timedelta

import pytest
from django.db import transaction

from lianxin.audit.models import Event
from lianxin.cases.hooks import (
    case_registered_hooks,
    register_case_registered_hook,
    unregister_case_registered_hook,
)
from lianxin.cases.models import Case, Category
from lianxin.cases.tests.factories import make_case
from lianxin.core import clock
from lianxin.insights.models import DuplicateFlag
from lianxin.insights.services import flag_registered_cases
from lianxin.intake.services.hotline import take_call
from lianxin.intake.services.imports import create_import
from lianxin.intake.services.worker import submit_concern
from lianxin.intake.tests.fixtures.ledger_files import row, xlsx_upload

pytestmark = pytest.mark.django_db

PHONE = "13900003333"
FIRST = "我们挂面车间的机器噪声太大，耳朵整天嗡嗡响，希望厂里给装隔音设备。"
AGAIN = "俺们车间噪音实在受不了，耳朵被震得嗡嗡的，上回说了还没人管，能不能想办法降降噪？"


@pytest.fixture
def first(world):
    """The worker's first case, two days ago, in enterprise A1."""
    return make_case(
        actor=world.chair, org=world.ent_a1, key="conditions", title="车间噪声太大",
        description=FIRST, worker_name="张师傅", worker_phone=PHONE,
        at=clock.now() - timedelta(days=2),
    )  # fmt: skip


def flagged_once(first: Case) -> Case:
    """The one case flagged, with `first` as its candidate, and one journal event for it."""
    flag = DuplicateFlag.objects.get()
    assert (flag.candidate, flag.reason) == (first, "worker")
    assert Event.objects.filter(target_id=flag.case_id, kind="duplicate_flagged").count() == 1
    return flag.case


def test_insights_fills_the_ledgers_case_registered_hook():
    assert flag_registered_cases in case_registered_hooks()


def test_a_case_from_the_register_page_is_flagged(
    client, world, first, django_capture_on_commit_callbacks
):
    client.force_login(world.chair)
    form = {
        "origin_org": world.ent_a1.pk, "channel": "visit", "urgency": "ordinary",
        "category": Category.objects.get(key="conditions").pk, "title": "噪音问题",
        "description": AGAIN, "worker_name": "张师傅", "worker_phone": PHONE,
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/cases/new/", form).status_code == 302
    assert flagged_once(first).channel == "visit"


def test_a_case_from_the_api_is_flagged(client, world, first, django_capture_on_commit_callbacks):
    client.force_login(world.chair)
    body = {
        "origin_org": "EA1", "category": "conditions", "channel": "online", "title": "噪音问题",
        "description": AGAIN, "worker_name": "张师傅", "worker_phone": PHONE,
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/api/cases", json.dumps(body), content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert flagged_once(first).number == answer.json()["number"]


def test_the_cases_of_an_imported_ledger_are_flagged(
    world, first, django_capture_on_commit_callbacks
):
    day = (clock.now() - timedelta(days=1)).date().isoformat()
    rows = [
        row(org="A企业1工会", date=day, category="conditions", description=AGAIN,
            worker_name="张师傅", phone=PHONE),
        row(org="A企业2工会", date=day, category="canteen_dorm", description="宿舍热水器坏了。"),
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        batch = create_import(actor=world.staff, org=world.district_a, upload=xlsx_upload(rows))
    batch.refresh_from_db()
    assert (batch.status, batch.imported) == ("done", 2)
    flagged = flagged_once(first)
    assert (flagged.description, flagged.origin_org) == (AGAIN, world.ent_a1)


def test_a_hotline_call_is_flagged_once(world, first, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case, _code = take_call(
            actor=world.chair, caller_phone=PHONE, enterprise=world.ent_a1,
            category=Category.objects.get(key="conditions"), urgency="ordinary",
            description=AGAIN, anonymous=False,
        )  # fmt: skip
    assert flagged_once(first) == case


def test_a_concern_from_the_workers_page_is_flagged_once(
    world, first, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit_concern(
            client="203.0.113.7", enterprise=world.ent_a1, description=AGAIN,
            is_anonymous=False, worker_name="张师傅", worker_phone=PHONE,
        )  # fmt: skip
    assert flagged_once(first) == submission.case


def test_a_registration_that_rolls_back_flags_nothing(
    world, first, django_capture_on_commit_callbacks
):
    def register_then_fail() -> None:
        with transaction.atomic():
            make_case(actor=world.chair, org=world.ent_a1, key="conditions", description=AGAIN,
                      worker_phone=PHONE)  # fmt: skip
            raise RuntimeError("the request failed after registering")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        register_then_fail()
    assert callbacks == []
    assert not DuplicateFlag.objects.exists()


def test_a_failing_hook_is_logged_and_the_registration_stands(
    world, django_capture_on_commit_callbacks, caplog
):
    def broken(case_ids: list[int]) -> None:
        raise ValueError("the hook broke")

    register_case_registered_hook(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            case = make_case(actor=world.chair, org=world.ent_a1, key="conditions")
    finally:
        unregister_case_registered_hook(broken)
    assert Case.objects.filter(pk=case.pk).exists()
    assert "case-registered hook" in caplog.text


def test_with_the_database_task_backend_a_registration_queues_one_task_and_flags_later(
    world, first, django_capture_on_commit_callbacks, settings
):
    from django_tasks_db.models import DBTaskResult

    # given the production backend: tasks wait in the database for `manage.py db_worker`
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        second = make_case(
            actor=world.chair, org=world.ent_a1, key="conditions", description=AGAIN,
            worker_phone=PHONE,
        )  # fmt: skip
    # then the registration did not wait for the model: one flagging task queued with the case
    # (beside the outbox's delivery task for the registration notice), no flag yet
    queued = DBTaskResult.objects.get(task_path="lianxin.insights.tasks.flag_cases")
    assert queued.args_kwargs == {"args": [], "kwargs": {"case_ids": [second.pk]}}
    assert not DuplicateFlag.objects.exists()
