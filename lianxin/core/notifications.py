"""Notifications: an inbox message for every notice, and its deliveries by e-mail or SMS.

- `enqueue_notifications(...)` writes one inbox row (`Notification`) per recipient and, for each
  outside channel the recipient wants for that kind (`ChannelPreference`, else the defaults), one
  `Delivery` with the address as it is now. Once the transaction commits it queues
  `drain_outbox_task` (django-tasks). Nothing is sent in the request itself.
- `enqueue_sms(...)` writes a delivery to a phone with no account behind it (a case's worker).
- `drain_outbox()` claims due pending deliveries with one UPDATE (`claim`, `claimed_at`), so two
  workers never send one twice (SQLite and PostgreSQL alike), then hands each to its channel's
  sender (`lianxin.core.channels`). Every attempt is logged (`DeliveryAttempt`).
- A failed attempt leaves the delivery pending with its error, its attempt count and the time of
  the next try (exponential backoff); after MAX_ATTEMPTS, or when it can never be sent
  (`Undeliverable`), it is marked failed — never sent.

Settings: `LIANXIN_NOTIFY_CHANNELS` (the outside channels that are on: "email", "sms"; the old
`LIANXIN_NOTIFY_BACKEND = "email"` also turns e-mail on), `LIANXIN_NOTIFY_SENDERS` (optional
{channel: dotted path} to replace a sender), and the SMS gateway's settings (channels.py).

In production `manage.py db_worker` runs the queued drains; retries need a periodic drain too
(`manage.py supervise` runs one), or::

    */5 * * * *  cd /srv/lianxin && .venv/bin/python manage.py shell -c \\
                 "from lianxin.core.notifications import drain_outbox_task; drain_outbox_task.enqueue()"
"""

import logging
import uuid
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from lianxin.core.channels import SENDERS, Sender, Undeliverable, email_text, sms_text
from lianxin.core.models import (
    Channel,
    ChannelPreference,
    Delivery,
    DeliveryAttempt,
    Notification,
    NotifyPhone,
)

__all__ = ["ImproperlyConfigured", "Undeliverable"]

logger = logging.getLogger("lianxin.notifications")

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# A claim older than this belongs to a worker that died mid-delivery: the row is claimable again.
CLAIM_TIMEOUT = timedelta(minutes=15)

# The kinds of notice a user may choose channels for, with their labels (apps register theirs).
KIND_LABELS: dict[str, Any] = {}


def register_kind(kind: str, label: Any) -> None:
    KIND_LABELS[kind] = label


# ---- which channels ------------------------------------------------------------------------------


def enabled_channels() -> frozenset[str]:
    """The outside channels switched on in settings (the inbox is always on)."""
    names = {n.strip() for n in getattr(settings, "LIANXIN_NOTIFY_CHANNELS", []) if n.strip()}
    if getattr(settings, "LIANXIN_NOTIFY_BACKEND", "") == "email":
        names.add(Channel.EMAIL)
    unknown = names - set(Channel.values)
    if unknown:
        raise ImproperlyConfigured(
            f"LIANXIN_NOTIFY_CHANNELS {sorted(unknown)!r}: use {', '.join(Channel.values)}"
        )
    return frozenset(names)


Choices = dict[tuple[str, str], bool]


def preferences_of(user_ids: Collection[int]) -> dict[int, Choices]:
    """Each user's explicit choices, {(kind, channel): on}, in one query."""
    found: dict[int, Choices] = {pk: {} for pk in user_ids}
    rows = ChannelPreference.objects.filter(user_id__in=list(user_ids))
    for row in rows.values_list("user_id", "kind", "channel", "enabled"):
        found[row[0]][(row[1], row[2])] = row[3]
    return found


def wants(choices: Choices, kind: str, channel: str, *, has_address: bool) -> bool:
    """A choice for this kind, else for every kind, else the default: e-mail on when the user has
    an address, SMS off unless chosen. Never a channel without an address."""
    if not has_address:
        return False
    for key in ((kind, channel), ("", channel)):
        if key in choices:
            return choices[key]
    return channel == Channel.EMAIL


