"""Tokens in the admin: browse, create (shown once) and revoke, always through the services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.api import services
from lianxin.api.models import ApiToken
from lianxin.core.errors import DomainError


class NewTokenForm(forms.ModelForm):
    user = forms.ModelChoiceField(
        label=gettext_lazy("user"), queryset=User.objects.filter(is_active=True)
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NewTokenForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj else ["user", "name"]

    def save_model(self, request, obj, form, change):
        """Creation goes through the service; the admin shows the token this once."""
        if change:
            return
        new = services.create_token(
            actor=request.user, user=form.cleaned_data["user"], name=form.cleaned_data["name"]
        )
        obj.pk, obj.prefix, obj.created_at = new.row.pk, new.row.prefix, new.row.created_at
        messages.warning(
            request,
            _("Token for %(user)s: %(token)s — copy it now, it is shown this once.")
            % {"user": new.row.user.get_username(), "token": new.token},
        )

    def has_add_permission(self, request):
        return request.user.is_superuser  # others create their own on their tokens page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, for the record

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        done = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                services.revoke_token(actor=request.user, token_id=token.pk)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                done += 1
        messages.success(request, _("%(count)d tokens revoked.") % {"count": done})
