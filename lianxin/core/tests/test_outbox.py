"""The notifications outbox: an inbox row always, deliveries sent after commit in a task, claimed
once, retried with backoff, through e-mail and the SMS gateway."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from lianxin.core import notifications
from lianxin.core.models import ChannelPreference, Delivery, Notification, NotifyPhone

pytestmark = pytest.mark.django_db

RECORDING = "lianxin.core.tests.test_outbox.recording_sender"
delivered: list[int] = []
delivered_lock = threading.Lock()


def recording_sender(delivery: Delivery) -> None:
    with delivered_lock:
        delivered.append(delivery.pk)


@pytest.fixture(autouse=True)
def email_on(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LIANXIN_NOTIFY_CHANNELS = ["email"]
    settings.LIANXIN_NOTIFY_BACKEND = ""


def make_user(name: str = "zhang", email: str = "zhang@example.org", phone: str = "") -> User:
    user = User.objects.create_user(username=name, email=email, password="x")
    if phone:
        NotifyPhone.objects.create(user=user, phone=phone)
    return user


def write_note(user: User, subject: str = "案件已受理", kind: str = "test") -> Notification:
    [note] = notifications.enqueue_notifications(recipients=[user], kind=kind, subject=subject)
    return note


def make_due(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_every_notice_is_an_inbox_row_even_with_every_outside_channel_off(settings):
    settings.LIANXIN_NOTIFY_CHANNELS = []
    note = write_note(make_user())
    assert note.read_at is None
    assert Notification.objects.get().subject == "案件已受理"
    assert not Delivery.objects.exists()


def test_the_old_backend_setting_email_still_turns_email_on(settings):
    settings.LIANXIN_NOTIFY_CHANNELS = []
    settings.LIANXIN_NOTIFY_BACKEND = "email"
    write_note(make_user())
    assert Delivery.objects.get().channel == "email"


def test_a_failing_sms_gateway_leaves_the_delivery_pending_then_a_later_drain_sends_it(
    sms_gateway,
):
    # given a user who chose SMS, and a gateway that answers 500
    user = make_user(email="", phone="13812345678")
    ChannelPreference.objects.create(user=user, kind="", channel="sms", enabled=True)
    write_note(user, subject="案件已办结")
    delivery = Delivery.objects.get()
    sms_gateway.fail_with(500)
    # when the outbox is drained
    assert notifications.drain_outbox() == {"sent": 0, "failed": 1}
    # then the delivery is still pending, with the error, one attempt and a retry time
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.sent_at) == ("pending", 1, None)
    assert "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert (delivery.claim, delivery.claimed_at) == ("", None)
    # and a drain before the backoff has passed does not try again
    sms_gateway.recover()
    assert notifications.drain_outbox() == {"sent": 0, "failed": 0}
    # when the backoff has passed and the gateway is back
    make_due(delivery)
    assert notifications.drain_outbox() == {"sent": 1, "failed": 0}
    # then it is sent once, to the captured number, both attempts logged
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    [sms] = sms_gateway.sent
    assert sms["to"] == "13812345678"
    assert "案件已办结" in sms["text"]
    assert sms["id"] == delivery.pk
    assert [a.ok for a in delivery.attempt_log.all()] == [False, True]


def test_an_unreachable_gateway_is_a_failed_attempt_with_its_error(settings):
    settings.LIANXIN_NOTIFY_CHANNELS = ["sms"]
    settings.LIANXIN_SMS_GATEWAY_URL = "http://127.0.0.1:9/send"  # the discard port: refused
    settings.LIANXIN_SMS_TIMEOUT = 2
    user = make_user(phone="13812345678")
    ChannelPreference.objects.create(user=user, kind="", channel="sms", enabled=True)
    write_note(user)
    assert notifications.drain_outbox() == {"sent": 0, "failed": 1}
    delivery = Delivery.objects.get()
    assert delivery.status == "pending"
    assert "did not answer" in delivery.last_error


def test_after_the_last_attempt_the_delivery_is_failed_never_sent_and_still_visible(sms_gateway):
    user = make_user(phone="13812345678")
    ChannelPreference.objects.create(user=user, kind="", channel="sms", enabled=True)
    note = write_note(user)
    delivery = note.deliveries.get(channel="sms")
    Delivery.objects.filter(pk=delivery.pk).update(attempts=notifications.MAX_ATTEMPTS - 1)
    sms_gateway.fail_with(503)
    notifications.drain_outbox()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", notifications.MAX_ATTEMPTS)
    assert delivery.sent_at is None
    assert "HTTP 503" in delivery.last_error
    # a later drain never tries it again, and the inbox message stays
    sms_gateway.recover()
    make_due(delivery)
    notifications.drain_outbox()
    assert Delivery.objects.get(pk=delivery.pk).status == "failed"
    assert sms_gateway.sent == []
    assert Notification.objects.filter(pk=note.pk).exists()


def test_the_backoff_doubles_and_is_capped():
    assert notifications.backoff(1) == timedelta(minutes=1)
    assert notifications.backoff(2) == timedelta(minutes=2)
    assert notifications.backoff(4) == timedelta(minutes=8)
    assert notifications.backoff(30) == notifications.LONGEST_RETRY


def test_an_email_is_sent_through_djangos_mail_backend_with_the_link():
    user = make_user()
    notifications.enqueue_notifications(
        recipients=[user],
        kind="test",
        subject="您的诉求已办结",
        body="请查看办理结果",
        link="/cases/1/",
    )
    assert notifications.drain_outbox() == {"sent": 1, "failed": 0}
    [message] = mail.outbox
    assert message.to == ["zhang@example.org"]
    assert message.subject == "您的诉求已办结"
    assert "请查看办理结果" in message.body
    assert "/cases/1/" in message.body
    assert Delivery.objects.get().status == "sent"


def test_a_user_without_an_email_address_gets_no_email_delivery_but_the_inbox_row():
    note = write_note(make_user(email=""))
    assert not note.deliveries.exists()
    assert notifications.drain_outbox() == {"sent": 0, "failed": 0}
    assert mail.outbox == []


def test_an_unknown_channel_name_is_a_configuration_error(settings):
    settings.LIANXIN_NOTIFY_CHANNELS = ["carrier-pigeon"]
    with pytest.raises(notifications.ImproperlyConfigured):
        write_note(make_user())


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ([], {"email"}),  # the defaults: e-mail on (an address), SMS off
        ([("", "email", False)], set()),
        ([("", "sms", True)], {"email", "sms"}),
        ([("", "email", False), ("case_resolved", "email", True)], {"email"}),
        ([("case_resolved", "email", False), ("", "sms", True)], {"sms"}),
        ([("other_kind", "email", False)], {"email"}),
    ],
)
def test_each_users_choice_per_kind_and_channel_is_honoured(sms_gateway, choices, expected):
    user = make_user(phone="13812345678")
    for kind, channel, enabled in choices:
        ChannelPreference.objects.create(user=user, kind=kind, channel=channel, enabled=enabled)
    note = write_note(user, kind="case_resolved")
    assert set(note.deliveries.values_list("channel", flat=True)) == expected


def test_one_users_choice_does_not_change_another_users_deliveries():
    off = make_user("off", "off@example.org")
    on = make_user("on", "on@example.org")
    ChannelPreference.objects.create(user=off, kind="", channel="email", enabled=False)
    notifications.enqueue_notifications(recipients=[off, on, on], kind="test", subject="s")
    assert list(Delivery.objects.values_list("address", flat=True)) == ["on@example.org"]
    assert Notification.objects.count() == 2


def test_sms_is_never_sent_while_the_channel_is_off_even_if_the_user_chose_it(settings):
    user = make_user(email="", phone="13812345678")
    ChannelPreference.objects.create(user=user, kind="", channel="sms", enabled=True)
    note = write_note(user)
    assert not note.deliveries.exists()


def test_nothing_is_sent_inside_the_transaction_that_writes_the_notification(
    django_capture_on_commit_callbacks,
):
    user = make_user()
    # given a request's transaction that writes a notification
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            note = write_note(user)
            # then nothing is sent while the transaction is open
            assert mail.outbox == []
        assert note.deliveries.get().status == "pending"
        assert mail.outbox == []
    # when it commits, the drain is queued (the ImmediateBackend runs it at once)
    assert callbacks == [notifications.queue_drain]
    [message] = mail.outbox
    assert message.subject == note.subject
    assert note.deliveries.get().status == "sent"


def test_a_delivery_claimed_by_another_drain_is_left_alone():
    note = write_note(make_user())
    delivery = note.deliveries.get()
    token = notifications.claim_pending(limit=10)
    assert Delivery.objects.get(pk=delivery.pk).claim == token
    # a second drain finds nothing to claim while the first holds the row
    assert notifications.drain_outbox() == {"sent": 0, "failed": 0}
    # a claim left by a dead worker expires
    stale = timezone.now() - notifications.CLAIM_TIMEOUT - timedelta(minutes=1)
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=stale)
    assert notifications.drain_outbox() == {"sent": 1, "failed": 0}


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_drains_deliver_every_message_exactly_once(settings):
    """Real concurrent connections (threads, one connection each); SQLite's in-memory test
    database is shared by one connection, so this runs on PostgreSQL."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    settings.LIANXIN_NOTIFY_CHANNELS = ["email"]
    settings.LIANXIN_NOTIFY_SENDERS = {"email": RECORDING}
    for i in range(40):
        pending_delivery(make_user(f"u{i}", f"u{i}@example.org"), "email", f"u{i}@example.org")
    delivered.clear()
    # when six workers drain at once, a few rows per claim, until they find nothing left
    run_concurrently(drain_in_small_claims, threads=6)
    # then every message was delivered once, none twice
    assert sorted(delivered) == sorted(Delivery.objects.values_list("pk", flat=True))
    assert Delivery.objects.filter(status="sent").count() == 40
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_drains_send_each_sms_once_through_the_gateway(sms_gateway):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    for i in range(12):
        pending_delivery(make_user(f"s{i}", ""), "sms", f"1381234{i:04d}")
    run_concurrently(drain_in_small_claims, threads=4)
    ids = sorted(sms["id"] for sms in sms_gateway.sent)
    assert ids == sorted(Delivery.objects.values_list("pk", flat=True))
    assert Delivery.objects.filter(status="sent").count() == 12


def pending_delivery(user: User, channel: str, address: str) -> Delivery:
    """An inbox row and its pending delivery, written without queueing a drain."""
    note = Notification.objects.create(recipient=user, kind="test", subject="s")
    return Delivery.objects.create(
        notification=note, kind="test", channel=channel, address=address, subject="s", text="s"
    )


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


def test_a_failed_delivery_stays_visible_in_the_admin_with_its_error_and_masked_address(client):
    # given a delivery that failed for good
    user = make_user()
    delivery = write_note(user).deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status="failed", attempts=notifications.MAX_ATTEMPTS, last_error="GatewayError: HTTP 500"
    )
    admin = User.objects.create_superuser(username="admin", password="x")
    client.force_login(admin)
    # when an administrator lists the failed deliveries and opens it
    listing = client.get("/admin/core/delivery/?status__exact=failed").content.decode()
    page = client.get(f"/admin/core/delivery/{delivery.pk}/change/").content.decode()
    # then it is there, with its error, and the address masked
    assert f"/admin/core/delivery/{delivery.pk}/change/" in listing
    assert "GatewayError: HTTP 500" in page
    assert "z***@example.org" in page
    assert "zhang@example.org" not in page
