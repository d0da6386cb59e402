"""Browsing the registry in the admin: read-only, and never a plain personal field (masked only)."""

from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.core.masking import mask_name
from lianxin.members.models import Membership, MembershipTarget, Person, Workforce


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["pk", "masked_name", "employment_form", "created_at", "erased_at"]
    list_filter = ["employment_form", "gender"]
    fields = ["gender", "birth_year", "employment_form", "platform_or_employer", "user",
              "merged_into", "created_at", "erased_at"]  # fmt: skip

    @admin.display(description="name")
    def masked_name(self, obj: Person) -> str:
        return mask_name(obj.name)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["pk", "person", "org", "state", "channel", "joined_on", "card_number"]
    list_filter = ["state", "channel"]
    list_select_related = ["org", "person"]
    exclude = ["reason_sealed"]


@admin.register(Workforce)
class WorkforceAdmin(ReadOnlyAdmin):
    list_display = ["org", "on", "total", "gig"]


@admin.register(MembershipTarget)
class MembershipTargetAdmin(ReadOnlyAdmin):
    list_display = ["org", "year", "rate", "gig_only"]
