from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.core.errors import DomainError
from lianxin.intake.models import Open311Key, Open311Request, OrgLocation
from lianxin.intake.services import open311 as open311_services


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):
    """Keys are issued and revoked through the services; the raw key is shown once, on issue."""

    list_display = ["app_name", "hint", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["app_name"]
    fields = ["app_name"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            return  # an issued key is never edited: revoke it and issue a new one
        key, raw = open311_services.issue_key(app_name=obj.app_name, actor=request.user)
        obj.pk, obj.key_hash, obj.hint, obj.created_at = (
            key.pk,
            key.key_hash,
            key.hint,
            key.created_at,
        )
        messages.warning(
            request,
            _("The API key for %(app)s is %(key)s — copy it now: it is shown only this once.")
            % {"app": key.app_name, "key": raw},
        )

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the requests a key posted keep their sender

    @admin.action(description=gettext_lazy("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for key in queryset:
            try:
                open311_services.revoke_key(key_id=key.pk, actor=request.user)
            except DomainError as error:
                messages.error(request, f"{key}: {error.message}")


@admin.register(Open311Request)
class Open311RequestAdmin(ReadOnlyAdmin):
    """Browsing only: a request is its case, handled in the ledger."""

    list_display = ["case", "key", "media_url"]
    list_filter = ["key"]
    search_fields = ["case__number"]
    exclude = ["email", "token"]  # the requester's email is for the handler, in the ledger


@admin.register(OrgLocation)
class OrgLocationAdmin(admin.ModelAdmin):
    """Where an org is: a request posted with only lat/long goes to the nearest one in reach."""

    list_display = ["org", "latitude", "longitude", "radius_km"]
    search_fields = ["org__name", "org__code"]
    autocomplete_fields = ["org"]
