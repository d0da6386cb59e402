"""Browsing activities in the admin: read-only (every change goes through a service and its journal);
persons appear by id only."""

from django.contrib import admin

from lianxin.activities.models import Activity, Attendance, Session, SignUp
from lianxin.core.admin import ReadOnlyAdmin


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["pk", "title", "kind", "org", "capacity", "signup_closes", "starts_on"]
    list_filter = ["kind", "members_only"]
    list_select_related = ["org"]
    search_fields = ["title"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "activity", "starts_at", "label"]
    list_select_related = ["activity"]


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyAdmin):
    list_display = ["pk", "activity", "person", "state", "position", "created_at"]
    list_filter = ["state"]
    list_select_related = ["activity", "person"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["pk", "session", "signup", "marked_at"]
