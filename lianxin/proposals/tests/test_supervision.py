"""A meeting with two resolutions: one done on time, one overdue that draws a 督办 notice; both in
the ledger's supervision view (the resolutions panel) and the supervise_resolutions command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory

from lianxin.audit.models import Event
from lianxin.core import clock
from lianxin.core.models import Notification
from lianxin.proposals import selectors, services
from lianxin.proposals.supervision import supervise_resolutions
from lianxin.proposals.tests.factories import meeting, worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(world):
    now = clock.now()
    owner = worker("李总")
    m = meeting(actor=world.chair, org=world.ent_a1, held_at=now - timedelta(days=30))
    on_time = services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text="杂物间改建母婴室", owner_name="李总",
        owner=owner, due=now - timedelta(days=5),
    )  # fmt: skip
    with clock.frozen_at(now - timedelta(days=8)):
        services.complete_resolution(resolution_id=on_time.pk, actor=owner, outcome="母婴室已启用")
    late = services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text="健康驿站添置血压计", owner_name="王经理",
        owner=owner, due=now - timedelta(days=2),
    )  # fmt: skip
    return world, m, on_time, late, owner


def test_the_overdue_resolution_draws_one_notice_and_the_done_one_none(two):
    world, _m, on_time, late, owner = two
    report = supervise_resolutions()
    assert (report.overdue_notified, report.warned, report.skipped) == (1, 0, 0)
    notices = Notification.objects.filter(kind="resolution_supervised")
    # the owner, the enterprise chair, the supervisor of the district above
    assert set(notices.values_list("recipient", flat=True)) == {
        owner.pk, world.chair.pk, world.supervisor.pk,
    }  # fmt: skip
    late.refresh_from_db()
    assert late.last_supervised_at is not None
    supervised = Event.objects.filter(kind="supervised", target_type="proposals.resolution")
    assert list(supervised.values_list("target_id", flat=True)) == [late.pk]
    assert supervised.get().visibility == "internal"
    on_time.refresh_from_db()
    assert on_time.status == "done"
    assert on_time.done_at <= on_time.due


def test_a_second_run_within_24_hours_sends_nothing_and_after_24_hours_again(two):
    supervise_resolutions()
    again = supervise_resolutions()
    assert (again.overdue_notified, again.skipped) == (0, 1)
    assert Notification.objects.filter(kind="resolution_supervised").count() == 3
    later = supervise_resolutions(now=clock.now() + timedelta(hours=25))
    assert later.overdue_notified == 1


def test_a_resolution_due_tomorrow_is_warned(world):
    m = meeting(actor=world.chair, org=world.ent_a1)
    services.add_resolution(
        meeting_id=m.pk, actor=world.chair, text="x", owner_name="y",
        due=clock.now() + timedelta(hours=12),
    )  # fmt: skip
    assert supervise_resolutions().warned == 1


def test_a_dry_run_writes_nothing(two):
    report = supervise_resolutions(dry_run=True)
    assert report.overdue_notified == 1
    assert not Notification.objects.filter(kind="resolution_supervised").exists()
    assert not Event.objects.filter(kind="supervised").exists()


def test_the_command_reports_the_run(two):
    out = StringIO()
    call_command("supervise_resolutions", stdout=out)
    assert "1" in out.getvalue()
    assert Notification.objects.filter(kind="resolution_supervised").exists()


def test_both_resolutions_in_the_supervision_view(two):
    world, _m, on_time, late, _owner = two
    assert list(selectors.overdue_resolutions(world.chair)) == [late]
    assert list(selectors.overdue_resolutions(world.supervisor)) == [late]
    assert list(selectors.overdue_resolutions(world.chair_b)) == []
    assert selectors.resolution_counts(world.chair) == {"open": 1, "overdue": 1}
    rows = {r.pk: r.is_overdue for r in selectors.resolution_list(user=world.chair)}
    assert rows == {on_time.pk: False, late.pk: True}
    request = RequestFactory().get("/cases/")
    request.user = world.chair
    html = Template("{% load panels %}{% render_panel panel %}").render(
        Context({"request": request, "panel": _ledger_panel(request)})
    )
    assert "健康驿站添置血压计" in html
    assert 'data-testid="overdue-resolution"' in html
    assert "杂物间改建母婴室" not in html


def test_the_resolutions_page_lists_both(two, client):
    world, _m, _on_time, _late, _owner = two
    client.force_login(world.chair)
    page = client.get("/proposals/resolutions/?status=all").content.decode()
    assert "杂物间改建母婴室" in page
    assert "健康驿站添置血压计" in page


def _ledger_panel(request):
    from lianxin.cases.hooks import shown_panels

    [panel] = shown_panels(request, None, "ledger_top")["ledger_top"]
    return panel
