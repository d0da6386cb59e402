from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lianxin.orgs.forms import OrgAdminForm
from lianxin.orgs.models import Org, PartnerType, Role
from lianxin.orgs.services import create_org, grant_role, move_org, revoke_role, update_org


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(PartnerType)
class PartnerTypeAdmin(admin.ModelAdmin):
    """Partner types are data: an admin adds one (社区, 医院, …) and its orgs refer and report back
    like any partner. The code is fixed once saved: the orgs of the type store it."""

    list_display = ["code", "name", "name_en", "keywords", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["code", "name", "name_en"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    """Tree changes go through the services, so paths and the journal stay right."""

    form = OrgAdminForm
    list_display = ["name", "code", "kind", "parent", "region", "is_active"]
    list_filter = ["kind", "partner_type", "is_active"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent"]
    inlines = [RoleInline]
    readonly_fields = ["path"]

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in form.cleaned_data if f not in {"parent"}}
        if not change:
            saved = create_org(actor=request.user, parent=form.cleaned_data["parent"], **data)
            obj.pk, obj.path = saved.pk, saved.path
            return
        if "parent" in form.changed_data:
            move_org(actor=request.user, org=obj, new_parent=form.cleaned_data["parent"])
        update_org(actor=request.user, org=obj, **data)

    def save_formset(self, request, form, formset, change):
        # Roles are granted and revoked through the services, so each change is journaled.
        changed = formset.save(commit=False)
        for obj in formset.deleted_objects:
            revoke_role(actor=request.user, user=obj.user, org=obj.org, role=obj.role)
        for obj in changed:
            if obj.pk:
                old = Role.objects.get(pk=obj.pk)
                revoke_role(actor=request.user, user=old.user, org=old.org, role=old.role)
            grant_role(actor=request.user, user=obj.user, org=form.instance, role=obj.role)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "org", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "org__name"]
    autocomplete_fields = ["user", "org"]

    def save_model(self, request, obj, form, change):
        if change:
            old = Role.objects.get(pk=obj.pk)
            revoke_role(actor=request.user, user=old.user, org=old.org, role=old.role)
        saved = grant_role(actor=request.user, user=obj.user, org=obj.org, role=obj.role)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        revoke_role(actor=request.user, user=obj.user, org=obj.org, role=obj.role)

    def delete_queryset(self, request, queryset):
        # The changelist's bulk delete revokes one by one, so every revocation is journalled.
        for obj in queryset.select_related("user", "org"):
            self.delete_model(request, obj)


admin.site.site_header = _("Lianxin administration")
admin.site.site_title = _("Lianxin")
