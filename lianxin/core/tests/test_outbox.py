"""The notifications outbox: delivery after commit, in a task, claimed once, retried with backoff."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from lianxin.core import notifications
from lianxin.core.models import Notification

pytestmark = pytest.mark.django_db

FAILING = "lianxin.core.tests.test_outbox.failing_backend"
RECORDING = "lianxin.core.tests.test_outbox.recording_backend"
delivered: list[int] = []
delivered_lock = threading.Lock()


def failing_backend(note: Notification) -> None:
    raise ConnectionError("gateway unreachable")


def recording_backend(note: Notification) -> None:
    with delivered_lock:
        delivered.append(note.pk)


def make_user(name: str = "zhang", email: str = "zhang@example.org") -> User:
    return User.objects.create_user(username=name, email=email, password="x")


def write_note(user: User, subject: str = "案件已受理") -> Notification:
    [note] = notifications.enqueue_notifications(recipients=[user], kind="test", subject=subject)
    return note


def test_a_failing_backend_leaves_the_row_pending_and_a_later_drain_delivers_it(settings):
    # given a notification and a gateway that is down
    note = write_note(make_user())
    settings.LIANXIN_NOTIFY_BACKEND = FAILING
    # when the outbox is drained
    assert notifications.drain_outbox() == {"sent": 0, "failed": 1}
    # then the row is still pending, with the error, one attempt and a retry time
    note.refresh_from_db()
    assert note.status == Notification.Status.PENDING
    assert note.sent_at is None
    assert note.attempts == 1
    assert "gateway unreachable" in note.last_error
    assert note.next_attempt_at > timezone.now()
    assert note.claim == ""
    assert note.claimed_at is None
    # and a drain before the backoff has passed does not try again
    settings.LIANXIN_NOTIFY_BACKEND = "log"
    assert notifications.drain_outbox() == {"sent": 0, "failed": 0}
    # when the backoff has passed and the gateway is back
    Notification.objects.filter(pk=note.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert notifications.drain_outbox() == {"sent": 1, "failed": 0}
    # then it is sent, the second attempt counted
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT
    assert note.sent_at is not None
    assert note.attempts == 2
    assert note.last_error == ""


def test_the_backoff_doubles_and_is_capped():
    assert notifications.backoff(1) == timedelta(minutes=1)
    assert notifications.backoff(2) == timedelta(minutes=2)
    assert notifications.backoff(4) == timedelta(minutes=8)
    assert notifications.backoff(30) == notifications.LONGEST_RETRY


def test_after_the_last_attempt_the_row_is_marked_failed(settings):
    note = write_note(make_user())
    Notification.objects.filter(pk=note.pk).update(attempts=notifications.MAX_ATTEMPTS - 1)
    settings.LIANXIN_NOTIFY_BACKEND = FAILING
    notifications.drain_outbox()
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED
    assert note.attempts == notifications.MAX_ATTEMPTS


def test_an_email_notification_is_sent_through_djangos_mail_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LIANXIN_NOTIFY_BACKEND = "email"
    note = write_note(make_user(), subject="您的诉求已办结")
    Notification.objects.filter(pk=note.pk).update(body="请查看办理结果", link="/cases/1/")
    assert notifications.drain_outbox() == {"sent": 1, "failed": 0}
    [message] = mail.outbox
    assert message.to == ["zhang@example.org"]
    assert message.subject == "您的诉求已办结"
    assert "请查看办理结果" in message.body
    assert "/cases/1/" in message.body
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT


def test_a_recipient_without_an_email_address_fails_at_once_without_retries(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LIANXIN_NOTIFY_BACKEND = "email"
    note = write_note(make_user(email=""))
    notifications.drain_outbox()
    note.refresh_from_db()
    assert note.status == Notification.Status.FAILED
    assert "no e-mail address" in note.last_error
    assert mail.outbox == []


def test_an_unknown_backend_name_is_a_configuration_error(settings):
    settings.LIANXIN_NOTIFY_BACKEND = "carrier-pigeon"
    write_note(make_user())
    with pytest.raises(notifications.ImproperlyConfigured):
        notifications.drain_outbox()
    assert Notification.objects.get().status == Notification.Status.PENDING


def test_nothing_is_delivered_inside_the_transaction_that_writes_the_notification(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LIANXIN_NOTIFY_BACKEND = "email"
    user = make_user()
    # given a request's transaction that writes a notification
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            note = write_note(user)
            # then nothing is sent while the transaction is open
            assert mail.outbox == []
        assert Notification.objects.get(pk=note.pk).status == Notification.Status.PENDING
        assert mail.outbox == []
    # when it commits, the drain is queued (the ImmediateBackend runs it at once)
    assert callbacks == [notifications.queue_drain]
    [message] = mail.outbox
    assert message.subject == note.subject
    assert Notification.objects.get(pk=note.pk).status == Notification.Status.SENT


def test_a_row_claimed_by_another_drain_is_left_alone():
    note = write_note(make_user())
    token = notifications.claim_pending(limit=10)
    assert Notification.objects.get(pk=note.pk).claim == token
    # a second drain finds nothing to claim while the first holds the row
    assert notifications.drain_outbox() == {"sent": 0, "failed": 0}
    # a claim left by a dead worker expires
    stale = timezone.now() - notifications.CLAIM_TIMEOUT - timedelta(minutes=1)
    Notification.objects.filter(pk=note.pk).update(claimed_at=stale)
    assert notifications.drain_outbox() == {"sent": 1, "failed": 0}


@pytest.mark.django_db(transaction=True)
def test_concurrent_drains_deliver_every_message_exactly_once(settings):
    """Real concurrent connections (threads, one connection each); SQLite's in-memory test
    database is shared by one connection, so this runs on PostgreSQL."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    users = [make_user(f"u{i}", f"u{i}@example.org") for i in range(40)]
    for user in users:
        Notification.objects.create(recipient=user, kind="test", subject="s")
    settings.LIANXIN_NOTIFY_BACKEND = RECORDING
    delivered.clear()
    # when six workers drain at once, a few rows per claim, until they find nothing left
    run_concurrently(drain_in_small_claims, threads=6)
    # then every message was delivered once, none twice
    assert sorted(delivered) == sorted(Notification.objects.values_list("pk", flat=True))
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 40
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def drain_in_small_claims() -> int:
    rounds = 0
    while notifications.drain_outbox(limit=3) != {"sent": 0, "failed": 0}:
        rounds += 1
    return rounds


def run_concurrently(attempt, *, threads: int) -> list:
    barrier = threading.Barrier(threads)
    results: list = []
    errors: list = []

    def worker():
        try:
            barrier.wait()
            results.append(attempt())
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    return results