def with_channel_choices(users: QuerySet[User]) -> QuerySet[User]:
    """Recipients read together with their choices and SMS phone, so that writing their notices
    later reads nothing more (a service may read them before its transaction writes)."""
    return users.select_related("notify_phone").prefetch_related("channel_preferences")


def _choices_of(users: list[User]) -> dict[int, Choices]:
    """Each user's choices: from the prefetched rows when they were read with them, else one query."""
    found: dict[int, Choices] = {}
    missing = []
    for user in users:
        cached = getattr(user, "_prefetched_objects_cache", {}).get("channel_preferences")
        if cached is None:
            missing.append(user.pk)
        else:
            found[user.pk] = {(row.kind, row.channel): row.enabled for row in cached}
    return {**found, **(preferences_of(missing) if missing else {})}


def _phones_of(users: list[User]) -> dict[int, str]:
    cached = {u.pk for u in users if User.notify_phone.is_cached(u)}
    found = {u.pk: u.notify_phone.phone for u in users if u.pk in cached and _has_phone(u)}
    rest = [u.pk for u in users if u.pk not in cached]
    if rest:
        rows = NotifyPhone.objects.filter(user_id__in=rest).values_list("user_id", "phone")
        found.update(dict(rows))
    return found


def _has_phone(user: User) -> bool:
    try:
        return bool(user.notify_phone.phone)
    except NotifyPhone.DoesNotExist:
        return False


def _addresses(users: list[User], channels: frozenset[str]) -> dict[str, dict[int, str]]:
    found: dict[str, dict[int, str]] = {Channel.EMAIL: {u.pk: u.email for u in users if u.email}}
    if Channel.SMS in channels:
        found[Channel.SMS] = _phones_of(users)
    return found


# ---- writing ------------------------------------------------------------------------------------


def enqueue_notifications(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: str,
    body: str = "",
    link: str = "",
    channels: Collection[str] | None = None,
) -> list[Notification]:
    """One inbox row per distinct recipient, and its deliveries; a drain is queued on commit.

    `channels` narrows the outside channels tried (None: every enabled one)."""
    users = list({user.pk: user for user in recipients}.values())
    rows = [
        Notification(recipient=user, kind=kind, subject=subject, body=body, link=link)
        for user in users
    ]
    created = Notification.objects.bulk_create(rows)
    outside = enabled_channels()
    if channels is not None:
        outside = outside & frozenset(channels)
    deliveries = _deliveries_for(created, outside) if outside and created else []
    Delivery.objects.bulk_create(deliveries)
    if deliveries:
        transaction.on_commit(queue_drain)
    return created


def _deliveries_for(notes: list[Notification], channels: frozenset[str]) -> list[Delivery]:
    users = [note.recipient for note in notes]
    choices = _choices_of(users)
    addresses = _addresses(users, channels)
    deliveries = []
    for note in notes:
        for channel in sorted(channels):
            address = addresses.get(channel, {}).get(note.recipient_id, "")
            mine = choices[note.recipient_id]
            if wants(mine, note.kind, channel, has_address=bool(address)):
                deliveries.append(_delivery(note, channel, address))
    return deliveries


def _delivery(note: Notification, channel: str, address: str) -> Delivery:
    if channel == Channel.SMS:
        text = sms_text(note.kind, subject=note.subject)
    else:
        text = email_text(note.body, note.link)
    return Delivery(
        notification=note, kind=note.kind, channel=channel, address=address,
        subject=note.subject, text=text,
    )  # fmt: skip


