"""Write to the notifications outbox and deliver what is pending through the configured backend."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lianxin.core.models import Notification

logger = logging.getLogger("lianxin.notifications")


def enqueue_notifications(
    *,
    recipients: Iterable[User],
    kind: str,
    subject: str,
    body: str = "",
    link: str = "",
) -> list[Notification]:
    """One outbox row per distinct recipient; delivery happens after the transaction commits."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, subject=subject, body=body, link=link))
    created = Notification.objects.bulk_create(rows)
    if created:
        transaction.on_commit(deliver_pending)
    return created


def deliver_pending(limit: int = 500) -> int:
    """Hand pending notifications to the backend; the log backend just records them."""
    backend = settings.LIANXIN_NOTIFY_BACKEND
    pending = list(Notification.objects.filter(status=Notification.Status.PENDING)[:limit])
    for note in pending:
        if backend == "log":
            logger.info("notify %s [%s] %s", note.recipient_id, note.kind, note.subject)
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
        status=Notification.Status.SENT, sent_at=now
    )
    return len(pending)
