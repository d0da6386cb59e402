from django.contrib import admin

from lianxin.audit.models import Event
from lianxin.core.admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """Read-only: events are browsed, never edited or deleted."""

    list_display = ["target_type", "target_id", "seq", "kind", "actor_label", "at", "visibility"]
    list_filter = ["target_type", "kind", "visibility"]
    search_fields = ["target_id", "note"]