def enqueue_sms(
    *, phone: str, kind: str, params: dict[str, Any], notification: Notification | None = None
) -> Delivery | None:
    """An SMS to a phone (a case's named worker, who may have no account), from the kind's
    template; None when the SMS channel is off or there is no phone."""
    if not phone or Channel.SMS not in enabled_channels():
        return None
    delivery = Delivery.objects.create(
        notification=notification, kind=kind, channel=Channel.SMS, address=phone,
        text=sms_text(kind, **params),
    )  # fmt: skip
    transaction.on_commit(queue_drain)
    return delivery


def queue_drain() -> None:
    """Queue a drain; if the queue is down the deliveries stay pending for the periodic drain."""
    try:
        drain_outbox_task.enqueue()
    except Exception:
        logger.exception("queueing the notifications drain failed; the deliveries stay pending")


# ---- the drain -----------------------------------------------------------------------------------


def sender_for(channel: str) -> Sender:
    """The channel's sender: LIANXIN_NOTIFY_SENDERS may replace it by a dotted path."""
    override = getattr(settings, "LIANXIN_NOTIFY_SENDERS", {}).get(channel)
    if override:
        sender: Sender = import_string(override)
        return sender
    return SENDERS[channel]


def _claimable(now: datetime, channels: Collection[str]) -> QuerySet[Delivery]:
    return Delivery.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status=Delivery.Status.PENDING,
        channel__in=list(channels),
    )


def claim_pending(limit: int, now: datetime | None = None) -> str:
    """Claim up to `limit` due deliveries of the enabled channels; returns the claim token.

    The UPDATE repeats the claimable condition, so a row another drain claimed in between is
    left alone (on PostgreSQL the second UPDATE waits for the first and re-checks the row)."""
    now = now or timezone.now()
    channels = enabled_channels()
    token = uuid.uuid4().hex
    claimable = _claimable(now, channels).order_by("created_at", "pk")
    ids = list(claimable.values_list("pk", flat=True)[:limit])
    if ids:
        _claimable(now, channels).filter(pk__in=ids).update(claim=token, claimed_at=now)
    return token


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4… minutes, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _settle(delivery: Delivery, token: str, error: Exception | None) -> None:
    """Record one attempt: sent, or failed (pending again after the backoff, or failed for good)."""
    now = timezone.now()
    attempts = delivery.attempts + 1
    if error is None:
        changes: dict[str, Any] = {"status": Delivery.Status.SENT, "sent_at": now, "last_error": ""}
    else:
        gave_up = attempts >= MAX_ATTEMPTS or isinstance(error, Undeliverable)
        logger.warning("delivery %s attempt %s failed: %s", delivery.pk, attempts, error)
        changes = {
            "status": Delivery.Status.FAILED if gave_up else Delivery.Status.PENDING,
            "last_error": f"{type(error).__name__}: {error}"[:2000],
            "next_attempt_at": now + backoff(attempts),
        }
    mine = Delivery.objects.filter(pk=delivery.pk, claim=token)
    if mine.update(attempts=F("attempts") + 1, claim="", claimed_at=None, **changes):
        DeliveryAttempt.objects.create(
            delivery=delivery, at=now, ok=error is None, error=changes["last_error"]
        )


def drain_outbox(limit: int = 500) -> dict[str, int]:
    """Send the due pending deliveries; returns how many were sent and how many failed."""
    token = claim_pending(limit)
    sent = failed = 0
    for delivery in Delivery.objects.filter(claim=token).order_by("pk"):
        try:
            sender_for(delivery.channel)(delivery)
        except Exception as error:  # any channel failure keeps the row for a later attempt
            _settle(delivery, token, error)
            failed += 1
        else:
            _settle(delivery, token, None)
            sent += 1
    return {"sent": sent, "failed": failed}


def deliver_pending(limit: int = 500) -> int:
    """Kept for callers of the old name: drain now, returns how many were sent."""
    return drain_outbox(limit)["sent"]


@task()
def drain_outbox_task(limit: int = 500) -> dict[str, Any]:
    """The background drain, run by `manage.py db_worker` (at once under the ImmediateBackend)."""
    return drain_outbox(limit)
