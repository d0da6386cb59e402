"""Browsing proposals and meetings in the admin; every change goes through the services."""

from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.proposals.models import Meeting, Proposal, Resolution, RewardRule


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["pk", "title", "enterprise", "status", "realised_benefit", "reward_amount"]
    list_filter = ["status"]
    search_fields = ["title", "proposers__name"]
    list_select_related = ["enterprise"]


@admin.register(RewardRule)
class RewardRuleAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "label", "min_benefit", "base_amount", "percent", "max_amount"]
    list_select_related = ["enterprise"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "org", "held_at", "place", "minutes_published_at"]
    search_fields = ["title"]
    list_select_related = ["org"]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ["text", "meeting", "owner_name", "due", "status"]
    list_filter = ["status"]
    list_select_related = ["meeting"]
