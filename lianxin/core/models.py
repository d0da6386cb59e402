from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An inbox message (站内消息): every notice to a user is first a row here, read_at marks it read.

    Its deliveries by e-mail or SMS are `Delivery` rows (lianxin.core.notifications), so the
    message exists even when every outside channel is off or down.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"], name="core_notif_inbox"),
        ]

    def __str__(self) -> str:
        return self.subject


class Channel(models.TextChoices):
    """The channels outside the product; the inbox itself is always on."""

    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Delivery(models.Model):
    """One message to send by one outside channel, to the address captured when it was enqueued.

    A drain claims a row by setting claim/claimed_at in one UPDATE, so two workers never send it
    twice; a failed attempt leaves it pending with its error and the time of the next try.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Null for an SMS to a worker who has no account (a case's named worker).
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} {self.status}"


class DeliveryAttempt(models.Model):
    """Each try to send a delivery, and what the channel answered."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField()
    ok = models.BooleanField()
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"


class ChannelPreference(models.Model):
    """A user's choice for one outside channel, for one kind of notice ('' = every kind)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("on"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "channel"], name="core_channel_preference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind or '*'} {self.channel} {self.enabled}"


class NotifyPhone(models.Model):
    """The mobile a user with an account receives SMS notices on (chosen on the settings page)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_phone"
    )
    phone = models.CharField(_("mobile for SMS"), max_length=20)

    def __str__(self) -> str:
        return f"{self.user_id}"


class RateCounter(models.Model):
    """Hits per key in the current window, in the database so every app server shares them.

    Keys are keyed hashes (never a raw IP address), and nothing here points at a case.
    """

    key = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.count}"
