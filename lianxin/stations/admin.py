"""Stations in the admin: created and changed through the services (journalled), closed by an
action, never deleted; the service log is browsed only (the 站长 enters it on the log page)."""

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.core.errors import DomainError
from lianxin.stations.forms import StationAdminForm
from lianxin.stations.models import ServiceLog, Station
from lianxin.stations.services import close_station, save_station


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    form = StationAdminForm
    list_display = ["code", "name", "district", "org", "manager", "closed_on"]
    list_filter = ["district", "closed_on"]
    list_select_related = ["org", "manager"]
    search_fields = ["code", "name", "address"]
    autocomplete_fields = ["org", "manager"]
    readonly_fields = ["closed_on"]
    actions = ["close_for_good"]

    def save_model(self, request: HttpRequest, obj: Station, form: Any, change: bool) -> None:
        save_station(actor=request.user, station=obj, changed=list(form.changed_data))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a closed station keeps its page and its figures: close it instead

    @admin.action(description=_("Close the selected stations for good"))
    def close_for_good(self, request: HttpRequest, queryset: Any) -> None:
        for station in queryset:
            try:
                close_station(actor=request.user, station_id=station.pk)
            except DomainError as exc:
                self.message_user(request, f"{station.code}: {exc.message}", messages.WARNING)


@admin.register(ServiceLog)
class ServiceLogAdmin(ReadOnlyAdmin):
    list_display = ["station", "day", "visitors", "meals_heated", "charges",
                    "legal_consultations", "job_referrals", "entered_by"]  # fmt: skip
    list_filter = ["day"]
    list_select_related = ["station", "entered_by"]
    search_fields = ["station__code", "station__name"]
