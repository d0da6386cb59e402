"""The inbox's writes: reading messages and choosing channels, each only ever the user's own."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from lianxin.core.models import ChannelPreference, Notification, NotifyPhone
from lianxin.core.selectors import message_of

AnyUser = User


def mark_read(*, user: AnyUser, pk: int) -> Notification | None:
    """Mark one of the user's messages read (once); None when it is not theirs."""
    note = message_of(user=user, pk=pk)
    if note is not None and note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def mark_all_read(*, user: AnyUser) -> int:
    """Mark every unread message of the user read; returns how many."""
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def save_channel_choices(
    *, user: AnyUser, channels: list[str], kinds: list[str], on: set[tuple[str, str]], phone: str
) -> None:
    """Store the user's choices: the every-kind row for each channel, and a kind's own row only
    where it differs from it. `on` holds the ticked (kind, channel) pairs; kind '' is every kind."""
    rows = ChannelPreference.objects.filter(user_id=user.pk)
    rows.filter(channel__in=channels).delete()
    keep = []
    for channel in channels:
        every = ("", channel) in on
        keep.append(ChannelPreference(user_id=user.pk, kind="", channel=channel, enabled=every))
        for kind in kinds:
            if ((kind, channel) in on) != every:
                keep.append(
                    ChannelPreference(
                        user_id=user.pk, kind=kind, channel=channel, enabled=not every
                    )
                )
    ChannelPreference.objects.bulk_create(keep)
    if phone:
        NotifyPhone.objects.update_or_create(user_id=user.pk, defaults={"phone": phone})
    else:
        NotifyPhone.objects.filter(user_id=user.pk).delete()
