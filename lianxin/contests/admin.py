"""Browsing contests in the admin; every change goes through the contests' services."""

from django.contrib import admin

from lianxin.contests.models import Challenge, Contest, Entry, Participant
from lianxin.core.admin import ReadOnlyAdmin


@admin.register(Contest)
class ContestAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner_org", "starts_on", "ends_on", "is_public"]
    search_fields = ["title"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "contest", "enterprise"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["title", "participant", "track", "stage", "status", "score", "submitted_at"]
    list_filter = ["status", "stage__kind"]
    search_fields = ["title"]


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ["title", "org", "status", "deadline", "posted_at"]
    list_filter = ["status"]
    search_fields = ["title"]
