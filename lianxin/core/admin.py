"""The admin's shared pieces: most of Lianxin is browsed in the admin, never changed there."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lianxin.core.masking import mask_phone
from lianxin.core.models import Channel, Delivery, DeliveryAttempt


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browsing only: every change goes through the owning app's services (and its journal)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ("at", "ok", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """E-mails and SMS: what is pending, what was sent, and what failed for good (with its error).
    The address is shown masked; the message text is not listed."""

    list_display = ("created_at", "kind", "channel", "masked_address", "status", "attempts")
    list_filter = ("status", "channel", "kind")
    fields = (
        "kind", "channel", "masked_address", "status", "attempts", "last_error",
        "next_attempt_at", "sent_at", "created_at",
    )  # fmt: skip
    readonly_fields = fields
    inlines = [DeliveryAttemptInline]

    @admin.display(description=_("address"))
    def masked_address(self, delivery: Delivery) -> str:
        if delivery.channel == Channel.SMS:
            return mask_phone(delivery.address)
        name, _at, domain = delivery.address.partition("@")
        return f"{name[:1]}***@{domain}"
