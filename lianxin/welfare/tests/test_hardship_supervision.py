"""督办 of home visits: an overdue visit is noticed by the cases' supervision run, once a day."""
# ruff: noqa: F811 - the fixtures are imported from hardship_world and named as arguments

from datetime import date

import pytest

from lianxin.audit.models import Event
from lianxin.cases.tasks import supervise_task
from lianxin.core import clock
from lianxin.core.models import Notification
from lianxin.welfare.services import hardship
from lianxin.welfare.tests.hardship_world import applied, at, registered  # noqa: F401

pytestmark = pytest.mark.django_db

KIND = "hardship_visit_overdue"


def overdue_events(file):
    return list(
        Event.objects.filter(
            target_type="welfare.hardshipfile", target_id=file.pk, kind="visit_overdue"
        )
    )


def run(y, m, d, h=10):
    with clock.frozen_at(at(y, m, d, h)):
        return supervise_task.enqueue().return_value


def test_an_overdue_visit_gets_a_supervision_notice_in_the_supervision_run(world, registered):
    # given a deep-hardship file whose first visit was due on 2025-05-12
    # when the supervision run goes two days later
    report = run(2025, 5, 14)
    # then the holding union's chair gets a 督办 notice linking to the card, and one internal event
    (notice,) = Notification.objects.filter(kind=KIND)
    assert notice.recipient == world.chair
    assert notice.subject.startswith("督办")
    assert notice.link == f"/welfare/hardship/{registered.pk}/"
    assert "宋秀斌" not in notice.subject + notice.body
    (event,) = overdue_events(registered)
    assert event.data == {"org": "EA1", "due": "2025-05-12", "days": 2}
    assert event.visibility == "internal"
    assert report["steps"][
        "lianxin.welfare.services.hardship_supervision.supervise_hardship_visits"
    ] == {"visits_overdue_noticed": 1}


def test_the_notice_is_given_at_most_once_a_day(world, registered):
    run(2025, 5, 14, 9)
    run(2025, 5, 14, 15)
    assert len(overdue_events(registered)) == 1
    run(2025, 5, 15)
    assert len(overdue_events(registered)) == 2
    assert Notification.objects.filter(kind=KIND).count() == 2


def test_a_file_visited_in_time_gets_no_notice(world, registered):
    with clock.frozen_at(at(2025, 5, 1)):
        hardship.record_visit(
            actor=world.chair, file_id=registered.pk, visited_on=date(2025, 5, 1), findings="走访"
        )
    run(2025, 5, 14)
    assert overdue_events(registered) == []
    assert not Notification.objects.filter(kind=KIND).exists()


def test_a_file_not_yet_due_or_no_longer_in_aid_gets_no_notice(world, registered):
    run(2025, 5, 12)  # due today, not yet overdue
    with clock.frozen_at(at(2025, 5, 13)):
        hardship.close_file(actor=world.chair, file_id=registered.pk)
    run(2025, 6, 1)
    assert overdue_events(registered) == []


def test_a_failing_step_is_logged_and_the_run_goes_on(world, registered, monkeypatch, caplog):
    from lianxin.cases import hooks

    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setattr(hooks, "_SUPERVISION_STEPS", [broken, *hooks._SUPERVISION_STEPS])
    report = run(2025, 5, 14)
    assert any(v == {"failed": True} for v in report["steps"].values())
    assert len(overdue_events(registered)) == 1
    assert "supervision step" in caplog.text


def test_a_union_without_chair_or_staff_has_the_nearest_union_above_told(world):
    # given a file held by enterprise A2, which has no chair or staff of its own
    from lianxin.welfare.tests.hardship_world import new_file

    with clock.frozen_at(at(2025, 1, 10)):
        file = hardship.open_file(actor=world.staff, new=new_file(world.ent_a2, 5))
        hardship.register_file(actor=world.staff, file_id=file.pk)
    # when its visit is overdue at the supervision run
    run(2025, 5, 14)
    # then district A's staff is told (not the chair of A1, nor the city)
    assert [n.recipient for n in Notification.objects.filter(kind=KIND)] == [world.staff]
