"""Who may read what a diary entry says about a person: phone numbers are masked for everyone else."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User

AnyUser = User | AnonymousUser


def may_see_diary_contacts(user: AnyUser, entry: Any) -> bool:
    """The one who wrote the entry down, and the handler of the named case it became."""
    if not user.is_authenticated:
        return False
    case = entry.case if entry.case_id is not None else None
    return entry.recorded_by_id == user.pk or (case is not None and case.handler_id == user.pk)
