from django.contrib import admin

from lianxin.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: events are browsed, never edited or deleted."""

    list_display = ["target_type", "target_id", "seq", "kind", "actor_label", "at", "visibility"]
    list_filter = ["target_type", "kind", "visibility"]
    search_fields = ["target_id", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
