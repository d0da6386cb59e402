"""Browsing the insights rows; decisions are made on the pages, through the services."""

from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.insights.models import CategoryCorrection, DuplicateFlag, MonthlyFocus


@admin.register(CategoryCorrection)
class CategoryCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["at", "suggested", "chosen", "source", "by"]
    list_filter = ["chosen", "source"]
    search_fields = ["text"]


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(ReadOnlyAdmin):
    list_display = ["case", "candidate", "score", "reason", "status", "decided_by", "decided_at"]
    list_filter = ["status", "reason"]
    list_select_related = ["case", "candidate", "decided_by"]


@admin.register(MonthlyFocus)
class MonthlyFocusAdmin(ReadOnlyAdmin):
    list_display = ["month", "org", "label", "adopted_by", "adopted_at"]
    list_select_related = ["org", "adopted_by"]
