"""The periodic 督办 run also retries the notices whose delivery failed and is due again."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from lianxin.core import notifications
from lianxin.core.models import Delivery

pytestmark = pytest.mark.django_db


def test_manage_supervise_delivers_a_notice_whose_retry_is_due(settings):
    # given a notice whose first delivery failed and whose backoff has passed
    user = User.objects.create_user(username="handler", email="h@example.org", password="x")
    settings.LIANXIN_NOTIFY_CHANNELS = ["email"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    [note] = notifications.enqueue_notifications(recipients=[user], kind="test", subject="催办")
    delivery = note.deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status="pending", sent_at=None,
        attempts=1, last_error="gateway unreachable",
        next_attempt_at=timezone.now() - timedelta(minutes=1),
    )  # fmt: skip
    # when the periodic run goes (no one drains the outbox by hand)
    call_command("supervise", stdout=io.StringIO())
    # then the notice is sent
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2
