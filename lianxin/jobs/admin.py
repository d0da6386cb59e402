"""Browsing jobs in the admin: read-only (every change is a service, from the pages or the API)."""

from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.jobs.models import Application, JobPost, LiveSession


@admin.register(JobPost)
class JobPostAdmin(ReadOnlyAdmin):
    list_display = ["title", "enterprise", "org", "kind", "site", "state", "posted_at"]
    list_filter = ["kind", "state", "wage_unit"]
    list_select_related = ["enterprise", "org"]
    search_fields = ["title", "place", "site"]


@admin.register(LiveSession)
class LiveSessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "org", "host", "starts_at", "viewers"]
    list_select_related = ["org", "host"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "person", "post", "session", "state", "applied_at"]
    list_filter = ["state"]
    list_select_related = ["post", "session", "person"]
