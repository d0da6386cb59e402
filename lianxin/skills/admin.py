"""Browsing certificates and credit lines; the credit rules are edited here, through the service."""

from typing import Any

from django.contrib import admin

from lianxin.skills import services
from lianxin.skills.models import Certificate, CreditLine, CreditRule


@admin.register(CreditRule)
class CreditRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "level", "rank_from", "rank_to", "credits", "is_active", "note"]
    list_filter = ["kind", "is_active"]
    list_editable = ["credits", "is_active"]

    def save_model(self, request: Any, obj: CreditRule, form: Any, change: bool) -> None:
        """A changed rule applies to credits written from now on; the change is journalled."""
        services.save_credit_rule(actor=request.user, rule=obj, changed=list(form.changed_data))

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # lines point at their rule: switch a rule off instead


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(CreditLine)
class CreditLineAdmin(ReadOnly):
    list_display = ["person", "kind", "credits", "on", "source"]
    list_filter = ["kind"]
    search_fields = ["source"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnly):
    list_display = ["person", "trade", "level", "issuer", "issued_on", "number"]
    list_filter = ["level"]
    search_fields = ["number", "trade"]
