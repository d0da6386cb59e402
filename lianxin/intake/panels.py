"""What the case page shows of where a case came in, registered into `cases.hooks` by IntakeConfig."""

from typing import Any

from django.http import HttpRequest

from lianxin.cases.hooks import CasePanel
from lianxin.cases.models import Case
from lianxin.cases.permissions import visible_cases
from lianxin.core.masking import mask_phones_in
from lianxin.intake.models import DiaryEntry, Open311Request
from lianxin.intake.permissions_visits import may_see_diary_contacts
from lianxin.members.hooks import PersonPanel
from lianxin.members.selectors import linked_user_id


def diary_origin(request: HttpRequest, case: Case | None) -> dict[str, Any] | None:
    """The visit-day diary entry a named case was raised from (an anonymous one has none)."""
    entry = (
        DiaryEntry.objects.select_related("visit__org", "team").filter(case=case).first()
        if case is not None
        else None
    )
    if entry is None:
        return None
    # The place is free text: a phone written into it is the diary's, masked as on the visit page.
    may_see = may_see_diary_contacts(request.user, entry)
    return {"entry": entry, "place": entry.place if may_see else mask_phones_in(entry.place)}


def open311_photo(request: HttpRequest, case: Case | None) -> dict[str, Any] | None:
    """The photo a 随手拍 report posted over Open311 links to."""
    media_url = (
        Open311Request.objects.filter(case=case).values_list("media_url", flat=True).first()
        if case is not None
        else None
    )
    return {"media_url": media_url} if media_url else None


PANELS = [
    CasePanel(slot="case_header", template="intake/visits/_case_origin.html", context=diary_origin),
    CasePanel(slot="case_facts", template="intake/_case_open311_photo.html", context=open311_photo),
]


# ---- what a person's page in the member registry shows (members.hooks) ----------------------------


def person_cases(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The person's named cases: raised from their own account (Case.worker_user, through
    Person.user) and visible to the viewer. An anonymous case has no worker_user and is never listed."""
    user_id = linked_user_id(person)
    if user_id is None:
        return None
    rows = (
        visible_cases(request.user)
        .filter(worker_user_id=user_id, is_anonymous=False)
        .select_related("origin_org")
        .order_by("-registered_at")[:20]
    )
    cases = list(rows)
    return {"person_cases": cases} if cases else None


PERSON_PANELS = [
    PersonPanel(slot="person_main", template="intake/_person_cases.html", context=person_cases)
]
