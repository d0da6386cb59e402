"""The notifications outbox: services write rows in their transaction, a worker delivers them.

- `enqueue_notifications(...)` writes one row per recipient and, once the transaction commits,
  queues `drain_outbox_task` (django-tasks). Nothing is delivered in the request itself.
- `drain_outbox()` claims pending rows with one UPDATE (`claim`, `claimed_at`), so two workers
  never deliver a row twice (SQLite and PostgreSQL alike), then hands each to the backend.
- The backend is chosen by `settings.LIANXIN_NOTIFY_BACKEND`: "log" (the default), "email"
  (Django's `send_mail`, through settings.EMAIL_BACKEND), or the dotted path of a function
  `fn(notification) -> None` (a gateway plugs in here). A backend raises to say "not delivered".
- A failed attempt leaves the row pending with its error, its attempt count and the time of the
  next try (exponential backoff); after MAX_ATTEMPTS, or when it can never be delivered
  (`Undeliverable`, e.g. a recipient without an e-mail address), it is marked failed.

In production `manage.py db_worker` runs the queued drains; retries need a periodic drain too::

    */5 * * * *  cd /srv/lianxin && .venv/bin/python manage.py shell -c \\
                 "from lianxin.core.notifications import drain_outbox_task; drain_outbox_task.enqueue()"
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from lianxin.core.models import Notification

logger = logging.getLogger("lianxin.notifications")

Backend = Callable[[Notification], None]

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# A claim older than this belongs to a worker that died mid-delivery: the row is claimable again.
CLAIM_TIMEOUT = timedelta(minutes=15)


class Undeliverable(Exception):
    """The backend can never deliver this notification (retrying would not help)."""


def enqueue_notifications(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: str,
    body: str = "",
    link: str = "",
) -> list[Notification]:
    """One outbox row per distinct recipient; a drain is queued once the transaction commits."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, subject=subject, body=body, link=link))
    created = Notification.objects.bulk_create(rows)
    if created:
        transaction.on_commit(queue_drain)
    return created


def queue_drain() -> None:
    """Queue a drain; if the queue is down the rows stay pending for the periodic drain."""
    try:
        drain_outbox_task.enqueue()
    except Exception:
        logger.exception("queueing the notifications drain failed; the rows stay pending")


# ---- backends ------------------------------------------------------------------------------------


def deliver_by_log(note: Notification) -> None:
    logger.info("notify %s [%s] %s", note.recipient_id, note.kind, note.subject)


def deliver_by_email(note: Notification) -> None:
    address = note.recipient.email
    if not address:
        raise Undeliverable(f"user {note.recipient_id} has no e-mail address")
    body = f"{note.body}\n\n{note.link}".strip() if note.link else note.body
    send_mail(note.subject, body, None, [address], fail_silently=False)


BACKENDS: dict[str, Backend] = {"log": deliver_by_log, "email": deliver_by_email}


def configured_backend() -> Backend:
    name = settings.LIANXIN_NOTIFY_BACKEND
    if name in BACKENDS:
        return BACKENDS[name]
    if "." in name:
        backend: Backend = import_string(name)
        return backend
    raise ImproperlyConfigured(f"LIANXIN_NOTIFY_BACKEND {name!r}: use log, email or a dotted path")


# ---- the drain -----------------------------------------------------------------------------------


def _claimable(now: datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status=Notification.Status.PENDING,
    )


def claim_pending(limit: int, now: datetime | None = None) -> str:
    """Claim up to `limit` due rows for this drain; returns the claim token.

    The UPDATE repeats the claimable condition, so a row another drain claimed in between is
    left alone (on PostgreSQL the second UPDATE waits for the first and re-checks the row)."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    ids = list(_claimable(now).order_by("created_at", "pk").values_list("pk", flat=True)[:limit])
    if ids:
        _claimable(now).filter(pk__in=ids).update(claim=token, claimed_at=now)
    return token


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4… minutes, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _record_failure(note: Notification, token: str, error: Exception) -> None:
    attempts = note.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS or isinstance(error, Undeliverable)
    logger.warning("notification %s attempt %s failed: %s", note.pk, attempts, error)
    Notification.objects.filter(pk=note.pk, claim=token).update(
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=timezone.now() + backoff(attempts),
        status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
        claim="",
        claimed_at=None,
    )


def _record_sent(note: Notification, token: str) -> None:
    Notification.objects.filter(pk=note.pk, claim=token).update(
        attempts=F("attempts") + 1,
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        claim="",
        claimed_at=None,
    )


def drain_outbox(limit: int = 500) -> dict[str, int]:
    """Deliver the due pending notifications; returns how many were sent and how many failed."""
    backend = configured_backend()
    token = claim_pending(limit)
    sent = failed = 0
    for note in Notification.objects.filter(claim=token).select_related("recipient"):
        try:
            backend(note)
        except Exception as error:  # any backend failure keeps the row for a later attempt
            _record_failure(note, token, error)
            failed += 1
        else:
            _record_sent(note, token)
            sent += 1
    return {"sent": sent, "failed": failed}


def deliver_pending(limit: int = 500) -> int:
    """Kept for callers of the old name: drain now, returns how many were sent."""
    return drain_outbox(limit)["sent"]


@task()
def drain_outbox_task(limit: int = 500) -> dict[str, Any]:
    """The background drain, run by `manage.py db_worker` (at once under the ImmediateBackend)."""
    return drain_outbox(limit)
