"""The inbox's reads: a user only ever reads their own messages."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from lianxin.core.models import Channel, ChannelPreference, Notification, NotifyPhone
from lianxin.core.notifications import KIND_LABELS, Choices, preferences_of

AnyUser = User


def inbox_of(*, user: AnyUser) -> QuerySet[Notification]:
    """The user's messages, newest first."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


def unread_count(*, user: AnyUser) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def message_of(*, user: AnyUser, pk: int) -> Notification | None:
    """The message if it is the user's; None for another's, exactly like a missing one."""
    return inbox_of(user=user).filter(pk=pk).first()


def kinds_for(*, user: AnyUser) -> list[str]:
    """The kinds a user may choose channels for: the registered ones and any they received."""
    received = set(
        Notification.objects.filter(recipient_id=user.pk).values_list("kind", flat=True).distinct()
    )
    return sorted(set(KIND_LABELS) | received)


def choices_of(*, user: AnyUser) -> Choices:
    return preferences_of([user.pk])[user.pk] if user.pk else {}


def notify_phone_of(*, user: AnyUser) -> str:
    row = NotifyPhone.objects.filter(user_id=user.pk).first()
    return row.phone if row else ""


def explicit_preferences(*, user: AnyUser) -> QuerySet[ChannelPreference]:
    return ChannelPreference.objects.filter(user_id=user.pk, channel__in=Channel.values)
