from django.contrib import admin

from lianxin.cases.models import Case, Category
from lianxin.core.admin import ReadOnlyAdmin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """The taxonomy is edited here; the keys are stable (API, imports and the classifier use them)."""

    list_display = [
        "key", "name", "name_en", "response_value", "response_unit",
        "resolution_value", "resolution_unit", "sort_order", "is_active",
    ]  # fmt: skip
    list_editable = ["sort_order", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["key"] if obj else []


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Browsing only: every change to a case goes through the ledger's services."""

    list_display = [
        "number",
        "title",
        "status",
        "category",
        "origin_org",
        "owner_org",
        "registered_at",
    ]
    list_filter = ["status", "channel", "urgency", "category"]
    search_fields = ["number", "title"]
    # Personal data is not shown here: phone numbers are for the handler, in the ledger.
    exclude = ["worker_phone"]
