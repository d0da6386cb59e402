"""The periodic 督办 run also retries the notices whose delivery failed and is due again."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from lianxin.core import notifications
from lianxin.core.models import Notification

pytestmark = pytest.mark.django_db


def test_manage_supervise_delivers_a_notice_whose_retry_is_due(settings):
    # given a notice whose first delivery failed and whose backoff has passed
    user = User.objects.create_user(username="handler", email="h@example.org", password="x")
    [note] = notifications.enqueue_notifications(recipients=[user], kind="test", subject="催办")
    Notification.objects.filter(pk=note.pk).update(
        attempts=1, last_error="gateway unreachable",
        next_attempt_at=timezone.now() - timedelta(minutes=1),
    )  # fmt: skip
    settings.LIANXIN_NOTIFY_BACKEND = "log"
    # when the periodic run goes (no one drains the outbox by hand)
    call_command("supervise", stdout=io.StringIO())
    # then the notice is sent
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT
    assert note.attempts == 2
